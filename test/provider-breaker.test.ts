// The circuit breaker per provider, shared by every replica: after RUNYARD_PROVIDER_FAILURE_THRESHOLD
// consecutive failed prepare() calls, claims of runs in the provider's environments are refused
// with PROVIDER_UNAVAILABLE (the runs stay QUEUED) for a cool-down that doubles per failed probe;
// once it has passed, one claim across all replicas is the probe, and its success closes the
// breaker. Two in-process replicas on one database and Redis, runners claiming in a loop on both.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import * as fixtures from "./support/fixtures.js";
import { FinishRun, type Agent } from "./support/fixtures.js";
import { gql, gqlData, type GqlError } from "./support/graphql-client.js";
import { reportInternalErrorsAfterEach, TEST_ADMIN_TOKEN } from "./support/server-process.js";
import type { SandboxProvider } from "../resolvers/providers.js";
import { ConfigError, readConfig } from "../server/config.js";

const BreakerClaimNext = graphql(`
  mutation BreakerClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id status } } }
`);
const BreakerClaim = graphql(`
  mutation BreakerClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id status } } }
`);
const BreakerProviders = graphql(`
  query BreakerProviders { sandboxProviders { key state health consecutiveFailures openUntil } }
`);

const THRESHOLD = 5;
const COOL_DOWN_MS = 500;
const COOL_DOWN_MAX_MS = 2_000;
const RUNS = 30;
const RUNNERS_PER_REPLICA = 2;
const FAILING_FOR_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uuidOf = (globalId: string): string => decodeGlobalID(globalId).id;

let db: TestDatabase;
let sql: pg.Client;
let replicas: TestApp[] = [];
let agent: Agent;
let environmentId: string;
let companyId: string;
let breakerEnv: Record<string, string>;
const world = { failing: true, prepares: 0, prepareFailures: 0, failedAt: [] as number[] };

/** prepare() throws while world.failing; every call is counted, on whichever replica. */
const fragile: SandboxProvider = {
  key: "fragile",
  async register() {},
  async createDriver() {
    return {
      async prepare() {
        world.prepares++;
        await sleep(10);
        if (world.failing) {
          world.prepareFailures++;
          world.failedAt.push(Date.now());
          throw new Error("the sandbox API is down");
        }
      },
      async release() {},
    };
  },
};

/** prepare() takes 300 ms and throws: claims racing for one probe overlap for sure. */
const slowProbes = { prepares: 0 };
const slowFailing: SandboxProvider = {
  key: "slow-failing",
  async register() {},
  async createDriver() {
    return {
      async prepare() {
        slowProbes.prepares++;
        await sleep(300);
        throw new Error("still down");
      },
      async release() {},
    };
  },
};

/** prepare() throws while `recovering.failing`. */
const recovering = { failing: true, prepares: 0 };
const recoveringProvider: SandboxProvider = {
  key: "recovering",
  async register() {},
  async createDriver() {
    return {
      async prepare() {
        recovering.prepares++;
        if (recovering.failing) throw new Error("not yet");
      },
      async release() {},
    };
  },
};

reportInternalErrorsAfterEach(() => replicas);

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const env = {
    RUNYARD_PROVIDER_FAILURE_THRESHOLD: String(THRESHOLD),
    RUNYARD_PROVIDER_COOL_DOWN_MS: String(COOL_DOWN_MS),
    RUNYARD_PROVIDER_COOL_DOWN_MAX_MS: String(COOL_DOWN_MAX_MS),
    RUNYARD_REAPER_INTERVAL_MS: "200",
    RUNYARD_DB_POOL_SIZE: "6",
  };
  replicas = await Promise.all([
    startApp({ databaseUrl: db.url, env, providers: [fragile, slowFailing, recoveringProvider] }),
    startApp({ databaseUrl: db.url, env, providers: [fragile, slowFailing, recoveringProvider] }),
  ]);
  breakerEnv = env;
  const url = replicas[0]!.url;
  const seed = await fixtures.seedCompany(url, {
    company: "breaker",
    agents: [{ name: "breaker-agent", maxConcurrentRuns: 100 }],
    environment: { name: "fragile", providerKey: "fragile", capacity: 100 },
  });
  agent = seed.agents[0]!;
  environmentId = seed.environmentId;
  companyId = seed.companyId;
  // One issue per run: wakes of one agent and issue coalesce, and a workspace runs one run at a time.
  for (let i = 0; i < RUNS; i++) {
    const issueId = await fixtures.createIssue(url, seed.companyId, `issue ${i}`);
    await fixtures.startRun(url, agent, { issueId, environmentId });
  }
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await sql?.end();
  await db?.drop();
});

async function runCounts(): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ status: string; n: number }>(
    `SELECT "status", count(*)::int AS n FROM "Run" WHERE "environmentId" = $1 GROUP BY "status"`,
    [uuidOf(environmentId)],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function queuedRunIds(environment = environmentId): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(`SELECT "id" FROM "Run" WHERE "status" = 'QUEUED' AND "environmentId" = $1`, [uuidOf(environment)]);
  return rows.map((r) => r.id);
}

const encodeRun = (id: string) => Buffer.from(`Run:${id}`).toString("base64");

/**
 * A runner on `app` until `until()` says stop: by turns claimNextRun (waiting up to 1 s) and
 * claimRun of a QUEUED run by id; a run it gets is finished SUCCEEDED. Every error is collected.
 */
async function runner(app: TestApp, name: string, until: () => boolean, errors: GqlError[]): Promise<void> {
  for (let turn = 0; !until(); turn++) {
    let runId: string | null = null;
    if (turn % 2 === 0) {
      const res = await gql(app.url, agent.token, BreakerClaimNext, { input: { runnerId: name, pid: 1000 + turn, waitSeconds: 1 } });
      errors.push(...(res.errors ?? []));
      runId = res.data?.claimNextRun?.run.id ?? null;
    } else {
      const queued = await queuedRunIds();
      if (queued.length === 0) continue;
      const pick = queued[Math.floor(Math.random() * queued.length)]!;
      const res = await gql(app.url, agent.token, BreakerClaim, { input: { runId: encodeRun(pick), runnerId: name, pid: 1000 + turn } });
      errors.push(...(res.errors ?? []));
      runId = res.data?.claimRun.run.id ?? null;
    }
    if (runId) await gqlData(app.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED" } });
  }
}

function runners(until: () => boolean, errors: GqlError[]): Promise<void[]> {
  return Promise.all(replicas.flatMap((app, r) => Array.from({ length: RUNNERS_PER_REPLICA }, (_, i) => runner(app, `runner-${r}-${i}`, until, errors))));
}

async function fragileView() {
  const { sandboxProviders } = await gqlData(replicas[1]!.url, TEST_ADMIN_TOKEN, BreakerProviders);
  return sandboxProviders.find((p) => p.key === "fragile")!;
}

describe("a provider whose prepare() always fails", () => {
  it("opens its breaker after the threshold: few prepare() calls over 20 s, the threshold's runs FAILED, the rest QUEUED; recovered, the runs proceed", async () => {
    const errors: GqlError[] = [];
    const started = Date.now();
    await runners(() => Date.now() - started > FAILING_FOR_MS, errors);
    const elapsedMs = Date.now() - started;

    // Probes: one per cool-down that ended within the run (500, then 1000, 2000, 2000… ms after each reopening).
    let maxProbes = 0;
    for (let t = 0, coolDown = COOL_DOWN_MS; t + coolDown <= elapsedMs; t += coolDown, coolDown = Math.min(coolDown * 2, COOL_DOWN_MAX_MS)) maxProbes++;
    const runnersInFlight = replicas.length * RUNNERS_PER_REPLICA - 1;
    const counts = await runCounts();
    const openedAfterMs = world.failedAt[THRESHOLD - 1]! - world.failedAt[0]!;
    console.log(
      `[breaker] ${elapsedMs} ms failing: ${world.prepares} prepare() calls, runs ${JSON.stringify(counts)}, ≤ ${maxProbes} probes; ` +
        `first failure → breaker open (the ${THRESHOLD}th failure): ${openedAfterMs} ms`,
    );
    // prepare() ran for the threshold, the runners' claims already in flight when it opened, and the
    // probes; only the threshold's failures failed their runs: the others went back to the queue,
    // their leases released CANCELLED (as the claim's were called off), still their first attempt.
    expect(world.prepares).toBeGreaterThanOrEqual(THRESHOLD);
    expect(world.prepares).toBeLessThanOrEqual(THRESHOLD + runnersInFlight + maxProbes);
    expect(counts.FAILED).toBe(THRESHOLD);
    expect(counts.QUEUED).toBe(RUNS - THRESHOLD);
    expect(counts.RUNNING ?? 0).toBe(0);
    const { rows: requeued } = await sql.query<{ leases: number; attempts: number[] }>(
      `SELECT count(*)::int AS leases, array_agg(DISTINCT r."attempt") AS attempts FROM "Lease" l JOIN "Run" r ON r."id" = l."runId"
       WHERE l."environmentId" = $1 AND l."releaseReason" = 'CANCELLED' AND r."status" = 'QUEUED'`,
      [uuidOf(environmentId)],
    );
    expect(requeued[0]!.leases).toBe(world.prepareFailures - THRESHOLD);
    if (requeued[0]!.leases > 0) expect(requeued[0]!.attempts).toEqual([1]);

    const refusals = errors.filter((e) => e.extensions?.code === "PROVIDER_UNAVAILABLE");
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]!.extensions).toMatchObject({ provider: "fragile", openUntil: expect.stringMatching(/^\d{4}-/) });
    // Besides: a claim by id of a run another runner took since it was listed.
    expect(errors.filter((e) => !["PROVIDER_UNAVAILABLE", "PROVIDER_ERROR", "INVALID_RUN_TRANSITION"].includes(String(e.extensions?.code)))).toEqual([]);

    const degraded = await fragileView();
    expect(degraded).toMatchObject({ state: "READY", health: "DEGRADED" });
    expect(degraded.consecutiveFailures).toBe(world.prepareFailures);
    expect(degraded.openUntil).not.toBeNull();

    // The sandbox API is back: the next probe succeeds, the breaker closes, the queue drains.
    world.failing = false;
    const recovering = Date.now();
    let drained = false;
    const poll = (async () => {
      while (!drained && Date.now() - recovering < 30_000) {
        drained = (await queuedRunIds()).length === 0;
        await sleep(100);
      }
    })();
    await runners(() => drained || Date.now() - recovering > 30_000, errors);
    await poll;
    const after = await runCounts();
    expect(after).toEqual({ FAILED: THRESHOLD, SUCCEEDED: RUNS - THRESHOLD });
    expect(await fragileView()).toMatchObject({ state: "READY", health: "HEALTHY", consecutiveFailures: 0, openUntil: null });
  }, 90_000);
});

describe("after the cool-down", () => {
  it("exactly one claim across both replicas is the probe; its failure reopens the breaker for twice the cool-down and requeues its run", async () => {
    const slowEnvironment = (await fixtures.createEnvironment(replicas[0]!.url, companyId, { name: "slow", providerKey: "slow-failing", capacity: 100 })).id;
    const runIds: string[] = [];
    for (let i = 0; i < THRESHOLD + 8; i++) {
      const issueId = await fixtures.createIssue(replicas[0]!.url, companyId, `slow issue ${i}`);
      runIds.push((await fixtures.startRun(replicas[0]!.url, agent, { issueId, environmentId: slowEnvironment })).id);
    }
    const claim = (app: TestApp, runId: string) => gql(app.url, agent.token, BreakerClaim, { input: { runId, runnerId: "prober", pid: 77 } });
    // The threshold's failures, one after another: the last one opens the breaker.
    for (const runId of runIds.slice(0, THRESHOLD)) {
      expect((await claim(replicas[0]!, runId)).errors?.[0]?.extensions?.code).toBe("PROVIDER_ERROR");
    }
    const refused = await claim(replicas[1]!, runIds[THRESHOLD]!);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "PROVIDER_UNAVAILABLE", provider: "slow-failing" });
    const openUntil = Date.parse(String(refused.errors![0]!.extensions!.openUntil));
    const { rows: [refusedRun] } = await sql.query<{ status: string }>(`SELECT "status" FROM "Run" WHERE "id" = $1`, [uuidOf(runIds[THRESHOLD]!)]);
    expect(refusedRun).toEqual({ status: "QUEUED" });
    const { rows: leases } = await sql.query(`SELECT 1 FROM "Lease" WHERE "runId" = $1`, [uuidOf(runIds[THRESHOLD]!)]);
    expect(leases).toEqual([]);

    await sleep(Math.max(0, openUntil - Date.now()) + 100);
    const before = slowProbes.prepares;
    // Eight claims at once, on both replicas, of eight different runs: one probe, seven refusals.
    // The probe's failure reopens the breaker; its run goes back to the queue: all eight stay QUEUED.
    const results = await Promise.all(runIds.slice(THRESHOLD).map((runId, i) => claim(replicas[i % 2]!, runId)));
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code);
    expect(slowProbes.prepares - before).toBe(1);
    expect(codes).toEqual(Array(8).fill("PROVIDER_UNAVAILABLE"));
    const { rows: statuses } = await sql.query<{ status: string; n: number }>(
      `SELECT "status", count(*)::int AS n FROM "Run" WHERE "environmentId" = $1 GROUP BY "status"`,
      [uuidOf(slowEnvironment)],
    );
    expect(Object.fromEntries(statuses.map((r) => [r.status, r.n]))).toEqual({ QUEUED: 8, FAILED: THRESHOLD });
    const { rows: [breaker] } = await sql.query<{ coolDownMs: number; consecutiveFailures: number }>(
      `SELECT "coolDownMs", "consecutiveFailures" FROM "ProviderBreaker" WHERE "providerKey" = 'slow-failing'`,
    );
    expect(breaker).toEqual({ coolDownMs: 2 * COOL_DOWN_MS, consecutiveFailures: THRESHOLD + 1 });
  });
});

describe("a claimNextRun waiting while a breaker is open", () => {
  it("looks again when the cool-down ends (no event announces it), on a replica that did not open it, and its probe's success closes the breaker", async () => {
    // A third replica with a 2.5 s cool-down records the failures; the waiter is on another replica.
    const opener = await startApp({
      databaseUrl: db.url,
      env: { ...breakerEnv, RUNYARD_PROVIDER_COOL_DOWN_MS: "2500", RUNYARD_PROVIDER_COOL_DOWN_MAX_MS: "5000" },
      providers: [recoveringProvider],
    });
    replicas.push(opener);
    const waiterAgent = await fixtures.createAgent(opener.url, companyId, { name: "waiter-agent", maxConcurrentRuns: 100 });
    const recoveringEnvironment = (await fixtures.createEnvironment(opener.url, companyId, { name: "recovering", providerKey: "recovering", capacity: 100 })).id;
    const runIds: string[] = [];
    for (let i = 0; i < THRESHOLD + 1; i++) {
      const issueId = await fixtures.createIssue(opener.url, companyId, `recovering issue ${i}`);
      runIds.push((await fixtures.startRun(opener.url, waiterAgent, { issueId, environmentId: recoveringEnvironment })).id);
    }
    for (const runId of runIds.slice(0, THRESHOLD)) {
      const res = await gql(opener.url, waiterAgent.token, BreakerClaim, { input: { runId, runnerId: "opener", pid: 88 } });
      expect(res.errors?.[0]?.extensions?.code).toBe("PROVIDER_ERROR");
    }
    recovering.failing = false;
    // Waits up to 6 s, less than the waiters' 10 s re-check: only the look at the cool-down's end can find the run.
    const waited = await gqlData(replicas[1]!.url, waiterAgent.token, BreakerClaimNext, {
      input: { runnerId: "waiter", pid: 99, waitSeconds: 6, environmentIds: [recoveringEnvironment] },
    });
    expect(waited.claimNextRun?.run).toEqual({ id: runIds[THRESHOLD], status: "RUNNING" });
    expect(recovering.prepares).toBe(THRESHOLD + 1);
    const { sandboxProviders } = await gqlData(replicas[0]!.url, TEST_ADMIN_TOKEN, BreakerProviders);
    expect(sandboxProviders.find((p) => p.key === "recovering")).toMatchObject({ health: "HEALTHY", consecutiveFailures: 0, openUntil: null });
    await opener.stop();
  });
});

describe("the knobs", () => {
  it("default as documented; a bad value, or a maximum below its base, stops the start naming the variable", () => {
    expect(readConfig({})).toMatchObject({
      failureThreshold: 5, coolDownMs: 30_000, coolDownMaxMs: 600_000,
      releaseTimeoutMs: 60_000, cleanupMaxAttempts: 10, cleanupBackoffMs: 5_000, cleanupBackoffMaxMs: 600_000,
    });
    for (const name of [
      "RUNYARD_PROVIDER_FAILURE_THRESHOLD", "RUNYARD_PROVIDER_COOL_DOWN_MS", "RUNYARD_PROVIDER_COOL_DOWN_MAX_MS",
      "RUNYARD_RELEASE_TIMEOUT_MS", "RUNYARD_CLEANUP_MAX_ATTEMPTS", "RUNYARD_CLEANUP_BACKOFF_MS", "RUNYARD_CLEANUP_BACKOFF_MAX_MS",
    ]) {
      for (const value of ["0", "soon", "-5"]) {
        expect(() => readConfig({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(`^${name} must be an integer`));
      }
    }
    expect(() => readConfig({ RUNYARD_PROVIDER_COOL_DOWN_MS: "5000", RUNYARD_PROVIDER_COOL_DOWN_MAX_MS: "1000" })).toThrow(ConfigError);
    expect(() => readConfig({ RUNYARD_PROVIDER_COOL_DOWN_MS: "5000", RUNYARD_PROVIDER_COOL_DOWN_MAX_MS: "1000" })).toThrow(/^RUNYARD_PROVIDER_COOL_DOWN_MAX_MS/);
    expect(() => readConfig({ RUNYARD_CLEANUP_BACKOFF_MS: "5000", RUNYARD_CLEANUP_BACKOFF_MAX_MS: "1000" })).toThrow(/^RUNYARD_CLEANUP_BACKOFF_MAX_MS/);
  });
});
