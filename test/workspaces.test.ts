// Guarantee 2: a run on an issue reuses the issue's OPEN workspace; updateIssue changes the issue
// and its workspace's config in one transaction, bumps configVersion, and every workspaceChanged
// subscriber on every replica hears of it. Two real server processes share one database and Redis.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { print } from "graphql";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData, subscribe, type Subscription } from "./support/graphql-client.js";
import { createIssue, FinishRun, seedCompany } from "./support/fixtures.js";
import { startServer, TEST_ADMIN_TOKEN, type ServerProcess } from "./support/server-process.js";

const UpdateIssue = graphql(`
  mutation WsUpdateIssue($input: UpdateIssueInput!) {
    updateIssue(input: $input) { id title status workspaceConfig workspace { id configVersion } }
  }
`);
const StartRun = graphql(`
  mutation WsStartRun($input: StartRunInput!) { startRun(input: $input) { id status workspace { id configVersion config } } }
`);
const ClaimRun = graphql(`
  mutation WsClaimRun($input: ClaimRunInput!) {
    claimRun(input: $input) { run { id status } lease { id } workspace { id config configVersion status } }
  }
`);
const Heartbeat = graphql(`
  mutation WsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { workspaceConfigVersion cancelRequested run { status } } }
`);
const WorkspaceOf = graphql(`
  query WsWorkspaceOf($id: ID!) {
    node(id: $id) { ... on Workspace { id status config configVersion archivedAt issue { id } } }
  }
`);
const IssueWorkspaces = graphql(`
  query WsIssueWorkspaces($id: ID!) {
    node(id: $id) { ... on Issue { workspace { id } workspaces(first: 10) { edges { node { id status } } } } }
  }
`);
const WorkspaceChanged = graphql(`
  subscription WsWorkspaceChanged($workspaceId: ID, $issueId: ID) {
    workspaceChanged(workspaceId: $workspaceId, issueId: $issueId) {
      id status config configVersion updatedAt archivedAt issue { id }
    }
  }
`);

type Changed = { workspaceChanged: { id: string; status: string; config: unknown; configVersion: number; updatedAt: string; archivedAt: string | null; issue: { id: string } } };

function watch(server: ServerProcess, variables: { workspaceId?: string; issueId?: string }): Subscription<Changed> {
  const sub = subscribe<Changed>(server.wsUrl, TEST_ADMIN_TOKEN, print(WorkspaceChanged), variables);
  subscriptions.push(sub);
  return sub;
}

/** Resolves to the error if nothing arrives within ms (the test then asserts on that). */
async function nothingWithin(sub: Subscription<Changed>, ms: number): Promise<void> {
  const got = await sub.next(ms).then(
    (payload) => payload,
    () => null,
  );
  expect(got, "no workspaceChanged event expected").toBeNull();
}

const uuidOf = (globalId: string): string => decodeGlobalID(globalId).id;

let db: TestDatabase;
let sql: pg.Client;
let dataDir: string;
let a: ServerProcess;
let b: ServerProcess;
let companyId: string;
let agentId: string;
let agentToken: string;
let environmentId: string;
const subscriptions: Array<Subscription<unknown>> = [];
let issueCounter = 0;

async function newIssue(workspaceConfig: unknown, server: ServerProcess = a): Promise<string> {
  issueCounter += 1;
  return createIssue(server.url, companyId, `issue ${issueCounter}`, workspaceConfig);
}

async function startRunOn(server: ServerProcess, issueId: string) {
  const { startRun } = await gqlData(server.url, agentToken, StartRun, { input: { agentId, issueId, environmentId } });
  return startRun;
}

async function claim(server: ServerProcess, runId: string) {
  const { claimRun } = await gqlData(server.url, agentToken, ClaimRun, { input: { runId, runnerId: "workspaces-test", pid: process.pid } });
  return claimRun;
}

async function workspaceRow(workspaceGlobalId: string) {
  const { rows } = await sql.query<{ status: string; config: unknown; configVersion: number; updatedAt: Date; archivedAt: Date | null }>(
    `SELECT "status", "config", "configVersion", "updatedAt", "archivedAt" FROM "Workspace" WHERE "id" = $1`,
    [uuidOf(workspaceGlobalId)],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function workspaceCount(issueGlobalId: string): Promise<{ total: number; open: number }> {
  const { rows } = await sql.query<{ total: number; open: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE "status" = 'OPEN')::int AS open FROM "Workspace" WHERE "issueId" = $1`,
    [uuidOf(issueGlobalId)],
  );
  return rows[0]!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  dataDir = await mkdtemp(join(tmpdir(), "runyard-ws-"));
  // A small pool per replica: PostgreSQL's connection limit is shared with the other test files.
  const env = { RUNYARD_DATA_DIR: dataDir, RUNYARD_DB_POOL_SIZE: "8" };
  [a, b] = await Promise.all([startServer({ databaseUrl: db.url, env }), startServer({ databaseUrl: db.url, env })]);
  const seed = await seedCompany(a.url, {
    company: "workspaces",
    agents: [{ name: "worker", heartbeatTimeoutSeconds: 120, maxConcurrentRuns: 100 }],
    environment: { name: "local", capacity: 200 },
  });
  ({ companyId, environmentId } = seed);
  ({ id: agentId, token: agentToken } = seed.agents[0]!);
});

afterAll(async () => {
  await Promise.all(subscriptions.map((s) => s.close().catch(() => {})));
  await Promise.all([a?.stop(), b?.stop()]);
  await sql?.end();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("workspace sync across replicas", () => {
  it("an updateIssue on replica B reaches issueId and workspaceId subscribers on replica A, and the row agrees", async () => {
    const issueId = await newIssue({ image: "node:20", env: { A: "1" } });
    const run = await startRunOn(a, issueId);
    const workspaceId = run.workspace.id;
    expect(run.workspace.configVersion).toBe(1);
    expect(run.workspace.config).toEqual({ image: "node:20", env: { A: "1" } });

    const byIssue = watch(a, { issueId });
    const byWorkspace = watch(a, { workspaceId });
    await Promise.all([byIssue.ready, byWorkspace.ready]);

    const config = { image: "node:22", env: { A: "2", B: "x" }, steps: ["build", "test"] };
    const { updateIssue } = await gqlData(b.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: config } });
    expect(updateIssue.workspaceConfig).toEqual(config);
    expect(updateIssue.workspace).toEqual({ id: workspaceId, configVersion: 2 });

    const [fromIssue, fromWorkspace] = await Promise.all([byIssue.next(), byWorkspace.next()]);
    for (const { workspaceChanged: event } of [fromIssue, fromWorkspace]) {
      expect(event).toMatchObject({ id: workspaceId, status: "OPEN", config, configVersion: 2, archivedAt: null, issue: { id: issueId } });
    }
    expect(fromWorkspace).toEqual(fromIssue);

    // The committed row is exactly what the event carried.
    const row = await workspaceRow(workspaceId);
    expect(row.status).toBe("OPEN");
    expect(row.config).toEqual(fromIssue.workspaceChanged.config);
    expect(row.configVersion).toBe(fromIssue.workspaceChanged.configVersion);
    expect(row.updatedAt.toISOString()).toBe(fromIssue.workspaceChanged.updatedAt);

    // Updates that change no workspace field: the same config (keys in another order: jsonb
    // equality), a title, an IN_PROGRESS status. No bump, no event.
    const sameConfigReordered = { steps: ["build", "test"], env: { B: "x", A: "2" }, image: "node:22" };
    const same = await gqlData(b.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: sameConfigReordered } });
    expect(same.updateIssue.workspace).toEqual({ id: workspaceId, configVersion: 2 });
    const titled = await gqlData(a.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, title: "renamed" } });
    expect(titled.updateIssue).toMatchObject({ title: "renamed", workspace: { id: workspaceId, configVersion: 2 } });
    const progressing = await gqlData(b.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, status: "IN_PROGRESS" } });
    expect(progressing.updateIssue).toMatchObject({ status: "IN_PROGRESS", workspace: { id: workspaceId, configVersion: 2 } });
    expect((await workspaceRow(workspaceId)).configVersion).toBe(2);
    await nothingWithin(byIssue, 500);
    await nothingWithin(byWorkspace, 0);

    // The next real change is version 3, and it is the next event each subscriber gets.
    const third = { image: "node:22", env: {} };
    await gqlData(b.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: third } });
    const [next1, next2] = await Promise.all([byIssue.next(), byWorkspace.next()]);
    expect(next1.workspaceChanged).toMatchObject({ id: workspaceId, config: third, configVersion: 3 });
    expect(next2.workspaceChanged).toMatchObject({ id: workspaceId, config: third, configVersion: 3 });
    expect((await workspaceRow(workspaceId)).configVersion).toBe(3);

    // A second run on the issue reuses the same workspace, now at version 3.
    const second = await startRunOn(b, issueId);
    expect(second.workspace).toEqual({ id: workspaceId, configVersion: 3, config: third });
    expect(await workspaceCount(issueId)).toEqual({ total: 1, open: 1 });
  });

  it("20 concurrent updates with distinct configs through both replicas leave configVersion = initial + 20", async () => {
    const issueId = await newIssue({ n: -1 });
    const run = await startRunOn(b, issueId);
    const workspaceId = run.workspace.id;
    const initial = (await workspaceRow(workspaceId)).configVersion;
    expect(initial).toBe(1);

    const onA = watch(a, { workspaceId });
    const onB = watch(b, { issueId });
    await Promise.all([onA.ready, onB.ready]);

    const configs = Array.from({ length: 20 }, (_, n) => ({ n, label: `config-${n}` }));
    const results = await Promise.all(
      configs.map((workspaceConfig, n) =>
        gql(n % 2 === 0 ? a.url : b.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig } }),
      ),
    );
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(results.map((r) => r.data!.updateIssue.workspaceConfig)).toEqual(configs);

    const row = await workspaceRow(workspaceId);
    expect(row.configVersion).toBe(initial + 20);
    // The last writer's config is both the issue's and the workspace's.
    const { rows } = await sql.query<{ workspaceConfig: unknown }>(`SELECT "workspaceConfig" FROM "Issue" WHERE "id" = $1`, [uuidOf(issueId)]);
    expect(rows[0]!.workspaceConfig).toEqual(row.config);

    // Every subscriber, on either replica, hears each of the 20 versions once, each with the
    // config that produced it; the newest one is what the row holds.
    const versions = Array.from({ length: 20 }, (_, i) => initial + 1 + i);
    const byN = (x: unknown, y: unknown) => (x as { n: number }).n - (y as { n: number }).n;
    for (const sub of [onA, onB]) {
      const events = (await sub.take(20, 15_000)).map((e) => e.workspaceChanged);
      expect(events.map((e) => e.configVersion).sort((x, y) => x - y)).toEqual(versions);
      expect(events.map((e) => e.config).sort(byN)).toEqual(configs);
      for (const event of events) expect(event).toMatchObject({ id: workspaceId, status: "OPEN", issue: { id: issueId } });
      expect(events.find((e) => e.configVersion === initial + 20)!.config).toEqual(row.config);
      await nothingWithin(sub, 300);
    }
  });

  it("two concurrent startRuns on a fresh issue share one workspace (10 issues, split across replicas)", async () => {
    const issues = await Promise.all(Array.from({ length: 10 }, (_, i) => newIssue({ fresh: i }, i % 2 ? a : b)));
    const pairs = await Promise.all(
      issues.map((issueId) =>
        Promise.all([
          gql(a.url, agentToken, StartRun, { input: { agentId, issueId, environmentId } }),
          gql(b.url, agentToken, StartRun, { input: { agentId, issueId, environmentId } }),
        ]),
      ),
    );
    for (const [i, [first, second]] of pairs.entries()) {
      expect(first.errors).toBeUndefined();
      expect(second.errors).toBeUndefined();
      expect(first.data!.startRun.status).toBe("QUEUED");
      expect(second.data!.startRun.status).toBe("QUEUED");
      expect(first.data!.startRun.workspace.id).toBe(second.data!.startRun.workspace.id);
      expect(first.data!.startRun.workspace).toMatchObject({ configVersion: 1, config: { fresh: i } });
      expect(await workspaceCount(issues[i]!)).toEqual({ total: 1, open: 1 });
    }
    const workspaceIds = new Set(pairs.map(([first]) => first.data!.startRun.workspace.id));
    expect(workspaceIds.size).toBe(10);
  });
});

describe("a workspace created while its issue is updated", () => {
  it("ends up with the issue's committed config (10 fresh issues, startRun and updateIssue at once on two replicas)", async () => {
    const issues = await Promise.all(Array.from({ length: 10 }, (_, i) => newIssue({ gen: 0, i })));
    await Promise.all(
      issues.map(async (issueId, i) => {
        const [started, updated] = await Promise.all([
          gql(i % 2 ? a.url : b.url, agentToken, StartRun, { input: { agentId, issueId, environmentId } }),
          gql(i % 2 ? b.url : a.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: { gen: 1, i } } }),
        ]);
        expect(started.errors).toBeUndefined();
        expect(updated.errors).toBeUndefined();
        const row = await workspaceRow(started.data!.startRun.workspace.id);
        // Either created from the new config (version 1) or created from the old one and then
        // synced by the update (version 2); never left with the config the update replaced.
        expect(row.config).toEqual({ gen: 1, i });
        expect([1, 2]).toContain(row.configVersion);
      }),
    );
  });
});

describe("closing an issue", () => {
  it("archives the workspace at once when no run is RUNNING in it, and refuses new runs", async () => {
    const issueId = await newIssue({ close: "now" });
    const run = await startRunOn(a, issueId);
    await claim(b, run.id);
    await gqlData(b.url, agentToken, FinishRun, { input: { runId: run.id, status: "SUCCEEDED", exitCode: 0 } });
    const workspaceId = run.workspace.id;
    const sub = watch(a, { issueId });
    await sub.ready;

    const { updateIssue } = await gqlData(b.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, status: "DONE" } });
    expect(updateIssue).toMatchObject({ status: "DONE", workspace: null });
    const { workspaceChanged } = await sub.next();
    expect(workspaceChanged).toMatchObject({ id: workspaceId, status: "ARCHIVED", configVersion: 1 });
    expect(workspaceChanged.archivedAt).not.toBeNull();
    const row = await workspaceRow(workspaceId);
    expect(row.status).toBe("ARCHIVED");
    expect(row.archivedAt!.toISOString()).toBe(workspaceChanged.archivedAt);

    const refused = await gql(a.url, agentToken, StartRun, { input: { agentId, issueId, environmentId } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "issueId" });
    expect(await workspaceCount(issueId)).toEqual({ total: 1, open: 0 });

    // A config update to a closed issue's archived workspace changes nothing there.
    await gqlData(a.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: { close: "later" } } });
    expect(await workspaceRow(workspaceId)).toMatchObject({ status: "ARCHIVED", configVersion: 1, config: { close: "now" } });
    await nothingWithin(sub, 300);
  });

  it("keeps the workspace OPEN while a run is RUNNING in it, then archives it when that run finishes", async () => {
    const issueId = await newIssue({ close: "after-run" });
    const running = await startRunOn(b, issueId);
    await claim(a, running.id);
    const queuedElsewhere = await startRunOn(a, issueId); // QUEUED: cancelled when the issue closes
    expect(queuedElsewhere.workspace.id).toBe(running.workspace.id);
    const workspaceId = running.workspace.id;
    const sub = watch(b, { workspaceId });
    await sub.ready;

    const { updateIssue } = await gqlData(a.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, status: "CANCELLED" } });
    expect(updateIssue).toMatchObject({ status: "CANCELLED", workspace: { id: workspaceId, configVersion: 1 } });
    expect((await workspaceRow(workspaceId)).status).toBe("OPEN");
    // A closed issue's queued run will never start: it is cancelled in the closing transaction.
    const { rows: queued } = await sql.query<{ status: string; error: string | null }>(
      `SELECT "status", "error" FROM "Run" WHERE "id" = $1`,
      [uuidOf(queuedElsewhere.id)],
    );
    expect(queued).toEqual([{ status: "CANCELLED", error: "issue is CANCELLED" }]);
    await nothingWithin(sub, 300);
    const viaApi = await gqlData(b.url, TEST_ADMIN_TOKEN, WorkspaceOf, { id: workspaceId });
    expect(viaApi.node).toMatchObject({ id: workspaceId, status: "OPEN", archivedAt: null });

    // The closed issue takes no new run, even while its workspace is still open.
    const refused = await gql(b.url, agentToken, StartRun, { input: { agentId, issueId, environmentId } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "issueId" });

    await gqlData(b.url, agentToken, FinishRun, { input: { runId: running.id, status: "FAILED", exitCode: 3 } });
    const { workspaceChanged } = await sub.next();
    expect(workspaceChanged).toMatchObject({ id: workspaceId, status: "ARCHIVED" });
    const row = await workspaceRow(workspaceId);
    expect(row.status).toBe("ARCHIVED");
    expect(row.archivedAt!.toISOString()).toBe(workspaceChanged.archivedAt);
    const issue = await gqlData(a.url, TEST_ADMIN_TOKEN, IssueWorkspaces, { id: issueId });
    expect(issue.node).toEqual({ workspace: null, workspaces: { edges: [{ node: { id: workspaceId, status: "ARCHIVED" } }] } });
    await nothingWithin(sub, 300);
  });

  it("archives once when the issue is closed on one replica while its last RUNNING run finishes on the other", async () => {
    for (let round = 0; round < 8; round++) {
      const issueId = await newIssue({ race: round });
      const run = await startRunOn(a, issueId);
      await claim(a, run.id);
      await Promise.all([
        gqlData(a.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, status: "DONE" } }),
        gqlData(b.url, agentToken, FinishRun, { input: { runId: run.id, status: "SUCCEEDED", exitCode: 0 } }),
      ]);
      // Decided by the two transactions themselves, not by a later reaper sweep.
      expect((await workspaceRow(run.workspace.id)).status).toBe("ARCHIVED");
    }
  });
});

describe("heartbeats", () => {
  it("carry the workspace's configVersion, following updates made on either replica", async () => {
    const issueId = await newIssue({ hb: 0 });
    const run = await startRunOn(a, issueId);
    const claimed = await claim(a, run.id);
    expect(claimed.workspace).toMatchObject({ id: run.workspace.id, configVersion: 1, config: { hb: 0 }, status: "OPEN" });
    const beat = async (server: ServerProcess) =>
      (await gqlData(server.url, agentToken, Heartbeat, { input: { runId: run.id, pid: process.pid } })).heartbeat;

    expect(await beat(a)).toEqual({ workspaceConfigVersion: 1, cancelRequested: false, run: { status: "RUNNING" } });
    await gqlData(b.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: { hb: 1 } } });
    expect((await beat(a)).workspaceConfigVersion).toBe(2);
    expect((await beat(b)).workspaceConfigVersion).toBe(2);
    await gqlData(a.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: { hb: 1 }, title: "same config" } });
    expect((await beat(b)).workspaceConfigVersion).toBe(2);
    await gqlData(a.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: { hb: 2 } } });
    expect((await beat(b)).workspaceConfigVersion).toBe(3);
    const ws = await gqlData(a.url, agentToken, WorkspaceOf, { id: run.workspace.id });
    expect(ws.node).toMatchObject({ configVersion: 3, config: { hb: 2 } });
  });
});
