// Guarantee 3 and the plugin interface: sandbox provider plugins register in the background while
// the server serves; whatever needs an environment's driver waits for its provider, up to the
// registration timeout, then fails with PROVIDER_NOT_READY. Drivers prepare once per claim and
// release once per lease, however and wherever the lease ends. Real server processes, real
// plugin modules written by the test, real Postgres and Redis.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT, TEST_REDIS_URL } from "./support/env.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { getFreePort } from "./support/ports.js";
import * as fixtures from "./support/fixtures.js";
import { CancelRun, CreateEnvironment, FinishRun, ReleaseLease, type Agent } from "./support/fixtures.js";
import { startServer, TEST_ADMIN_TOKEN, type ServerProcess } from "./support/server-process.js";

const ClaimRun = graphql(`
  mutation ProvClaimRun($input: ClaimRunInput!) {
    claimRun(input: $input) { run { id status } lease { id slot fencingToken status } workspace { id config } }
  }
`);
const RunStatus = graphql(`
  query ProvRunStatus($id: ID!) { run(id: $id) { status leases(first: 10) { edges { node { id status releaseReason } } } } }
`);
const SandboxProviders = graphql(`
  query ProvSandboxProviders { sandboxProviders { key source state error registeredAt } }
`);

type Vars = Record<string, unknown>;
type ProviderRow = { key: string; source: string; state: string; error: string | null; registeredAt: string | null };

const uuidOf = (globalId: string): string => decodeGlobalID(globalId).id;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until check() returns a value other than undefined, or fails with the last seen state. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

// ---------------------------------------------------------------------------------------------
// Plugin modules, written to a temp dir. `slow` logs when its registration starts and ends;
// `counting` appends each driver call to calls.log in the environment's config dir.

let pluginDir: string;
let slowLog: string;

async function writePlugins(): Promise<void> {
  slowLog = join(pluginDir, "slow-events.log");
  await writeFile(
    join(pluginDir, "slow.mjs"),
    `import { appendFileSync, existsSync } from "node:fs";
const log = (event) => appendFileSync(${JSON.stringify(slowLog)}, JSON.stringify({ event, pid: process.pid, at: Date.now() }) + "\\n");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export default {
  key: "slow",
  // Resolves SLOW_PLUGIN_DELAY_MS (default 1.5 s) after SLOW_PLUGIN_GATE exists (at once if unset):
  // the test opens the gate once its claim is in flight, however long the process took to serve.
  async register() {
    log("register-start");
    const gate = process.env.SLOW_PLUGIN_GATE;
    while (gate && !existsSync(gate)) await sleep(20);
    await sleep(Number(process.env.SLOW_PLUGIN_DELAY_MS ?? 1500));
    log("register-ready");
  },
  async createDriver() {
    return { async prepare() {}, async release() {} };
  },
};
`,
  );
  await writeFile(
    join(pluginDir, "broken.mjs"),
    `export default {
  key: "broken",
  async register() {
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw new Error("sandbox API unreachable: 503 from https://sandbox.example");
  },
  async createDriver() {
    throw new Error("createDriver must never be called for a provider that failed to register");
  },
};
`,
  );
  await writeFile(
    join(pluginDir, "counting.mjs"),
    `import { appendFile } from "node:fs/promises";
import { join } from "node:path";
const record = (dir, entry) => appendFile(join(dir, "calls.log"), JSON.stringify({ ...entry, pid: process.pid }) + "\\n");
export default {
  key: "counting",
  async register() {},
  async createDriver(environment) {
    const dir = environment.config.dir;
    const leaseId = environment.lease ? environment.lease.id : null;
    await record(dir, { op: "createDriver", environmentId: environment.id, leaseId });
    return {
      async prepare(workspace) {
        await record(dir, { op: "prepare", leaseId, workspaceId: workspace.id, config: workspace.config });
      },
      async release() {
        await record(dir, { op: "release", leaseId });
      },
    };
  },
};
`,
  );
}

interface Call {
  op: "createDriver" | "prepare" | "release";
  leaseId: string | null;
  workspaceId?: string;
  config?: unknown;
  pid: number;
}

async function calls(dir: string): Promise<Call[]> {
  const text = await readFile(join(dir, "calls.log"), "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Call);
}

function count(all: Call[], op: Call["op"], leaseId: string): number {
  return all.filter((c) => c.op === op && c.leaseId === leaseId).length;
}

async function slowEvents(pid: number): Promise<Array<{ event: string; at: number }>> {
  const text = await readFile(slowLog, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { event: string; pid: number; at: number })
    .filter((e) => e.pid === pid);
}

// ---------------------------------------------------------------------------------------------
// A server started WITHOUT waiting for /readyz (startServer waits for it): polls /healthz, which
// answers as soon as the process serves, while plugins may still be registering.

interface UnreadyServer {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

const unready = new Set<UnreadyServer>();

async function startServerWithoutReadiness(env: Record<string, string>): Promise<UnreadyServer> {
  const port = await getFreePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    RUNYARD_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    RUNYARD_DATA_DIR: dataDir,
    RUNYARD_DB_POOL_SIZE: "4",
    ...env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { cwd: REPO_ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const server: UnreadyServer = {
    url,
    pid: child.pid ?? -1,
    output: () => output,
    async stop() {
      unready.delete(server);
      if (exited) return;
      child.kill("SIGTERM");
      const timedOut = await Promise.race([exit.then(() => false), sleep(20_000).then(() => true)]);
      if (timedOut) {
        child.kill("SIGKILL");
        await exit;
      }
    },
  };
  unready.add(server);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`server exited before serving; output:\n${output}`);
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`server not up within 30 s; output:\n${output}`);
    }
    const up = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (up) return server;
    await sleep(20);
  }
}

// ---------------------------------------------------------------------------------------------

let db: TestDatabase;
let sql: pg.Pool;
let dataDir: string;
let p1: ServerProcess;
let p2: ServerProcess;
let companyId: string;
let agent: Agent;
let shortAgent: Agent; // heartbeatTimeoutSeconds 1: its silent runs are reaped
const MISSING_PLUGIN = "/nonexistent/runyard-plugins/ghost.mjs";

async function newEnvironment(providerKey: string, config: Vars = {}): Promise<string> {
  const environment = await fixtures.createEnvironment(p1.url, companyId, { name: `${providerKey} env`, providerKey, capacity: 10, config });
  return environment.id;
}

/** A counting environment with its own calls.log. */
async function countingEnvironment(name: string): Promise<{ environmentId: string; dir: string }> {
  const dir = join(pluginDir, name);
  await mkdir(dir, { recursive: true });
  return { environmentId: await newEnvironment("counting", { dir }), dir };
}

async function queuedRun(environmentId: string, who = agent, workspaceConfig: unknown = { repo: "runyard", branch: "main" }) {
  const issueId = await fixtures.createIssue(p1.url, companyId, "provider run", workspaceConfig);
  const run = await fixtures.startRun(p1.url, who, { issueId, environmentId });
  return { runId: run.id, workspaceId: run.workspace.id, issueId };
}

async function claim(url: string, runId: string, who = agent) {
  const { claimRun } = await gqlData(url, who.token, ClaimRun, { input: { runId, runnerId: "providers-test", pid: process.pid } });
  return claimRun;
}

async function leaseRows(runGlobalId: string): Promise<Array<{ status: string; releaseReason: string | null }>> {
  const { rows } = await sql.query<{ status: string; releaseReason: string | null }>(
    `SELECT "status", "releaseReason" FROM "Lease" WHERE "runId" = $1`,
    [uuidOf(runGlobalId)],
  );
  return rows;
}

async function runStatus(runGlobalId: string): Promise<string> {
  const { rows } = await sql.query<{ status: string }>(`SELECT "status" FROM "Run" WHERE "id" = $1`, [uuidOf(runGlobalId)]);
  return rows[0]!.status;
}

/** Waits until each lease's release was recorded, then a while longer, and asserts it is once each. */
async function expectReleasedOnce(dir: string, leaseIds: string[]): Promise<Call[]> {
  await eventually(`release of ${leaseIds.length} lease(s)`, async () => {
    const all = await calls(dir);
    return leaseIds.every((id) => count(all, "release", id) >= 1) ? true : undefined;
  });
  await sleep(800); // four reaper intervals on each replica: time for any duplicate to show up
  const all = await calls(dir);
  for (const id of leaseIds) expect(count(all, "release", id), `releases of lease ${id}`).toBe(1);
  return all;
}

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Pool({ connectionString: db.url, max: 4 });
  // pool.end() resolves before its sockets close; the drop's FORCE then ends them, an 'error' on the pool.
  sql.on("error", () => undefined);
  pluginDir = await mkdtemp(join(tmpdir(), "runyard-plugins-"));
  dataDir = join(pluginDir, "data");
  await writePlugins();
  const env = {
    RUNYARD_DATA_DIR: dataDir,
    RUNYARD_PLUGINS: [join(pluginDir, "counting.mjs"), join(pluginDir, "broken.mjs"), MISSING_PLUGIN, join(pluginDir, "slow.mjs")].join(","),
    SLOW_PLUGIN_DELAY_MS: "0",
    RUNYARD_REAPER_INTERVAL_MS: "200",
    // A small pool per replica: PostgreSQL's connection limit is shared with the other test files.
    RUNYARD_DB_POOL_SIZE: "8",
  };
  [p1, p2] = await Promise.all([startServer({ databaseUrl: db.url, env }), startServer({ databaseUrl: db.url, env })]);
  const seed = await fixtures.seedCompany(p1.url, {
    company: "providers",
    agents: [
      { name: "steady", heartbeatTimeoutSeconds: 120, maxConcurrentRuns: 100 },
      { name: "silent", heartbeatTimeoutSeconds: 1, maxConcurrentRuns: 100 },
    ],
  });
  companyId = seed.companyId;
  [agent, shortAgent] = seed.agents as [Agent, Agent];
});

afterAll(async () => {
  await Promise.all([...unready].map((s) => s.stop()));
  await Promise.all([p1?.stop(), p2?.stop()]);
  await sql?.end();
  await db?.drop();
  if (pluginDir) await rm(pluginDir, { recursive: true, force: true });
});

describe("registration", () => {
  it("lists every provider with its state; a plugin that throws or cannot load is FAILED and the server still serves", async () => {
    for (const server of [p1, p2]) {
      const { sandboxProviders } = await gqlData(server.url, TEST_ADMIN_TOKEN, SandboxProviders, {});
      const byKey = new Map(sandboxProviders.map((p: ProviderRow) => [p.key, p]));
      expect(byKey.size).toBe(5);
      expect(byKey.get("local")).toMatchObject({ source: "builtin", state: "READY", error: null });
      expect(byKey.get("local")!.registeredAt).not.toBeNull();
      expect(byKey.get("counting")).toMatchObject({ source: join(pluginDir, "counting.mjs"), state: "READY", error: null });
      expect(byKey.get("slow")).toMatchObject({ state: "READY", error: null });
      expect(byKey.get("broken")).toMatchObject({
        source: join(pluginDir, "broken.mjs"),
        state: "FAILED",
        error: "sandbox API unreachable: 503 from https://sandbox.example",
        registeredAt: null,
      });
      const missing = byKey.get(MISSING_PLUGIN);
      expect(missing).toMatchObject({ source: MISSING_PLUGIN, state: "FAILED", registeredAt: null });
      expect(missing!.error).toMatch(/ghost\.mjs/);
      // Failed plugins do not hold readiness: nothing is still registering.
      const readyz = await fetch(`${server.url}/readyz`);
      expect(readyz.status).toBe(200);
    }
    expect(p1.output()).toMatch(/provider broken failed to register: sandbox API unreachable/);
  });

  it("createEnvironment refuses a providerKey no loaded provider has, naming the field", async () => {
    const result = await gql(p2.url, TEST_ADMIN_TOKEN, CreateEnvironment, {
      input: { companyId, name: "nowhere", providerKey: "firecracker", capacity: 1 },
    });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "providerKey" });
    const { rows } = await sql.query(`SELECT 1 FROM "Environment" WHERE "providerKey" = 'firecracker'`);
    expect(rows).toHaveLength(0);
  });

  it("claiming on a FAILED provider is PROVIDER_NOT_READY naming it; the run stays QUEUED without a lease", async () => {
    const environmentId = await newEnvironment("broken");
    const { runId } = await queuedRun(environmentId);
    for (const server of [p1, p2]) {
      const result = await gql(server.url, agent.token, ClaimRun, { input: { runId, runnerId: "r", pid: process.pid } });
      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "PROVIDER_NOT_READY", provider: "broken", state: "FAILED" });
      expect(result.errors?.[0]?.message).toMatch(/broken.*sandbox API unreachable/);
    }
    expect(await runStatus(runId)).toBe("QUEUED");
    expect(await leaseRows(runId)).toEqual([]);
  });

  it("a claimRun made at start-up, while the plugin registers, waits for it and succeeds", async () => {
    const environmentId = await newEnvironment("slow");
    const { runId } = await queuedRun(environmentId);
    const gate = join(pluginDir, "gate-startup");
    const server = await startServerWithoutReadiness({ RUNYARD_PLUGINS: join(pluginDir, "slow.mjs"), SLOW_PLUGIN_GATE: gate });

    // The claim goes out as soon as the process serves; while it waits, the replica is serving
    // (it answers other requests), not ready (readyz), and the provider is REGISTERING.
    const sentAt = Date.now();
    const claiming = gql(server.url, agent.token, ClaimRun, { input: { runId, runnerId: "early", pid: process.pid } }).then((r) => ({
      result: r,
      answeredAt: Date.now(),
    }));
    const readyz = await fetch(`${server.url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toMatchObject({ status: "not ready", providers: expect.arrayContaining([{ key: "slow", state: "REGISTERING" }]) });
    const during = await gqlData(server.url, TEST_ADMIN_TOKEN, SandboxProviders, {});
    expect(during.sandboxProviders.find((p: ProviderRow) => p.key === "slow")).toMatchObject({ state: "REGISTERING", registeredAt: null });
    const duringAt = Date.now();
    await writeFile(gate, ""); // register() resolves 1.5 s from now

    const { result, answeredAt } = await claiming;
    expect(answeredAt).toBeGreaterThan(duringAt);
    expect(result.errors).toBeUndefined();
    expect(result.data!.claimRun.run.status).toBe("RUNNING");
    expect(result.data!.claimRun.lease.status).toBe("ACTIVE");

    // It was sent before the provider became ready and answered after: it waited.
    const events = await slowEvents(server.pid);
    expect(events.map((e) => e.event)).toEqual(["register-start", "register-ready"]);
    const readyAt = events[1]!.at;
    expect(sentAt).toBeLessThan(readyAt);
    expect(answeredAt).toBeGreaterThanOrEqual(readyAt);
    expect(answeredAt - sentAt).toBeGreaterThan(1_000);

    const after = await gqlData(server.url, TEST_ADMIN_TOKEN, SandboxProviders, {});
    expect(after.sandboxProviders.find((p: ProviderRow) => p.key === "slow")).toMatchObject({ state: "READY", error: null });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await runStatus(runId)).toBe("RUNNING");
    await gqlData(p1.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });
    await server.stop();
  });

  it("with RUNYARD_PLUGIN_REGISTRATION_TIMEOUT_MS=300 the claim fails with PROVIDER_NOT_READY and the run stays QUEUED", async () => {
    const environmentId = await newEnvironment("slow");
    const { runId } = await queuedRun(environmentId);
    const server = await startServerWithoutReadiness({
      RUNYARD_PLUGINS: join(pluginDir, "slow.mjs"),
      SLOW_PLUGIN_GATE: join(pluginDir, "gate-never-opened"),
      RUNYARD_PLUGIN_REGISTRATION_TIMEOUT_MS: "300",
    });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);

    const result = await gql(server.url, agent.token, ClaimRun, { input: { runId, runnerId: "impatient", pid: process.pid } });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "PROVIDER_NOT_READY", provider: "slow", state: "REGISTERING" });
    expect(result.errors?.[0]?.message).toMatch(/slow.*300 ms/);
    // Refused on the timeout, not after the provider finally registered.
    expect((await slowEvents(server.pid)).map((e) => e.event)).toEqual(["register-start"]);

    expect(await runStatus(runId)).toBe("QUEUED");
    expect(await leaseRows(runId)).toEqual([]);
    const { run } = await gqlData(p2.url, agent.token, RunStatus, { id: runId });
    expect(run).toEqual({ status: "QUEUED", leases: { edges: [] } });
    await server.stop();

    // The same run is claimable where the provider is ready.
    const claimed = await claim(p2.url, runId);
    expect(claimed.run.status).toBe("RUNNING");
    await gqlData(p2.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });
  });
});

describe("drivers", () => {
  it("prepare is called once per claim with the workspace; finishRun releases each lease once", async () => {
    const { environmentId, dir } = await countingEnvironment("finish");
    const runs = await Promise.all(
      [0, 1, 2, 3].map((i) => queuedRun(environmentId, agent, { repo: "runyard", task: i })),
    );
    const claims = await Promise.all(runs.map((r, i) => claim(i % 2 ? p2.url : p1.url, r.runId)));
    const leaseIds = claims.map((c) => uuidOf(c.lease.id));
    const afterClaims = await calls(dir);
    for (const [i, leaseId] of leaseIds.entries()) {
      const prepares = afterClaims.filter((c) => c.op === "prepare" && c.leaseId === leaseId);
      expect(prepares).toHaveLength(1);
      expect(prepares[0]).toMatchObject({ workspaceId: uuidOf(runs[i]!.workspaceId), config: { repo: "runyard", task: i } });
      expect(claims[i]!.workspace.config).toEqual({ repo: "runyard", task: i });
      expect(count(afterClaims, "release", leaseId)).toBe(0);
    }
    await Promise.all(runs.map((r, i) => gqlData(i % 2 ? p1.url : p2.url, agent.token, FinishRun, { input: { runId: r.runId, status: "SUCCEEDED", exitCode: 0 } })));
    const all = await expectReleasedOnce(dir, leaseIds);
    for (const leaseId of leaseIds) expect(count(all, "prepare", leaseId)).toBe(1);
    for (const r of runs) expect(await leaseRows(r.runId)).toEqual([{ status: "RELEASED", releaseReason: "COMPLETED" }]);
  });

  it("releaseLease releases once, and the run's later finish does not release again", async () => {
    const { environmentId, dir } = await countingEnvironment("manual");
    const { runId } = await queuedRun(environmentId);
    const claimed = await claim(p1.url, runId);
    const leaseId = uuidOf(claimed.lease.id);
    const { releaseLease } = await gqlData(p2.url, agent.token, ReleaseLease, {
      input: { leaseId: claimed.lease.id, fencingToken: claimed.lease.fencingToken },
    });
    expect(releaseLease).toMatchObject({ status: "RELEASED", releaseReason: "MANUAL" });
    await expectReleasedOnce(dir, [leaseId]);
    await gqlData(p1.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });
    await expectReleasedOnce(dir, [leaseId]);
    expect(count(await calls(dir), "prepare", leaseId)).toBe(1);
  });

  it("cancelRun releases a running run's lease once; a queued run has nothing to prepare or release", async () => {
    const { environmentId, dir } = await countingEnvironment("cancel");
    const running = await queuedRun(environmentId);
    const claimed = await claim(p2.url, running.runId);
    const queued = await queuedRun(environmentId);
    await Promise.all([
      gqlData(p1.url, agent.token, CancelRun, { input: { runId: running.runId } }),
      gqlData(p2.url, TEST_ADMIN_TOKEN, CancelRun, { input: { runId: queued.runId } }),
    ]);
    const all = await expectReleasedOnce(dir, [uuidOf(claimed.lease.id)]);
    expect(all.filter((c) => c.op === "prepare")).toHaveLength(1);
    expect(all.filter((c) => c.op === "release")).toHaveLength(1);
    expect(await leaseRows(running.runId)).toEqual([{ status: "RELEASED", releaseReason: "CANCELLED" }]);
    expect(await leaseRows(queued.runId)).toEqual([]);
  });

  it("the reaper releases an orphaned run's lease once, with both replicas reaping", async () => {
    const { environmentId, dir } = await countingEnvironment("orphans");
    const runs = await Promise.all([0, 1, 2, 3, 4, 5].map(() => queuedRun(environmentId, shortAgent)));
    // Claimed through both replicas; nobody heartbeats, and both replicas reap every 200 ms.
    const claims = await Promise.all(runs.map((r, i) => claim(i % 2 ? p2.url : p1.url, r.runId, shortAgent)));
    const leaseIds = claims.map((c) => uuidOf(c.lease.id));
    await eventually("all runs LOST", async () => {
      const statuses = await Promise.all(runs.map((r) => runStatus(r.runId)));
      return statuses.every((s) => s === "LOST") ? true : undefined;
    });
    const all = await expectReleasedOnce(dir, leaseIds);
    for (const leaseId of leaseIds) expect(count(all, "prepare", leaseId)).toBe(1);
    for (const r of runs) expect(await leaseRows(r.runId)).toEqual([{ status: "RELEASED", releaseReason: "ORPHANED" }]);
    // Each release ran in one of the two replicas.
    for (const c of all.filter((x) => x.op === "release")) expect([p1.pid, p2.pid]).toContain(c.pid);
  });
});

describe("the built-in local provider", () => {
  it("claimRun prepares a real workspace directory holding the config; the lease's end removes its scratch dir", async () => {
    const environmentId = await newEnvironment("local");
    const config = { repo: "git@example.com:acme/app.git", env: { NODE_ENV: "test" }, steps: ["npm ci", "npm test"] };
    const first = await queuedRun(environmentId, agent, config);
    const claimed = await claim(p1.url, first.runId);
    const workspaceDir = join(dataDir, "workspaces", uuidOf(first.workspaceId));
    const configFile = join(workspaceDir, "runyard-workspace.json");
    expect(JSON.parse(await readFile(configFile, "utf8"))).toEqual(config);
    const scratch = join(dataDir, "environments", uuidOf(environmentId), `slot-${claimed.lease.slot}-${uuidOf(claimed.lease.id)}`);
    expect((await stat(scratch)).isDirectory()).toBe(true);

    await gqlData(p2.url, agent.token, FinishRun, { input: { runId: first.runId, status: "SUCCEEDED", exitCode: 0 } });
    await eventually("scratch dir removed", async () => (existsSync(scratch) ? undefined : true));
    // The workspace outlives the run: the issue's next run reuses it.
    expect(JSON.parse(await readFile(configFile, "utf8"))).toEqual(config);
  });

  it("an orphaned lease's scratch dir is removed when the reaper ends it", async () => {
    const environmentId = await newEnvironment("local");
    const { runId, workspaceId } = await queuedRun(environmentId, shortAgent, { orphan: true });
    const claimed = await claim(p2.url, runId, shortAgent);
    expect(JSON.parse(await readFile(join(dataDir, "workspaces", uuidOf(workspaceId), "runyard-workspace.json"), "utf8"))).toEqual({ orphan: true });
    const scratch = join(dataDir, "environments", uuidOf(environmentId), `slot-${claimed.lease.slot}-${uuidOf(claimed.lease.id)}`);
    expect((await stat(scratch)).isDirectory()).toBe(true);
    await eventually("run LOST", async () => ((await runStatus(runId)) === "LOST" ? true : undefined));
    expect(await leaseRows(runId)).toEqual([{ status: "RELEASED", releaseReason: "ORPHANED" }]);
    await eventually("scratch dir removed", async () => (existsSync(scratch) ? undefined : true));
  });
});
