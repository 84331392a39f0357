// Teardown that is retried: a driver's release() that throws or hangs leaves the lease's cleanup
// PENDING, and the reaper of any replica retries it with backoff, one attempt at a time, across
// restarts, until DONE or, after RUNYARD_CLEANUP_MAX_ATTEMPTS, FAILED. In-process replicas on one
// database and Redis (a "restart" is one stopped and another started on the same database), with
// provider plugins written here that record every release() call.
import { randomUUID } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import * as fixtures from "./support/fixtures.js";
import { FinishRun, type Agent } from "./support/fixtures.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { reportInternalErrorsAfterEach, startServer, TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";
import type { SandboxProvider } from "../resolvers/providers.js";

const EnvironmentLeases = graphql(`
  query CleanupEnvironmentLeases($id: ID!, $cleanupStatus: LeaseCleanupStatus) {
    node(id: $id) {
      ... on Environment {
        leases(first: 50, cleanupStatus: $cleanupStatus) { edges { node { id status cleanupStatus cleanupAttempts cleanupError } } }
      }
    }
  }
`);
const RetryLeaseCleanup = graphql(`
  mutation CleanupRetryLeaseCleanup($input: RetryLeaseCleanupInput!) {
    retryLeaseCleanup(input: $input) { id cleanupStatus cleanupAttempts cleanupError }
  }
`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uuidOf = (globalId: string): string => decodeGlobalID(globalId).id;

/** Short knobs: a reaper pass every 100 ms, backoff 100 ms doubling to 400 ms. */
const KNOBS = {
  RUNYARD_REAPER_INTERVAL_MS: "100",
  RUNYARD_CLEANUP_BACKOFF_MS: "100",
  RUNYARD_CLEANUP_BACKOFF_MAX_MS: "400",
  RUNYARD_CLEANUP_MAX_ATTEMPTS: "4",
  RUNYARD_RELEASE_TIMEOUT_MS: "800",
  RUNYARD_DB_POOL_SIZE: "4",
};

interface ReleaseCall {
  leaseId: string;
  replica: string;
  start: number;
  end: number;
}

/**
 * A provider whose release() behaves as `behave(n)` says for the lease's n-th call (1-based):
 * "throw", "hang" (never settles), or a number of ms to take before succeeding. Every call is
 * recorded, with the replica that made it; `active` counts calls in flight per lease.
 */
function recordingProvider(key: string, replica: string, world: World, behave: (n: number) => "throw" | "hang" | number): SandboxProvider {
  return {
    key,
    async register() {},
    async createDriver(target) {
      const leaseId = target.lease.id;
      return {
        async prepare() {},
        async release() {
          const n = (world.counts.get(leaseId) ?? 0) + 1;
          world.counts.set(leaseId, n);
          const active = (world.active.get(leaseId) ?? 0) + 1;
          world.active.set(leaseId, active);
          world.maxOverlap = Math.max(world.maxOverlap, active);
          const call: ReleaseCall = { leaseId, replica, start: Date.now(), end: 0 };
          world.calls.push(call);
          const how = behave(n);
          try {
            if (how === "hang") await new Promise(() => {});
            if (how === "throw") {
              // Long enough that a second call would overlap it, were it let through.
              await sleep(60);
              throw new Error(`release failure ${n}`);
            }
            await sleep(how as number);
          } finally {
            call.end = Date.now();
            world.active.set(leaseId, (world.active.get(leaseId) ?? 1) - 1);
          }
        },
      };
    },
  };
}

interface World {
  counts: Map<string, number>;
  active: Map<string, number>;
  maxOverlap: number;
  calls: ReleaseCall[];
}
const newWorld = (): World => ({ counts: new Map(), active: new Map(), maxOverlap: 0, calls: [] });

let db: TestDatabase;
let sql: pg.Client;
let replicas: TestServer[] = [];
let companyId: string;
let issueId: string;
let agent: Agent;

reportInternalErrorsAfterEach(() => replicas);

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const seeder = await startApp({ databaseUrl: db.url, env: KNOBS });
  const seed = await fixtures.seedCompany(seeder.url, { company: "cleanup", agents: [{ name: "cleanup-agent", maxConcurrentRuns: 100 }], issue: "teardown" });
  companyId = seed.companyId;
  issueId = seed.issueId;
  agent = seed.agents[0]!;
  await seeder.stop();
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await sql?.end();
  await db?.drop();
});

async function replica(providers: SandboxProvider[], env: Record<string, string> = {}, redisUrl?: null): Promise<TestApp> {
  const app = await startApp({ databaseUrl: db.url, env: { ...KNOBS, ...env }, providers, redisUrl });
  replicas.push(app);
  return app;
}

/** A run claimed and finished through `app`: its lease is RELEASED, its cleanup's first attempt started there. */
async function endedLease(app: TestServer, environmentId: string): Promise<string> {
  const run = await fixtures.startRun(app.url, agent, { issueId, environmentId });
  const claim = await fixtures.claimRun(app.url, agent.token, run.id, { runnerId: "cleanup-runner", pid: 4242 });
  await gqlData(app.url, agent.token, FinishRun, { input: { runId: run.id, status: "SUCCEEDED" } });
  return claim.lease.id;
}

async function environmentFor(app: TestServer, providerKey: string): Promise<string> {
  return (await fixtures.createEnvironment(app.url, companyId, { name: providerKey, providerKey, capacity: 5 })).id;
}

interface CleanupRow {
  cleanupStatus: string | null;
  cleanupAttempts: number;
  cleanupError: string | null;
}

async function cleanupOf(leaseId: string): Promise<CleanupRow> {
  const { rows } = await sql.query<CleanupRow>(`SELECT "cleanupStatus", "cleanupAttempts", "cleanupError" FROM "Lease" WHERE "id" = $1`, [uuidOf(leaseId)]);
  return rows[0]!;
}

async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

const untilStatus = (leaseId: string, status: string) =>
  eventually(`cleanup ${status}`, async () => {
    const row = await cleanupOf(leaseId);
    return row.cleanupStatus === status ? row : undefined;
  });

describe("a release() that fails is retried", () => {
  it("throws three times, then succeeds: PENDING → DONE after 4 attempts, across a restart of the replica that first tried", async () => {
    const world = newWorld();
    const flaky = (name: string) => recordingProvider("flaky", name, world, (n) => (n <= 3 ? "throw" : 0));
    const first = await replica([flaky("first")]);
    const environmentId = await environmentFor(first, "flaky");
    const leaseId = await endedLease(first, environmentId);
    await eventually("the first attempt recorded", async () => ((await cleanupOf(leaseId)).cleanupError ? true : undefined));
    // The replica that made the first attempt goes away; its successor on the same database finishes the job.
    await first.stop();
    const afterFirst = world.calls.length;
    const pending = await cleanupOf(leaseId);
    expect(pending.cleanupStatus).toBe("PENDING");
    expect(pending.cleanupError).toMatch(/release failure/);
    const second = await replica([flaky("second")]);
    const done = await untilStatus(leaseId, "DONE");
    expect(done).toEqual({ cleanupStatus: "DONE", cleanupAttempts: 4, cleanupError: null });
    expect(world.calls.filter((c) => c.replica === "first").length).toBe(afterFirst);
    expect(world.calls.filter((c) => c.replica === "second").length).toBe(4 - afterFirst);
    // Environment.leases filters by cleanupStatus.
    const listed = await gqlData(second.url, TEST_ADMIN_TOKEN, EnvironmentLeases, { id: environmentId, cleanupStatus: "DONE" });
    const edges = listed.node && "leases" in listed.node ? listed.node.leases.edges : [];
    expect(edges.map((e) => e.node.id)).toEqual([leaseId]);
    const none = await gqlData(second.url, TEST_ADMIN_TOKEN, EnvironmentLeases, { id: environmentId, cleanupStatus: "PENDING" });
    expect(none.node && "leases" in none.node ? none.node.leases.edges : null).toEqual([]);
    await second.stop();
  });

  it("always throws: FAILED with its error after RUNYARD_CLEANUP_MAX_ATTEMPTS; retryLeaseCleanup (operator) starts over", async () => {
    const world = newWorld();
    const app = await replica([recordingProvider("broken", "only", world, () => "throw")]);
    const environmentId = await environmentFor(app, "broken");
    const leaseId = await endedLease(app, environmentId);
    const failed = await untilStatus(leaseId, "FAILED");
    expect(failed).toEqual({ cleanupStatus: "FAILED", cleanupAttempts: 4, cleanupError: "release failure 4" });
    // Nobody tries a FAILED cleanup again on their own.
    await sleep(600);
    expect(world.calls.length).toBe(4);

    // An agent of the company may not restart it; an unknown lease is NOT_FOUND.
    const refused = await gql(app.url, agent.token, RetryLeaseCleanup, { input: { leaseId } });
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const missing = await gql(app.url, TEST_ADMIN_TOKEN, RetryLeaseCleanup, { input: { leaseId: encodeGlobalID("Lease", randomUUID()) } });
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

    const { retryLeaseCleanup } = await gqlData(app.url, TEST_ADMIN_TOKEN, RetryLeaseCleanup, { input: { leaseId } });
    expect(retryLeaseCleanup).toMatchObject({ cleanupStatus: "PENDING", cleanupAttempts: 0, cleanupError: null });
    await eventually("four more attempts", async () => ((await cleanupOf(leaseId)).cleanupStatus === "FAILED" && world.calls.length === 8 ? true : undefined));
    expect(await cleanupOf(leaseId)).toEqual({ cleanupStatus: "FAILED", cleanupAttempts: 4, cleanupError: "release failure 8" });
    await app.stop();
  });

  it("hangs past RUNYARD_RELEASE_TIMEOUT_MS: PENDING with the timeout as its error, then retried", async () => {
    const world = newWorld();
    const app = await replica([recordingProvider("hanging", "only", world, (n) => (n === 1 ? "hang" : 0))]);
    const environmentId = await environmentFor(app, "hanging");
    const leaseId = await endedLease(app, environmentId);
    const timedOut = await eventually("the timed-out attempt recorded", async () => {
      const row = await cleanupOf(leaseId);
      return row.cleanupError ? row : undefined;
    });
    expect(timedOut).toEqual({ cleanupStatus: "PENDING", cleanupAttempts: 1, cleanupError: "release() did not finish within 800 ms" });
    expect(await untilStatus(leaseId, "DONE")).toEqual({ cleanupStatus: "DONE", cleanupAttempts: 2, cleanupError: null });
    await app.stop();
  });
});

describe("one attempt at a time", () => {
  it("two replicas retrying the same PENDING cleanups never call release() twice at once for one lease", async () => {
    const world = newWorld();
    // Each call takes 60 ms and fails until the 6th (which takes 150 ms): with no backoff to speak
    // of, both replicas' reapers find the leases due again and again while a call is in flight.
    const slow = (name: string) => recordingProvider("contended", name, world, (n) => (n < 6 ? "throw" : 150));
    const fast = { RUNYARD_REAPER_INTERVAL_MS: "20", RUNYARD_CLEANUP_BACKOFF_MS: "1", RUNYARD_CLEANUP_BACKOFF_MAX_MS: "1", RUNYARD_CLEANUP_MAX_ATTEMPTS: "6" };
    // Without Redis, so without the reaper lock: both replicas' passes run at once, every 20 ms, and
    // only the claim statement keeps their attempts apart.
    const [a, b] = await Promise.all([replica([slow("a")], fast, null), replica([slow("b")], fast, null)]);
    const environmentId = await environmentFor(a, "contended");
    // One after another: wakes of one agent and issue coalesce while a run is QUEUED.
    const leaseIds = [await endedLease(a, environmentId), await endedLease(b, environmentId), await endedLease(a, environmentId)];
    const settled = await Promise.all(
      leaseIds.map((leaseId) =>
        eventually("the cleanup settled", async () => {
          const row = await cleanupOf(leaseId);
          return row.cleanupStatus === "PENDING" ? undefined : row;
        }),
      ),
    );
    expect(world.maxOverlap, "release() calls in flight at once for one lease").toBe(1);
    expect(settled).toEqual(Array(3).fill({ cleanupStatus: "DONE", cleanupAttempts: 6, cleanupError: null }));
    expect(world.calls.length).toBe(18);
    // Both replicas took part (the claim, not luck, kept them apart).
    expect(new Set(world.calls.map((c) => c.replica))).toEqual(new Set(["a", "b"]));
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe("a replica that dies during its release()", () => {
  it("SIGKILLed after the run's end committed, inside release(): the other replica's reaper completes the cleanup", async () => {
    const dir = await mkdtemp(join(tmpdir(), "runyard-cleanup-"));
    const log = join(dir, "release.log");
    const plugin = join(dir, "blocking.mjs");
    // release() blocks for good where BLOCK_RELEASE is set (the spawned replica), returns at once elsewhere.
    await writeFile(
      plugin,
      `import { appendFileSync } from "node:fs";
export default {
  key: "blocking",
  async register() {},
  async createDriver(target) {
    return {
      async prepare() {},
      async release() {
        appendFileSync(${JSON.stringify(log)}, JSON.stringify({ pid: process.pid, leaseId: target.lease.id }) + "\\n");
        if (process.env.BLOCK_RELEASE) await new Promise(() => {});
      },
    };
  },
};
`,
    );
    const knobs = { ...KNOBS, RUNYARD_PLUGINS: plugin, RUNYARD_RELEASE_TIMEOUT_MS: "1000", RUNYARD_REAPER_INTERVAL_MS: "200" };
    const doomed = await startServer({ databaseUrl: db.url, env: { ...knobs, BLOCK_RELEASE: "1" } });
    replicas.push(doomed);
    let survivor: TestApp | undefined;
    try {
      const environmentId = await environmentFor(doomed, "blocking");
      const leaseId = await endedLease(doomed, environmentId);
      const calls = () =>
        existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { pid: number; leaseId: string }) : [];
      await eventually("the doomed replica inside release()", async () => (calls().some((c) => c.pid === doomed.pid) ? true : undefined));
      expect((await cleanupOf(leaseId)).cleanupStatus).toBe("PENDING");
      // Started only now, so that the first attempt is surely the doomed replica's.
      survivor = await startApp({ databaseUrl: db.url, env: knobs });
      replicas.push(survivor);
      await doomed.kill("SIGKILL");
      const done = await untilStatus(leaseId, "DONE");
      expect(done).toEqual({ cleanupStatus: "DONE", cleanupAttempts: 2, cleanupError: null });
      expect(calls().map((c) => c.pid)).toEqual([doomed.pid, process.pid]);
      expect(new Set(calls().map((c) => c.leaseId))).toEqual(new Set([uuidOf(leaseId)]));
    } finally {
      await survivor?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
