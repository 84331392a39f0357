// Several replicas on one PostgreSQL and one Redis: started together on an empty database, they
// apply each migration exactly once (under the migration lock) and both become ready; an event
// caused on one replica reaches a subscriber on the other through Redis; SIGTERM closes a
// replica's subscriptions with 1001 while the other replica keeps serving.
import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createEmptyDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { gql, gqlData, subscribe, SubscriptionClosedError } from "./support/graphql-client.js";
import { CancelRun, createAgent, createCompany, createEnvironment, createIssue } from "./support/fixtures.js";
import { startServer, TEST_ADMIN_TOKEN, type ServerProcess } from "./support/server-process.js";

// The advisory-lock key of Prisma Migrate, which server/migrate.ts takes too.
const MIGRATION_LOCK_KEY = 72707369;

const StartRun = graphql(`
  mutation ReplicasStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {
    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {
      id
      workspace {
        id
        configVersion
      }
    }
  }
`);

const UpdateIssueConfig = graphql(`
  mutation ReplicasUpdateIssueConfig($id: ID!, $config: JSON!) {
    updateIssue(input: { id: $id, workspaceConfig: $config }) {
      id
    }
  }
`);

const CreateOperatorToken = graphql(`
  mutation ReplicasCreateOperatorToken($companyId: ID!) {
    createOperatorToken(input: { companyId: $companyId, name: "cached on both replicas" }) {
      token
      apiToken {
        id
      }
    }
  }
`);

const RevokeApiToken = graphql(`
  mutation ReplicasRevokeApiToken($id: ID!) {
    revokeApiToken(input: { id: $id }) {
      revokedAt
    }
  }
`);

const CompanyIssues = graphql(`
  query ReplicasCompanyIssues($companyId: ID!) {
    issues(companyId: $companyId) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const WorkspaceChanged = graphql(`
  subscription ReplicasWorkspaceChanged($issueId: ID!) {
    workspaceChanged(issueId: $issueId) {
      id
      config
      configVersion
    }
  }
`);

const RunEvents = graphql(`
  subscription ReplicasRunEvents($runId: ID!) {
    runEvents(runId: $runId) {
      kind
      status
      fromStatus
      run {
        id
      }
    }
  }
`);

let db: TestDatabase;
let replicaA: ServerProcess;
let replicaB: ServerProcess;

async function query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe("two replicas on one empty database", () => {
  beforeAll(async () => {
    db = await createEmptyDatabase();
  });

  afterAll(async () => {
    await Promise.all([replicaA?.stop(), replicaB?.stop()]);
    await db?.drop();
  });

  it("start at once, apply each migration exactly once, and both become ready", async () => {
    expect(await query(`SELECT to_regclass('public._prisma_migrations') AS t`)).toEqual([{ t: null }]);

    // Hold the migration lock while both replicas start, so they really contend for it instead of
    // one finishing before the other looks; release it once both are waiting.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    const waitersThenRelease = (async () => {
      try {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const [row] = await query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_locks
             WHERE locktype = 'advisory' AND NOT granted AND objid = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            [MIGRATION_LOCK_KEY],
          );
          if (row!.waiting === 2) return;
          if (Date.now() > deadline) throw new Error(`only ${row!.waiting} replica(s) waited for the migration lock`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await holder.end(); // releases the lock
      }
    })();

    [replicaA, replicaB] = await Promise.all([
      startServer({ databaseUrl: db.url, readyTimeoutMs: 90_000 }),
      startServer({ databaseUrl: db.url, readyTimeoutMs: 90_000 }),
      waitersThenRelease,
    ]);

    const logs = [replicaA.output(), replicaB.output()];
    for (const log of logs) {
      expect(log).toContain("another process is applying migrations; waiting for it");
      expect(log).toContain("database: DATABASE_URL");
      expect(log).toContain("pubsub and locks: Redis (REDIS_URL)");
    }
    // One replica applied the migrations; the other found them applied.
    expect(logs.filter((log) => /applied \d+ migration\(s\)/.test(log))).toHaveLength(1);
    expect(logs.filter((log) => log.includes("database schema is up to date"))).toHaveLength(1);

    const local = (await readdir(path.join(REPO_ROOT, "prisma/migrations"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const applied = await query<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
      `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(applied).toEqual(local.map((migration_name) => ({ migration_name, finished: true, rolled_back: false })));

    // Both replicas recorded the one configured admin token once.
    expect(await query(`SELECT kind FROM "ApiToken"`)).toEqual([{ kind: "ADMIN" }]);

    for (const replica of [replicaA, replicaB]) {
      const ready = await fetch(`${replica.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", database: "ok", redis: "ok" });
    }
  }, 120_000);

  it("delivers events caused on replica B to subscribers on replica A, through Redis", async () => {
    const b = replicaB.url;
    const companyId = await createCompany(b, "replicated co");
    const [agent, issueId, environment] = await Promise.all([
      createAgent(b, companyId, { name: "replica agent" }),
      createIssue(b, companyId, "replicated", { v: 1 }),
      createEnvironment(b, companyId, { name: "env", capacity: 1 }),
    ]);
    const { startRun } = await gqlData(b, TEST_ADMIN_TOKEN, StartRun, { agentId: agent.id, issueId, environmentId: environment.id });
    expect(startRun.workspace.configVersion).toBe(1);

    // The subscribers are on A (an in-process pubsub on B could never reach them).
    const workspaceChanged = subscribe(replicaA.wsUrl, TEST_ADMIN_TOKEN, WorkspaceChanged, { issueId });
    const runEvents = subscribe(replicaA.wsUrl, TEST_ADMIN_TOKEN, RunEvents, { runId: startRun.id });
    try {
      await Promise.all([workspaceChanged.ready, runEvents.ready]);

      // Mutations go to B.
      await gqlData(b, TEST_ADMIN_TOKEN, UpdateIssueConfig, { id: issueId, config: { v: 2 } });
      expect(await workspaceChanged.next()).toEqual({
        workspaceChanged: { id: startRun.workspace.id, config: { v: 2 }, configVersion: 2 },
      });

      expect((await gqlData(b, TEST_ADMIN_TOKEN, CancelRun, { input: { runId: startRun.id } })).cancelRun.status).toBe("CANCELLED");
      expect(await runEvents.next()).toEqual({
        runEvents: { kind: "STATUS_CHANGED", status: "CANCELLED", fromStatus: "QUEUED", run: { id: startRun.id } },
      });
    } finally {
      await Promise.all([workspaceChanged.close(), runEvents.close()]);
    }
  });

  it("a token revoked on replica A is refused by replica B at once, although B had it cached", async () => {
    const companyId = await createCompany(replicaA.url, "revoking co");
    const { createOperatorToken } = await gqlData(replicaA.url, TEST_ADMIN_TOKEN, CreateOperatorToken, { companyId });
    const { token } = createOperatorToken;
    // Both replicas resolve the token, and so cache it for 5 s.
    for (const replica of [replicaA, replicaB]) {
      expect((await gql(replica.url, token, CompanyIssues, { companyId })).errors).toBeUndefined();
    }
    await gqlData(replicaA.url, TEST_ADMIN_TOKEN, RevokeApiToken, { id: createOperatorToken.apiToken.id });
    // Well inside the cache's 5 s: only the eviction published through Redis can refuse it on B.
    const deadline = Date.now() + 1_000;
    let codes: unknown[] = [];
    while (Date.now() < deadline) {
      codes = (await gql(replicaB.url, token, CompanyIssues, { companyId })).errors?.map((e) => e.extensions?.code) ?? [];
      if (codes.length) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(codes).toEqual(["UNAUTHENTICATED"]);
    expect((await gql(replicaA.url, token, CompanyIssues, { companyId })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("on SIGTERM a replica closes its subscriptions with 1001 and exits 0; the other keeps serving", async () => {
    const companyId = await createCompany(replicaA.url, "drained co");
    const issueId = await createIssue(replicaA.url, companyId, "replicated", { v: 1 });
    const subscription = subscribe(replicaA.wsUrl, TEST_ADMIN_TOKEN, WorkspaceChanged, { issueId });
    try {
      await subscription.ready;
      expect(await replicaA.kill("SIGTERM"), replicaA.output()).toBe(0);
      const ended = await subscription.next(10_000).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(ended).toBeInstanceOf(SubscriptionClosedError);
      expect((ended as SubscriptionClosedError).closeCode).toBe(1001);
    } finally {
      await subscription.close();
    }
    expect(replicaA.output()).toContain("SIGTERM: draining");
    expect(replicaA.output()).toContain("stopped");

    const stillServed = await createCompany(replicaB.url, "after A left");
    expect(stillServed).toBeTruthy();
  });
});
