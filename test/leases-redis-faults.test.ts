// Guarantee 5 without help from Redis: grants never touch Redis (the database alone decides a
// slot); Redis only keeps one replica's reaper pass running at a time. Two real server processes
// share a PRIVATE redis-server (so killing it disturbs nobody else); the test deletes its lock keys
// in a tight loop, then SIGKILLs it mid-grant, runs rounds without it, and restarts it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData, type GqlError } from "./support/graphql-client.js";
import { getFreePort } from "./support/ports.js";
import { AcquireLease, createIssue, ReleaseLease, seedCompany, startRun } from "./support/fixtures.js";
import { reportInternalErrorsAfterEach, startServer, type ServerProcess } from "./support/server-process.js";

const Ping = graphql(`
  query LfPing($id: ID!) { node(id: $id) { id } }
`);

const CAPACITY = 3;
const RUNS = 36;
const BATCH = 12;
const TTL = 600;

interface Held {
  id: string;
  fencingToken: number;
}

const uuidOf = (globalId: string): string => decodeGlobalID(globalId).id;
const codeOf = (error: GqlError): string => String(error.extensions?.code ?? "NO_CODE");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A private redis-server on `port`, resolved once it accepts connections. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server :${port} not ready in 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server :${port} exited (${code}) before it was ready:\n${output}`));
    });
  });
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

let db: TestDatabase;
let sql: pg.Client;
let dataDir: string;
let redisPort: number;
let redis: ChildProcess;
let replicas: [ServerProcess, ServerProcess];
let agentToken: string;
let environmentId: string;
let runIds: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  dataDir = await mkdtemp(join(tmpdir(), "runyard-lease-faults-"));
  redisPort = await getFreePort();
  redis = await startRedis(redisPort);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  // A small pool: PostgreSQL's connections are shared by every test file running at once.
  const env = { RUNYARD_REAPER_INTERVAL_MS: "1000", RUNYARD_DATA_DIR: dataDir, RUNYARD_DB_POOL_SIZE: "8" };
  replicas = await Promise.all([startServer({ databaseUrl: db.url, redisUrl, env }), startServer({ databaseUrl: db.url, redisUrl, env })]);

  const seed = await seedCompany(replicas[0].url, {
    company: "lease-faults",
    agents: ["contender"],
    environment: { name: "contended", capacity: CAPACITY },
  });
  const agent = seed.agents[0]!;
  agentToken = agent.token;
  environmentId = seed.environmentId;
  runIds = [];
  for (let i = 0; i < RUNS; i += 12) {
    const batch = await Promise.all(
      // An issue per run: one agent and issue queue one run.
      Array.from({ length: 12 }, async (_, j) => {
        const issueId = await createIssue(replicas[0].url, seed.companyId, `faults ${i + j}`);
        return startRun(replicas[j % 2]!.url, agent, { issueId, environmentId });
      }),
    );
    runIds.push(...batch.map((run) => run.id));
  }
});

reportInternalErrorsAfterEach(() => replicas);

afterAll(async () => {
  // Servers before Redis: a server drains faster while its Redis answers.
  await Promise.all((replicas ?? []).map((server) => server.stop()));
  if (redis) await killHard(redis);
  await sql?.end();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("leases when Redis misbehaves", () => {
  let holders: Held[] = [];
  let round = 0;
  const tokensByRound: number[][] = [];
  const unexpected: string[] = [];

  /** Releases the holders, then BATCH runs contend; returns how many were granted. */
  async function releaseAndContend(during?: () => Promise<void>): Promise<number> {
    const released = await Promise.all(
      holders.map((lease, i) =>
        gql(replicas[(round + i) % 2]!.url, agentToken, ReleaseLease, { input: { leaseId: lease.id, fencingToken: lease.fencingToken } }),
      ),
    );
    for (const response of released) {
      for (const error of response.errors ?? []) unexpected.push(`release: [${codeOf(error)}] ${error.message}`);
      if (response.data) expect(response.data.releaseLease).toMatchObject({ status: "RELEASED", releaseReason: "MANUAL" });
    }
    const batch = Array.from({ length: BATCH }, (_, j) => runIds[(round * BATCH + j) % RUNS]!);
    const contention = Promise.all(
      batch.map((runId, i) => gql(replicas[i % 2]!.url, agentToken, AcquireLease, { input: { environmentId, runId, ttlSeconds: TTL } })),
    );
    await during?.();
    const responses = await contention;
    const granted: Held[] = [];
    for (const response of responses) {
      if (response.data?.acquireLease) granted.push(response.data.acquireLease);
      for (const error of response.errors ?? []) {
        if (codeOf(error) !== "LEASE_UNAVAILABLE") unexpected.push(`acquire, round ${round}: [${codeOf(error)}] ${error.message}`);
      }
    }
    expect(unexpected, `round ${round}`).toEqual([]);
    holders = granted;
    tokensByRound.push(granted.map((l) => l.fencingToken));
    round += 1;
    return granted.length;
  }

  it("contention rounds while lock keys are deleted in a tight loop, then with Redis SIGKILLed mid-grant and restarted: never above capacity", async () => {
    const poller = new pg.Client({ connectionString: db.url });
    await poller.connect();
    let polling = true;
    let samples = 0;
    let maxActive = 0;
    const polled = (async () => {
      while (polling) {
        const { rows } = await poller.query<{ n: string }>(
          `SELECT count(*) AS n FROM "Lease" WHERE "environmentId" = $1 AND status = 'ACTIVE'`,
          [uuidOf(environmentId)],
        );
        samples += 1;
        maxActive = Math.max(maxActive, Number(rows[0]!.n));
      }
    })();

    const lockKey = "runyard:lock:reaper";
    try {
      // (a) Someone keeps deleting the lock keys: reaper passes overlap, grants go on.
      const vandal = new Redis(`redis://127.0.0.1:${redisPort}`, { maxRetriesPerRequest: 0 });
      let vandalising = true;
      let deleted = 0;
      const vandalism = (async () => {
        while (vandalising) {
          deleted += await vandal.del(lockKey);
          const keys = await vandal.keys("runyard:lock:*");
          if (keys.length) deleted += await vandal.del(...keys);
        }
      })();
      try {
        // At least 6 rounds, and on until the vandal has caught a reaper pass holding the key.
        const until = Date.now() + 20_000;
        for (let i = 0; i < 6 || (deleted === 0 && Date.now() < until); i++) expect(await releaseAndContend(), `round ${round - 1}`).toBe(CAPACITY);
      } finally {
        vandalising = false;
        await vandalism;
        vandal.disconnect();
      }
      console.log(`[lease-faults] deleted ${deleted} lock keys while ${round} rounds contended`);
      expect(deleted).toBeGreaterThan(0);

      // (b) Redis dies while the batch contends (some are between SET NX and release).
      const killedAt = await releaseAndContend(async () => {
        await sleep(15);
        await killHard(redis);
      });
      expect(killedAt).toBe(CAPACITY);

      // Without Redis: mutations still work, the database alone guards the slots.
      // At least 3 rounds, and on until each replica's reaper has had a pass without Redis.
      const withoutRedis = /redis unavailable .*the database alone guards this step/;
      const until = Date.now() + 20_000;
      for (let i = 0; i < 3 || (!replicas.every((r) => withoutRedis.test(r.output())) && Date.now() < until); i++) {
        expect(await releaseAndContend(), `round ${round - 1}`).toBe(CAPACITY);
      }
      // Both replicas' reapers noticed and ran without the lock.
      for (const server of replicas) expect(server.output()).toMatch(withoutRedis);
      for (const server of replicas) {
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).toBe(200);
        const ready = await fetch(`${server.url}/readyz`);
        expect(ready.status).toBe(503);
        const { node } = await gqlData(server.url, agentToken, Ping, { id: environmentId });
        expect(node?.id).toBe(environmentId);
      }

      // Redis comes back (empty, as after a restart without persistence) on the same port.
      redis = await startRedis(redisPort);
      const deadline = Date.now() + 15_000;
      for (const server of replicas) {
        while ((await fetch(`${server.url}/readyz`)).status !== 200) {
          if (Date.now() > deadline) throw new Error(`replica ${server.url} not ready again within 15 s of the Redis restart:\n${server.output()}`);
          await sleep(100);
        }
      }
      // The replicas take the reaper lock in Redis again: a watcher sees the key while they contend.
      const watcher = new Redis(`redis://127.0.0.1:${redisPort}`, { maxRetriesPerRequest: 0 });
      let watching = true;
      let seen = 0;
      const watched = (async () => {
        while (watching) seen += await watcher.exists(lockKey);
      })();
      try {
        const watchUntil = Date.now() + 20_000;
        for (let i = 0; i < 4 || (seen === 0 && Date.now() < watchUntil); i++) expect(await releaseAndContend(), `round ${round - 1}`).toBe(CAPACITY);
      } finally {
        watching = false;
        await watched;
        watcher.disconnect();
      }
      expect(seen).toBeGreaterThan(0);
    } finally {
      polling = false;
      await polled;
      await poller.end();
    }

    console.log(`[lease-faults] ${samples} ACTIVE-count samples over ${round} rounds, max ${maxActive}`);
    expect(samples).toBeGreaterThan(100);
    expect(maxActive).toBe(CAPACITY);
    expect(unexpected).toEqual([]);

    // Fencing tokens: unique, gapless, and each round's above every earlier round's.
    for (let r = 1; r < tokensByRound.length; r++) {
      expect(Math.min(...tokensByRound[r]!), `round ${r}`).toBeGreaterThan(Math.max(...tokensByRound[r - 1]!));
    }
    const { rows } = await sql.query<{ fencingToken: number }>(
      `SELECT "fencingToken" FROM "Lease" WHERE "environmentId" = $1 ORDER BY "fencingToken"`,
      [uuidOf(environmentId)],
    );
    expect(rows.map((r) => r.fencingToken)).toEqual(Array.from({ length: CAPACITY * round }, (_, i) => i + 1));
    const { rows: active } = await sql.query<{ slot: number }>(
      `SELECT "slot" FROM "Lease" WHERE "environmentId" = $1 AND "status" = 'ACTIVE' ORDER BY "slot"`,
      [uuidOf(environmentId)],
    );
    expect(active.map((r) => r.slot)).toEqual([0, 1, 2]);
  }, 120_000);
});
