// Guarantee 4: a RUNNING run whose last heartbeat is older than its agent's heartbeatTimeoutSeconds
// becomes LOST and its ACTIVE leases RELEASED/ORPHANED, exactly once, whichever replica reaps it,
// within one reaper interval after the timeout; the freed slot goes to the next acquirer.
// Real server processes, the real runner CLI, SIGKILL.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { gql, gqlData, subscribe, type GqlError } from "./support/graphql-client.js";
import * as fixtures from "./support/fixtures.js";
import { AcquireLease, ReleaseLease, type Agent } from "./support/fixtures.js";
import { startApp } from "./support/app.js";
import { reportInternalErrorsAfterEach, startServer, type ServerProcess, type TestServer } from "./support/server-process.js";

const LeaseEvents = graphql(`
  subscription ReapLeaseEvents($environmentId: ID!) {
    leaseEvents(environmentId: $environmentId) { kind releaseReason fencingToken lease { id } }
  }
`);

const HEARTBEAT_TIMEOUT_S = 2;
const REAPER_INTERVAL_MS = 500;
/** Scheduling and query time on a loaded two-core machine, on top of timeout + one interval. */
const SLACK_MS = 1_500;
const HEARTBEAT_RETENTION_HOURS = 24;

const uuidOf = (globalId: string): string => decodeGlobalID(globalId).id;
const codeOf = (error: GqlError): string => String(error.extensions?.code ?? "NO_CODE");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
let sql: pg.Client;
let dataDir: string;
let replicas: TestServer[] = [];
let companyId: string;
let agent: Agent;
const runners = new Set<ChildProcess>();

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  dataDir = await mkdtemp(join(tmpdir(), "runyard-reaper-"));
  replicas = await Promise.all([startReplica(REAPER_INTERVAL_MS), startReplica(REAPER_INTERVAL_MS)]);
  const url = replicas[0]!.url;
  companyId = await fixtures.createCompany(url, "reaper");
  agent = await createAgent("runner-agent", HEARTBEAT_TIMEOUT_S);
});

reportInternalErrorsAfterEach(() => replicas);

afterAll(async () => {
  for (const runner of runners) killGroup(runner);
  for (const pid of commandPids) killGroup({ pid } as ChildProcess, pid);
  await Promise.all([...runnerTempDirs].filter((dir) => dir.startsWith(tmpdir())).map((dir) => rm(dir, { recursive: true, force: true })));
  await Promise.all(replicas.map((server) => server.stop()));
  await sql?.end();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function replicaEnv(intervalMs: number): Record<string, string> {
  return {
    RUNYARD_REAPER_INTERVAL_MS: String(intervalMs),
    RUNYARD_HEARTBEAT_RETENTION_HOURS: String(HEARTBEAT_RETENTION_HOURS),
    RUNYARD_DATA_DIR: dataDir,
    // A small pool: PostgreSQL's connections are shared by every test file running at once.
    RUNYARD_DB_POOL_SIZE: "6",
  };
}

/** A replica as a process: the first tests SIGKILL one. */
function startReplica(intervalMs: number): Promise<ServerProcess> {
  return startServer({ databaseUrl: db.url, env: replicaEnv(intervalMs) });
}

async function createAgent(name: string, heartbeatTimeoutSeconds: number): Promise<Agent> {
  const created = await fixtures.createAgent(replicas[0]!.url, companyId, { name, heartbeatTimeoutSeconds, maxConcurrentRuns: 100 });
  expect(created.heartbeatTimeoutSeconds).toBe(heartbeatTimeoutSeconds);
  return { id: created.id, token: created.token };
}

async function createEnvironment(name: string, capacity: number): Promise<string> {
  const environment = await fixtures.createEnvironment(replicas[0]!.url, companyId, { name, capacity });
  return environment.id;
}

/** A QUEUED run on an issue of its own (a workspace admits one RUNNING run). */
async function startRun(url: string, environmentId: string, who = agent): Promise<string> {
  const issueId = await fixtures.createIssue(url, companyId, "orphans");
  const run = await fixtures.startRun(url, who, { issueId, environmentId });
  return run.id;
}

/** The runner CLI in its own process group (so the group, child included, can be SIGKILLed at once). */
function spawnRunner(url: string, runId: string): { child: ChildProcess; output: () => string } {
  const child = spawn(
    process.execPath,
    [
      "runner/bin/runyard-runner.js",
      "--url", url, "--agent-token", agent.token, "--run", runId, "--heartbeat-interval-ms", "200",
      "--", process.execPath, "-e", "setInterval(() => {}, 1000)",
    ],
    { cwd: REPO_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  runners.add(child);
  child.once("exit", () => runners.delete(child));
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Pids of the runners' commands, which may lead process groups of their own. */
const commandPids = new Set<number>();
/** Temp dirs of SIGKILLed runners (a killed runner cannot remove its own). */
const runnerTempDirs = new Set<string>();

/** Remembers the runner's temp dir, found through the command's RUNYARD_WORKSPACE_CONFIG, for cleanup. */
function trackCommand(pid: number): void {
  commandPids.add(pid);
  try {
    const config = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").find((v) => v.startsWith("RUNYARD_WORKSPACE_CONFIG="));
    if (config) runnerTempDirs.add(dirname(config.slice("RUNYARD_WORKSPACE_CONFIG=".length)));
  } catch {
    // gone already
  }
}

/** SIGKILLs the runner's process group, and the command's (the runner may start it in a group of its own). */
function killGroup(child: ChildProcess, commandPid?: number): void {
  for (const target of [-child.pid!, ...(commandPid ? [-commandPid, commandPid] : [])]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * A process's identity: its start time (field 22 of /proc/PID/stat), or null if it is gone or a
 * zombie (an orphan may linger as one until its new parent reaps it). Comparing identities tells
 * the process we saw from a newer one that reused its pid.
 */
function processIdentity(pid: number): string | null {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  try {
    const fields = readFileSync(stat, "utf8").split(") ")[1]!.split(" ");
    const state = fields[0];
    return state === "Z" || state === "X" ? null : fields[19]!;
  } catch {
    return null;
  }
}

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | null | undefined | false>, everyMs = 50): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await sleep(everyMs);
  }
}

interface RunRow {
  status: string;
  pid: number | null;
  lastHeartbeatAt: Date;
  finishedAt: Date | null;
  error: string | null;
  claimedByReplica: string | null;
  heartbeatCount: number;
}

async function runRow(runId: string): Promise<RunRow> {
  const { rows } = await sql.query<RunRow>(
    `SELECT "status", "pid", "lastHeartbeatAt", "finishedAt", "error", "claimedByReplica", "heartbeatCount" FROM "Run" WHERE "id" = $1`,
    [uuidOf(runId)],
  );
  return rows[0]!;
}

interface LeaseRow {
  id: string;
  status: string;
  releaseReason: string | null;
  releasedAt: Date | null;
  fencingToken: number;
}

async function leasesOf(runId: string): Promise<LeaseRow[]> {
  const { rows } = await sql.query<LeaseRow>(
    `SELECT "id", "status", "releaseReason", "releasedAt", "fencingToken" FROM "Lease" WHERE "runId" = $1 ORDER BY "fencingToken"`,
    [uuidOf(runId)],
  );
  return rows;
}

async function lostEvents(runUuids: string[]): Promise<Map<string, number>> {
  const { rows } = await sql.query<{ runId: string; n: string }>(
    `SELECT "runId", count(*) AS n FROM "RunEvent" WHERE "runId" = ANY($1::uuid[]) AND "kind" = 'STATUS_CHANGED' AND "status" = 'LOST' GROUP BY "runId"`,
    [runUuids],
  );
  return new Map(rows.map((r) => [r.runId, Number(r.n)]));
}

/** RUNNING with its lease, and heartbeating (at least two heartbeats received). */
async function waitUntilHeartbeating(runId: string): Promise<void> {
  await until(`run ${runId} RUNNING and heartbeating`, 20_000, async () => {
    const run = await runRow(runId);
    const leases = await leasesOf(runId);
    return run.status === "RUNNING" && leases.length === 1 && leases[0]!.status === "ACTIVE" && run.heartbeatCount >= 2;
  });
}

/** Polls until the run is LOST and its lease ended; returns the ms from `since`. */
async function waitUntilReaped(runId: string, since: number): Promise<number> {
  return until(`run ${runId} reaped`, 10_000, async () => {
    const run = await runRow(runId);
    const leases = await leasesOf(runId);
    return run.status === "LOST" && leases.every((l) => l.status !== "ACTIVE") ? Date.now() - since : null;
  }, 25);
}

/** The reaper's promise: not before the timeout, and within one interval after it (plus slack). */
function expectReapedInTime(run: RunRow): number {
  const afterLastHeartbeat = run.finishedAt!.getTime() - run.lastHeartbeatAt.getTime();
  expect(afterLastHeartbeat).toBeGreaterThanOrEqual(HEARTBEAT_TIMEOUT_S * 1000);
  expect(afterLastHeartbeat).toBeLessThanOrEqual(HEARTBEAT_TIMEOUT_S * 1000 + REAPER_INTERVAL_MS + SLACK_MS);
  return afterLastHeartbeat;
}

describe("the orphan reaper", () => {
  it("SIGKILLed runner: the run becomes LOST, its lease RELEASED/ORPHANED within timeout + one interval, and a waiting acquireLease gets the slot", async () => {
    const environmentId = await createEnvironment("single-slot", 1);
    const runId = await startRun(replicas[0]!.url, environmentId);
    const waitingRunId = await startRun(replicas[1]!.url, environmentId);
    const runner = spawnRunner(replicas[0]!.url, runId);
    await waitUntilHeartbeating(runId);
    const [held] = await leasesOf(runId);

    // A live runner outlasts the timeout and more: heartbeats keep the run and its lease.
    await sleep(HEARTBEAT_TIMEOUT_S * 1000 + 2 * REAPER_INTERVAL_MS);
    expect((await runRow(runId)).status).toBe("RUNNING");
    expect((await leasesOf(runId)).map((l) => l.status)).toEqual(["ACTIVE"]);
    // Heartbeats carry the command's pid.
    const childPid = (await runRow(runId)).pid!;
    expect(childPid).not.toBe(runner.child.pid);
    trackCommand(childPid);
    const childIdentity = processIdentity(childPid);
    expect(childIdentity).not.toBeNull();

    // Another run waits for the only slot, through the other replica.
    const refusals: string[] = [];
    let giveUpAt = Date.now() + 30_000; // a bound even if the test fails before the kill
    const waiter = (async () => {
      while (Date.now() < giveUpAt) {
        const response = await gql(replicas[1]!.url, agent.token, AcquireLease, { input: { environmentId, runId: waitingRunId, ttlSeconds: 60 } });
        if (response.data?.acquireLease) return { lease: response.data.acquireLease, at: Date.now() };
        refusals.push(...(response.errors ?? []).map(codeOf));
        await sleep(100);
      }
      return null;
    })();
    await until("the waiter refused at least once", 5_000, async () => refusals.length > 0);

    const killedAt = Date.now();
    killGroup(runner.child, childPid);
    giveUpAt = killedAt + 15_000;
    const measured = await waitUntilReaped(runId, killedAt).catch((error: unknown) => {
      giveUpAt = 0;
      throw error;
    });
    const run = await runRow(runId);
    expect(run.status).toBe("LOST");
    expect(run.error).toMatch(/no heartbeat within 2 s/);
    const sinceHeartbeat = expectReapedInTime(run);
    const leases = await leasesOf(runId);
    expect(leases).toHaveLength(1);
    expect(leases[0]).toMatchObject({ id: held!.id, status: "RELEASED", releaseReason: "ORPHANED" });
    expect((await lostEvents([uuidOf(runId)])).get(uuidOf(runId))).toBe(1);

    const granted = await waiter;
    expect(granted, "the waiter got the slot").not.toBeNull();
    expect(granted!.lease).toMatchObject({ status: "ACTIVE", slot: 0, fencingToken: held!.fencingToken + 1 });
    expect(new Set(refusals)).toEqual(new Set(["LEASE_UNAVAILABLE"]));
    console.log(
      `[reaper] runner SIGKILL → LOST + ORPHANED observed after ${measured} ms ` +
        `(last heartbeat → finishedAt ${sinceHeartbeat} ms; timeout ${HEARTBEAT_TIMEOUT_S * 1000} ms, interval ${REAPER_INTERVAL_MS} ms); ` +
        `waiter granted ${granted!.at - killedAt} ms after the kill, after ${refusals.length} refusals`,
    );

    await until("the runner's command is gone", 10_000, async () => processIdentity(childPid) !== childIdentity);
    await gqlData(replicas[1]!.url, agent.token, ReleaseLease, { input: { leaseId: granted!.lease.id, fencingToken: granted!.lease.fencingToken } });
  });

  it("SIGKILLed server replica: the run it accepted stops heartbeating and the other replica reaps it", async () => {
    const [doomed, survivor] = replicas as [ServerProcess, ServerProcess];
    const environmentId = await createEnvironment("replica-dies", 1);
    const runId = await startRun(doomed.url, environmentId);
    const runner = spawnRunner(doomed.url, runId);
    await waitUntilHeartbeating(runId);
    const [held] = await leasesOf(runId);
    const commandPid = (await runRow(runId)).pid!;
    trackCommand(commandPid);
    const survivorLog = survivor.output().length;

    const killedAt = Date.now();
    expect(await doomed.kill("SIGKILL")).toBeNull();
    replicas = [survivor];
    const measured = await waitUntilReaped(runId, killedAt);
    const run = await runRow(runId);
    expect(run.status).toBe("LOST");
    const sinceHeartbeat = expectReapedInTime(run);
    expect(await leasesOf(runId)).toEqual([expect.objectContaining({ id: held!.id, status: "RELEASED", releaseReason: "ORPHANED" })]);
    expect((await lostEvents([uuidOf(runId)])).get(uuidOf(runId))).toBe(1);
    // The survivor did it (the only reaper left), and the runner noticed nothing but failed heartbeats.
    // (The reaper logs after it has published, a moment after the commit the test saw.)
    await until("the survivor logs its reap", 5_000, async () => /reaper: 1 lost, 0 timed out, 1 leases released/.test(survivor.output().slice(survivorLog)));
    expect(runner.output()).toMatch(/heartbeat failed \(will retry\)/);
    console.log(`[reaper] replica SIGKILL → LOST + ORPHANED by the survivor after ${measured} ms (last heartbeat → finishedAt ${sinceHeartbeat} ms)`);
    killGroup(runner.child, commandPid);

    // The slot is free again.
    const nextRunId = await startRun(survivor.url, environmentId);
    const { acquireLease } = await gqlData(survivor.url, agent.token, AcquireLease, { input: { environmentId, runId: nextRunId, ttlSeconds: 60 } });
    expect(acquireLease.fencingToken).toBe(held!.fencingToken + 1);
  });

  it("two replicas reaping the same orphans at once: each run LOST once, each lease released once, one event each", async () => {
    // Fresh replicas, both reaping every 200 ms (in-process: no process is killed here).
    await Promise.all(replicas.map((server) => server.stop()));
    replicas = await Promise.all([startApp({ databaseUrl: db.url, env: replicaEnv(200) }), startApp({ databaseUrl: db.url, env: replicaEnv(200) })]);

    // A long timeout: nothing is reaped while the runs are being set up; then their heartbeats are
    // made stale all at once, so both reapers find the same orphans.
    const patient = await createAgent("patient", 600);
    const environmentId = await createEnvironment("many-orphans", 100);
    const subs = replicas.map((server) => subscribe(server.wsUrl, patient.token, LeaseEvents, { environmentId }));
    type Event = { leaseEvents: { kind: string; releaseReason?: string | null; fencingToken: number; lease: { id: string } } };
    try {
      await Promise.all(subs.map((s) => s.ready));
      const WAVES = 4;
      const PER_WAVE = 15;
      const leaseIds: string[] = [];
      const runUuids: string[] = [];
      for (let wave = 0; wave < WAVES; wave++) {
        const claimed = await Promise.all(
          Array.from({ length: PER_WAVE }, async (_, i) => {
            const server = replicas[i % 2]!;
            const runId = await startRun(server.url, environmentId, patient);
            const claimRun = await fixtures.claimRun(server.url, patient.token, runId, { runnerId: `orphan-${wave}-${i}`, pid: 4242 });
            expect(claimRun.run.status).toBe("RUNNING");
            expect(claimRun.lease.status).toBe("ACTIVE");
            return { runUuid: uuidOf(runId), leaseId: uuidOf(claimRun.lease.id) };
          }),
        );
        const wanted = claimed.map((x) => x.runUuid);
        runUuids.push(...wanted);
        leaseIds.push(...claimed.map((x) => x.leaseId));
        // Their runners "died" an hour ago.
        const { rowCount } = await sql.query(
          `UPDATE "Run" SET "lastHeartbeatAt" = now() - interval '1 hour' WHERE "id" = ANY($1::uuid[]) AND "status" = 'RUNNING'`,
          [wanted],
        );
        expect(rowCount).toBe(PER_WAVE);
        await until(`wave ${wave} reaped`, 10_000, async () => {
          const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "Run" WHERE "id" = ANY($1::uuid[]) AND "status" = 'LOST'`, [wanted]);
          return Number(rows[0]!.n) === PER_WAVE;
        });
      }
      // Several more ticks of both reapers: nothing more may happen to these rows.
      await sleep(1_000);

      const total = WAVES * PER_WAVE;
      const { rows: leases } = await sql.query<{ id: string; status: string; releaseReason: string; releasedAt: Date | null }>(
        `SELECT "id", "status", "releaseReason", "releasedAt" FROM "Lease" WHERE "environmentId" = $1`,
        [uuidOf(environmentId)],
      );
      expect(leases).toHaveLength(total);
      for (const lease of leases) {
        expect(lease).toMatchObject({ status: "RELEASED", releaseReason: "ORPHANED" });
        expect(lease.releasedAt).toBeInstanceOf(Date);
      }
      const lost = await lostEvents(runUuids);
      expect(lost.size).toBe(total);
      expect([...lost].filter(([, n]) => n !== 1), "runs with more than one LOST event").toEqual([]);

      // Each replica logs what its reaper changed: together, exactly one change per run and lease.
      const tally = replicas.map((server) => {
        let runs = 0;
        let released = 0;
        for (const m of server.output().matchAll(/reaper: (\d+) lost, \d+ timed out, (\d+) leases released/g)) {
          runs += Number(m[1]);
          released += Number(m[2]);
        }
        return { runs, released };
      });
      console.log(`[reaper] ${total} orphans reaped by replica C: ${JSON.stringify(tally[0])}, replica D: ${JSON.stringify(tally[1])}`);
      expect(tally[0]!.runs + tally[1]!.runs).toBe(total);
      expect(tally[0]!.released + tally[1]!.released).toBe(total);

      // Every subscriber, on either replica, heard each grant, each release and each cleanup exactly once.
      // (Both heard at once: each ends after a second without an event.)
      const heard = await Promise.all(
        subs.map(async (sub) => {
          const events: Event["leaseEvents"][] = [];
          for (;;) {
            try {
              events.push(((await sub.next(1_000)) as Event).leaseEvents);
            } catch {
              return events;
            }
          }
        }),
      );
      for (const events of heard) {
        const granted = events.filter((e) => e.kind === "GRANTED").map((e) => uuidOf(e.lease.id));
        const released = events.filter((e) => e.kind === "RELEASED");
        // And each lease's cleanup (its driver's release()) once: the first attempt succeeds.
        const cleaned = events.filter((e) => e.kind === "CLEANUP_CHANGED").map((e) => uuidOf(e.lease.id));
        expect(events.length).toBe(3 * total);
        expect(cleaned.sort()).toEqual([...leaseIds].sort());
        expect(granted.sort()).toEqual([...leaseIds].sort());
        expect(released.map((e) => uuidOf(e.lease.id)).sort()).toEqual([...leaseIds].sort());
        expect(released.every((e) => e.releaseReason === "ORPHANED")).toBe(true);
      }
    } finally {
      await Promise.all(subs.map((s) => s.close()));
    }
  }, 120_000);

  it("deletes heartbeat history older than the retention, and keeps recent heartbeats and every status change", async () => {
    const environmentId = await createEnvironment("history", 1);
    const runId = uuidOf(await startRun(replicas[0]!.url, environmentId));
    // History written as if heartbeats had come in two days ago and an hour ago.
    await sql.query(
      `INSERT INTO "RunEvent" ("runId", "kind", "status", "fromStatus", "pid", "at")
       SELECT $1::uuid, k::"RunEventKind", 'RUNNING', NULL, 1, now() - make_interval(hours => h)
       FROM (VALUES ('HEARTBEAT', 48), ('HEARTBEAT', 47), ('HEARTBEAT', 25), ('HEARTBEAT', 1), ('STATUS_CHANGED', 48)) AS old(k, h)`,
      [runId],
    );
    const history = async () =>
      (
        await sql.query<{ kind: string; hours: number }>(
          `SELECT "kind", round(extract(epoch FROM now() - "at") / 3600)::int AS hours FROM "RunEvent" WHERE "runId" = $1 ORDER BY "at"`,
          [runId],
        )
      ).rows;
    const deadline = Date.now() + 10_000;
    while ((await history()).some((e) => e.kind === "HEARTBEAT" && e.hours > HEARTBEAT_RETENTION_HOURS) && Date.now() < deadline) await sleep(100);
    expect(await history()).toEqual([
      { kind: "STATUS_CHANGED", hours: 48 },
      { kind: "HEARTBEAT", hours: 1 },
      { kind: "STATUS_CHANGED", hours: 0 }, // the run's QUEUED entry
    ]);
  });
});
