// Guarantee 5 (at most `capacity` ACTIVE leases per environment, whatever the concurrency or the
// number of replicas), fencing tokens, and the lease events every replica's subscribers see.
// Two replicas (in-process, each with its own pool and Redis connections) share one database and Redis.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData, subscribe, type GqlError } from "./support/graphql-client.js";
import { createEnvironment as createEnvironmentOf, createIssue, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { reportInternalErrorsAfterEach, startServer, type TestServer } from "./support/server-process.js";

const AcquireLease = graphql(`
  mutation LseAcquireLease($input: AcquireLeaseInput!) {
    acquireLease(input: $input) { id slot fencingToken status expiresAt acquiredAt run { id } }
  }
`);
const RenewLease = graphql(`
  mutation LseRenewLease($input: RenewLeaseInput!) { renewLease(input: $input) { id fencingToken status expiresAt } }
`);
const ReleaseLease = graphql(`
  mutation LseReleaseLease($input: ReleaseLeaseInput!) {
    releaseLease(input: $input) { id fencingToken status releaseReason releasedAt }
  }
`);
const LeaseEvents = graphql(`
  subscription LseLeaseEvents($environmentId: ID!) {
    leaseEvents(environmentId: $environmentId) { kind releaseReason slot fencingToken expiresAt lease { id } }
  }
`);

const CAPACITY = 3;
const RUNS = 60;
const ROUNDS = 20;
/** Contenders per release-and-reacquire round. */
const BATCH = 12;
const LONG_TTL = 600;

interface Held {
  id: string;
  fencingToken: number;
  runId: string;
}

let db: TestDatabase;
let sql: pg.Client;
let dataDir: string;
let replicas: [TestServer, TestServer];
let agent: Agent;
let companyId: string;

const uuidOf = (globalId: string): string => decodeGlobalID(globalId).id;
const codeOf = (error: GqlError): string => String(error.extensions?.code ?? "NO_CODE");

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  dataDir = await mkdtemp(join(tmpdir(), "runyard-leases-"));
  // A small pool: PostgreSQL's connections are shared by every test file running at once.
  const env = { RUNYARD_REAPER_INTERVAL_MS: "200", RUNYARD_DATA_DIR: dataDir, RUNYARD_DB_POOL_SIZE: "8" };
  // Two processes: the capacity guarantee is across replicas, so the grants race from two event loops.
  replicas = await Promise.all([startServer({ databaseUrl: db.url, env }), startServer({ databaseUrl: db.url, env })]);
  const seed = await seedCompany(replicas[0].url, { company: "leases", agents: ["contender"] });
  ({ companyId } = seed);
  agent = seed.agents[0]!;
});

reportInternalErrorsAfterEach(() => replicas);

afterAll(async () => {
  await Promise.all((replicas ?? []).map((server) => server.stop()));
  await sql?.end();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function createEnvironment(name: string, capacity: number): Promise<string> {
  const environment = await createEnvironmentOf(replicas[0].url, companyId, { name, capacity });
  expect(environment.capacity).toBe(capacity);
  return environment.id;
}

/** `n` QUEUED runs on the environment, each on an issue of its own (one agent and issue queue one run), started through both replicas. */
async function startRuns(environmentId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, async (_, j) => {
        const issueId = await createIssue(replicas[0].url, companyId, `leases ${environmentId} ${i + j}`);
        return startRun(replicas[(i + j) % 2]!.url, agent, { issueId, environmentId });
      }),
    );
    for (const run of batch) {
      expect(run.status).toBe("QUEUED");
      ids.push(run.id);
    }
  }
  return ids;
}

async function activeCount(environmentId: string): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(
    `SELECT count(*) AS n FROM "Lease" WHERE "environmentId" = $1 AND "status" = 'ACTIVE'`,
    [uuidOf(environmentId)],
  );
  return Number(rows[0]!.n);
}

interface Contention {
  granted: Array<Held & { slot: number; expiresAt: string }>;
  unavailable: GqlError[];
  other: string[];
}

/** Every run asks for a lease at once, alternating between the replicas. */
async function contend(environmentId: string, runIds: string[]): Promise<Contention> {
  const responses = await Promise.all(
    runIds.map((runId, i) =>
      gql(replicas[i % 2]!.url, agent.token, AcquireLease, { input: { environmentId, runId, ttlSeconds: LONG_TTL } }),
    ),
  );
  const result: Contention = { granted: [], unavailable: [], other: [] };
  for (const response of responses) {
    const lease = response.data?.acquireLease;
    if (lease) {
      expect(lease.status).toBe("ACTIVE");
      result.granted.push({ id: lease.id, fencingToken: lease.fencingToken, runId: lease.run.id, slot: lease.slot, expiresAt: lease.expiresAt });
    }
    for (const error of response.errors ?? []) {
      if (codeOf(error) === "LEASE_UNAVAILABLE") result.unavailable.push(error);
      else result.other.push(`[${codeOf(error)}] ${error.message}`);
    }
    if (!lease && !response.errors?.length) result.other.push("a response with neither a lease nor errors");
  }
  return result;
}

describe("acquireLease: capacity holds across two replicas", () => {
  let environmentId: string;
  let runIds: string[];
  let holders: Held[] = [];
  const grantsByRound: number[][] = [];

  beforeAll(async () => {
    environmentId = await createEnvironment("contended", CAPACITY);
    runIds = await startRuns(environmentId, RUNS);
  });

  it("60 concurrent acquireLease calls: exactly 3 granted, 57 LEASE_UNAVAILABLE with earliestExpiresAt, 0 other errors", async () => {
    const result = await contend(environmentId, runIds);
    expect(result.other).toEqual([]);
    expect(result.granted).toHaveLength(CAPACITY);
    expect(result.unavailable).toHaveLength(RUNS - CAPACITY);
    expect(result.granted.map((l) => l.slot).sort()).toEqual([0, 1, 2]);
    expect(new Set(result.granted.map((l) => l.runId)).size).toBe(CAPACITY);

    // Every refusal came once the three grants were in, so each names the earliest of their expiries.
    const earliest = Math.min(...result.granted.map((l) => Date.parse(l.expiresAt)));
    for (const error of result.unavailable) {
      expect(error.extensions?.earliestExpiresAt, JSON.stringify(error)).toBeTypeOf("string");
      expect(Date.parse(String(error.extensions!.earliestExpiresAt))).toBe(earliest);
    }

    expect(await activeCount(environmentId)).toBe(CAPACITY);
    const { rows } = await sql.query<{ slot: number; runId: string }>(
      `SELECT "slot", "runId" FROM "Lease" WHERE "environmentId" = $1 AND "status" = 'ACTIVE' ORDER BY "slot"`,
      [uuidOf(environmentId)],
    );
    expect(rows.map((r) => r.slot)).toEqual([0, 1, 2]);
    expect(rows.map((r) => r.runId).sort()).toEqual(result.granted.map((l) => uuidOf(l.runId)).sort());
    holders = result.granted;
    grantsByRound.push(result.granted.map((l) => l.fencingToken));
  });

  it(`${ROUNDS} rounds of release-and-reacquire: never more than 3 ACTIVE at any instant, fencing tokens strictly increasing`, async () => {
    expect(holders).toHaveLength(CAPACITY);
    // A separate connection samples the ACTIVE count as fast as it can for the whole test.
    const poller = new pg.Client({ connectionString: db.url });
    await poller.connect();
    let polling = true;
    let samples = 0;
    let maxActive = 0;
    const histogram = new Map<number, number>();
    const polled = (async () => {
      while (polling) {
        const { rows } = await poller.query<{ n: string }>(
          `SELECT count(*) AS n FROM "Lease" WHERE "environmentId" = $1 AND status = 'ACTIVE'`,
          [uuidOf(environmentId)],
        );
        const n = Number(rows[0]!.n);
        samples += 1;
        maxActive = Math.max(maxActive, n);
        histogram.set(n, (histogram.get(n) ?? 0) + 1);
      }
    })();

    try {
      for (let round = 0; round < ROUNDS; round++) {
        // Release every holder with its own fencing token (through both replicas).
        const released = await Promise.all(
          holders.map((lease, i) =>
            gqlData(replicas[(round + i) % 2]!.url, agent.token, ReleaseLease, { input: { leaseId: lease.id, fencingToken: lease.fencingToken } }),
          ),
        );
        for (const { releaseLease } of released) {
          expect(releaseLease.status).toBe("RELEASED");
          expect(releaseLease.releaseReason).toBe("MANUAL");
          expect(releaseLease.releasedAt).toBeTypeOf("string");
        }
        // The next batch: BATCH runs, a window sliding over all 60, so released holders contend again later.
        const batch = Array.from({ length: BATCH }, (_, j) => runIds[(round * BATCH + j) % RUNS]!);
        const result = await contend(environmentId, batch);
        expect(result.other, `round ${round}`).toEqual([]);
        expect(result.granted, `round ${round}`).toHaveLength(CAPACITY);
        expect(result.unavailable, `round ${round}`).toHaveLength(BATCH - CAPACITY);
        expect(result.granted.map((l) => l.slot).sort(), `round ${round}`).toEqual([0, 1, 2]);
        holders = result.granted;
        grantsByRound.push(result.granted.map((l) => l.fencingToken));
      }
    } finally {
      polling = false;
      await polled;
      await poller.end();
    }

    console.log(`[leases] ${samples} ACTIVE-count samples over ${ROUNDS} rounds; histogram ${JSON.stringify([...histogram].sort())}`);
    expect(samples).toBeGreaterThan(100);
    expect(maxActive).toBe(CAPACITY); // never above it, and the poller did see it full
    expect(await activeCount(environmentId)).toBe(CAPACITY);

    // Grant order as the test saw it: every round's tokens are above every earlier round's.
    for (let r = 1; r < grantsByRound.length; r++) {
      expect(Math.min(...grantsByRound[r]!), `round ${r}`).toBeGreaterThan(Math.max(...grantsByRound[r - 1]!));
    }
    // And as the database recorded it: tokens unique, 1..N with no gap (a refused grant rolls its
    // increment back), and acquiredAt never goes backwards as the token goes up.
    const { rows } = await sql.query<{ fencingToken: number; acquiredAt: Date; status: string }>(
      `SELECT "fencingToken", "acquiredAt", "status" FROM "Lease" WHERE "environmentId" = $1 ORDER BY "fencingToken"`,
      [uuidOf(environmentId)],
    );
    const total = CAPACITY * (ROUNDS + 1);
    expect(rows.map((r) => r.fencingToken)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.acquiredAt.getTime(), `token ${rows[i]!.fencingToken}`).toBeGreaterThanOrEqual(rows[i - 1]!.acquiredAt.getTime());
    }
    expect(rows.filter((r) => r.status === "ACTIVE")).toHaveLength(CAPACITY);
    expect(rows.filter((r) => r.status === "RELEASED")).toHaveLength(total - CAPACITY);
  }, 120_000);

  it("a stale fencing token: renewLease/releaseLease → STALE_FENCING_TOKEN, and nothing changes", async () => {
    expect(holders).toHaveLength(CAPACITY);
    const current = holders[0]!;
    // A lease of this environment released earlier: its token is older than every current one.
    const { rows: oldRows } = await sql.query<{ id: string; fencingToken: number }>(
      `SELECT "id", "fencingToken" FROM "Lease" WHERE "environmentId" = $1 AND "status" = 'RELEASED' ORDER BY "fencingToken" DESC LIMIT 1`,
      [uuidOf(environmentId)],
    );
    const old = oldRows[0]!;
    expect(old.fencingToken).toBeLessThan(current.fencingToken);
    const oldGlobalId = encodeGlobalID("Lease", old.id);

    const snapshot = async () =>
      (await sql.query(`SELECT * FROM "Lease" WHERE "environmentId" = $1 ORDER BY "fencingToken"`, [uuidOf(environmentId)])).rows;
    const before = await snapshot();

    const attempts = [
      // The current lease, presented with an older token (and with a newer one nobody holds).
      gql(replicas[0].url, agent.token, RenewLease, { input: { leaseId: current.id, fencingToken: old.fencingToken, ttlSeconds: 30 } }),
      gql(replicas[1].url, agent.token, ReleaseLease, { input: { leaseId: current.id, fencingToken: old.fencingToken } }),
      gql(replicas[0].url, agent.token, RenewLease, { input: { leaseId: current.id, fencingToken: current.fencingToken + 1000, ttlSeconds: 30 } }),
      gql(replicas[1].url, agent.token, ReleaseLease, { input: { leaseId: current.id, fencingToken: current.fencingToken - 1 } }),
      // A lease that already ended, with its own (no longer current) token.
      gql(replicas[0].url, agent.token, RenewLease, { input: { leaseId: oldGlobalId, fencingToken: old.fencingToken, ttlSeconds: 30 } }),
      gql(replicas[1].url, agent.token, ReleaseLease, { input: { leaseId: oldGlobalId, fencingToken: old.fencingToken } }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.map(codeOf)).toEqual(["STALE_FENCING_TOKEN"]);
    }
    expect(await snapshot()).toEqual(before);

    // The right token still works afterwards.
    const { renewLease } = await gqlData(replicas[1].url, agent.token, RenewLease, {
      input: { leaseId: current.id, fencingToken: current.fencingToken, ttlSeconds: LONG_TTL },
    });
    expect(renewLease).toMatchObject({ id: current.id, fencingToken: current.fencingToken, status: "ACTIVE" });
  });
});

describe("leaseEvents across replicas", () => {
  it("GRANTED, RENEWED, RELEASED (MANUAL), EXPIRED and CLEANUP_CHANGED reach subscribers on both replicas; stale calls publish nothing", async () => {
    const environmentId = await createEnvironment("evented", 1);
    const [runId, nextRunId] = await startRuns(environmentId, 2) as [string, string];
    type Event = { leaseEvents: { kind: string; releaseReason?: string | null; slot: number; fencingToken: number; expiresAt: string; lease: { id: string } } };
    const subs = replicas.map((server) => subscribe(server.wsUrl, agent.token, LeaseEvents, { environmentId }));
    try {
      await Promise.all(subs.map((s) => s.ready));
      /** The next event on both subscriptions: the same on each. */
      const nextEvent = async (timeoutMs = 10_000) => {
        const [a, b] = (await Promise.all(subs.map((s) => s.next(timeoutMs)))) as [Event, Event];
        expect(b.leaseEvents).toEqual(a.leaseEvents);
        return a.leaseEvents;
      };

      const { acquireLease: lease } = await gqlData(replicas[0].url, agent.token, AcquireLease, { input: { environmentId, runId, ttlSeconds: 60 } });
      expect(await nextEvent()).toEqual({
        kind: "GRANTED", releaseReason: null, slot: 0, fencingToken: lease.fencingToken, expiresAt: lease.expiresAt, lease: { id: lease.id },
      });

      // The holder asking again (a retry) gets the same lease back, and nothing is announced.
      const { acquireLease: again } = await gqlData(replicas[1].url, agent.token, AcquireLease, { input: { environmentId, runId, ttlSeconds: 60 } });
      expect(again).toMatchObject({ id: lease.id, fencingToken: lease.fencingToken, status: "ACTIVE" });

      const stale = await gql(replicas[1].url, agent.token, RenewLease, { input: { leaseId: lease.id, fencingToken: lease.fencingToken + 1, ttlSeconds: 120 } });
      expect(stale.errors?.map(codeOf)).toEqual(["STALE_FENCING_TOKEN"]);
      const { renewLease } = await gqlData(replicas[1].url, agent.token, RenewLease, { input: { leaseId: lease.id, fencingToken: lease.fencingToken, ttlSeconds: 120 } });
      expect(Date.parse(renewLease.expiresAt)).toBeGreaterThan(Date.parse(lease.expiresAt));
      expect(await nextEvent()).toEqual({
        kind: "RENEWED", releaseReason: null, slot: 0, fencingToken: lease.fencingToken, expiresAt: renewLease.expiresAt, lease: { id: lease.id },
      });

      const staleRelease = await gql(replicas[0].url, agent.token, ReleaseLease, { input: { leaseId: lease.id, fencingToken: lease.fencingToken - 1 } });
      expect(staleRelease.errors?.map(codeOf)).toEqual(["STALE_FENCING_TOKEN"]);
      await gqlData(replicas[0].url, agent.token, ReleaseLease, { input: { leaseId: lease.id, fencingToken: lease.fencingToken } });
      expect(await nextEvent()).toMatchObject({ kind: "RELEASED", releaseReason: "MANUAL", fencingToken: lease.fencingToken, lease: { id: lease.id } });
      // Its driver's release() ran (the cleanup is DONE): announced too.
      expect(await nextEvent()).toMatchObject({ kind: "CLEANUP_CHANGED", fencingToken: lease.fencingToken, lease: { id: lease.id } });

      // A 1 s lease nobody renews: a reaper (either replica, every 200 ms) expires it.
      const { acquireLease: short } = await gqlData(replicas[1].url, agent.token, AcquireLease, { input: { environmentId, runId, ttlSeconds: 1 } });
      expect(short.fencingToken).toBe(lease.fencingToken + 1);
      expect(await nextEvent()).toMatchObject({ kind: "GRANTED", fencingToken: short.fencingToken, lease: { id: short.id } });
      expect(await nextEvent(10_000)).toEqual({
        kind: "EXPIRED", releaseReason: "EXPIRED", slot: 0, fencingToken: short.fencingToken, expiresAt: short.expiresAt, lease: { id: short.id },
      });
      expect(await nextEvent()).toMatchObject({ kind: "CLEANUP_CHANGED", fencingToken: short.fencingToken, lease: { id: short.id } });
      const { rows } = await sql.query<{ status: string; releaseReason: string; releasedAt: Date; expiresAt: Date }>(
        `SELECT "status", "releaseReason", "releasedAt", "expiresAt" FROM "Lease" WHERE "id" = $1`,
        [uuidOf(short.id)],
      );
      expect(rows[0]).toMatchObject({ status: "EXPIRED", releaseReason: "EXPIRED" });
      expect(rows[0]!.releasedAt.getTime()).toBeGreaterThanOrEqual(rows[0]!.expiresAt.getTime());

      // The expired lease freed the slot for the next acquirer.
      const { acquireLease: next } = await gqlData(replicas[0].url, agent.token, AcquireLease, { input: { environmentId, runId: nextRunId, ttlSeconds: LONG_TTL } });
      expect(next.fencingToken).toBe(short.fencingToken + 1);
      expect(await nextEvent()).toMatchObject({ kind: "GRANTED", fencingToken: next.fencingToken, lease: { id: next.id } });

      // Nothing else was published (no duplicate from the second replica's reaper, nothing for the stale calls).
      await Promise.all(subs.map((sub) => expect(sub.next(1_000)).rejects.toThrow(/no subscription payload/)));
    } finally {
      await Promise.all(subs.map((s) => s.close()));
    }
  });
});
