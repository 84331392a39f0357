// Benchmark `leases` (issue 4): K runners contend for an environment of capacity C across two
// real server replicas (one database, one Redis). Each runner loops acquireLease → hold → releaseLease
// with its fencing token. A separate Postgres connection audits the ACTIVE count while it runs,
// and the lease history is checked afterwards for two holders of one slot at once.
//
// Then: a real runner process (runner/bin/runyard-runner.js) holding a lease is SIGKILLed, and the time until
// its lease is RELEASED/ORPHANED (and until a waiting acquirer gets the slot) is measured against
// its physical floor, the agent's heartbeat timeout.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import type { Benchmark } from "./index.js";
import { createAgents, createCompany, createEnvironment, createIssue, startRun, type Agent } from "./fixtures.js";
import {
  ADMIN_TOKEN,
  closedLoop,
  connectPg,
  cpuLine,
  createBenchDatabase,
  errorCode,
  errorsLine,
  exitPromise,
  Flags,
  fmt,
  gqlData,
  header,
  LatencyRecorder,
  latencyLine,
  LoadClient,
  makeTempDir,
  mapLimit,
  measuredWindow,
  onCleanup,
  percentiles,
  postgresBackends,
  rawId,
  recordSubscription,
  REPO_ROOT,
  sleep,
  census,
  censusLine,
  startCensusServer,
  startServer,
  type ServerProcess,
} from "./support.js";

const ACQUIRE = `mutation Acquire($input: AcquireLeaseInput!) { acquireLease(input: $input) { id fencingToken slot } }`;
const RELEASE = `mutation Release($input: ReleaseLeaseInput!) { releaseLease(input: $input) { id status } }`;
const TYPENAME_BODY = JSON.stringify({ query: "{ __typename }" });
const LEASE_TTL_SECONDS = 60;

export const leasesBenchmark: Benchmark = {
  name: "leases",
  summary: "K runners contending for capacity C across two replicas; double-grant audit; SIGKILL → lease release",
  flags: {
    runners: "contending runners (default 100)",
    capacity: "environment capacity (default 5)",
    seconds: "measured seconds of each load phase (default 10)",
    warmup: "warm-up seconds before each load phase (default 2)",
    "hold-min": "shortest hold of a granted lease, ms (default 5)",
    "hold-max": "longest hold of a granted lease, ms (default 20)",
    "retry-ms": "pause after LEASE_UNAVAILABLE before retrying, ms, jittered ±50% (default 0: retry at once)",
    kills: "SIGKILL trials (default 3; 0 skips)",
    "kill-timeout": "heartbeatTimeoutSeconds of the killed runner's agent (default 2)",
    "bare-connections": "connections of the bare-UPDATE baseline (default 40: both replicas' pools)",
    "reaper-ms": "RUNYARD_REAPER_INTERVAL_MS of both replicas (default 500)",
    census: "calls per operation in the round-trip census (default 20; 0 skips)",
  },
  async run(flags: Flags) {
    const runnersN = flags.number("runners", 100);
    const capacity = flags.number("capacity", 5);
    const seconds = flags.number("seconds", 10);
    const warmup = flags.number("warmup", 2);
    const holdMin = flags.number("hold-min", 5);
    const holdMax = Math.max(holdMin, flags.number("hold-max", 20));
    const retryMs = flags.number("retry-ms", 0);
    const kills = flags.number("kills", 3);
    const killTimeout = flags.number("kill-timeout", 2);
    const reaperMs = flags.number("reaper-ms", 500);
    const censusCalls = Math.min(flags.number("census", 20), runnersN);

    header(`leases: ${runnersN} runners, capacity ${capacity}, 2 replicas, ${seconds} s per phase after ${warmup} s warm-up`);
    const t0 = Date.now();
    const db = await createBenchDatabase();
    const dataDir = await makeTempDir("runyard-bench-");
    const env = { RUNYARD_DATA_DIR: dataDir, RUNYARD_REAPER_INTERVAL_MS: String(reaperMs) };
    // Both replicas start at once on the empty database: the migration runs under its lock.
    const [a, b] = await Promise.all([
      startServer({ databaseUrl: db.url, env, label: "replica A" }),
      startServer({ databaseUrl: db.url, env, label: "replica B" }),
    ]);
    const replicas: ServerProcess[] = [a, b];
    // A third server, for the census only, starts on the migrated database meanwhile.
    const censusRig = censusCalls > 0 ? startCensusServer(db.url, { RUNYARD_DATA_DIR: dataDir }) : null;
    censusRig?.catch(() => {});
    const pgc = await connectPg(db.url);
    const auditPg = await connectPg(db.url);

    const companyId = await createCompany(a.url, "bench-leases");
    const environmentId = await createEnvironment(a.url, companyId, "contended", capacity);
    const issueId = await createIssue(a.url, companyId, "bench leases");
    const agents = await createAgents(a.url, companyId, runnersN, 3600, "lease");
    // QUEUED runs may hold leases: each runner acquires for its own run, so no grant is idempotent.
    const runIds = await mapLimit(agents, 8, (agent, i) => startRun(replicas[i % 2]!.url, agent, issueId, environmentId));
    console.log(
      `setup: fresh database ${db.name} migrated by the replicas (A pid ${a.pid}, B pid ${b.pid}, reaper every ${reaperMs} ms), ` +
        `${runnersN} agents + QUEUED runs in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    const clients = replicas.map((r) => new LoadClient(r.url, runnersN));
    const clientFor = (i: number): LoadClient => clients[i % 2]!;
    const auditBackend = (await auditPg.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const pids = { replicas: [a.pid, b.pid], postgres: postgresBackends(pgc, db.name, [auditBackend]) };

    // 1. Baseline: the same replicas' { __typename } at the same concurrency, split the same way.
    console.log(`\n{ __typename } closed loop, ${runnersN} concurrent across both replicas (baseline):`);
    const typename = await closedLoop({
      label: "typename",
      concurrency: runnersN,
      warmupMs: warmup * 1000,
      durationMs: seconds * 1000,
      pids,
      request: async (i) => errorCode(await clientFor(i).post(agents[i]!.token, TYPENAME_BODY)),
    });
    const tn = percentiles(typename.latencies);
    console.log(`  ${fmt.rate(typename.ok / typename.seconds)} req/s; ${latencyLine(tn)}`);
    console.log(`  errors: ${errorsLine(typename.errors)}; CPU: ${cpuLine(typename.cpu, typename.ok)}`);

    // 1b. The database's own floor for a write: a bare single-row UPDATE (autocommit) per round
    // trip, from as many connections as the two replicas' pools, on distinct rows.
    const bareConnections = flags.number("bare-connections", 40);
    const bareClients = await Promise.all(Array.from({ length: bareConnections }, () => connectPg(db.url)));
    console.log(`
bare UPDATE round trips, ${bareConnections} connections, one row each (the database's write floor):`);
    const bare = await closedLoop({
      label: "bare-update",
      concurrency: bareConnections,
      warmupMs: warmup * 1000,
      durationMs: seconds * 1000,
      request: async (i) => {
        await bareClients[i]!.query(`UPDATE "Run" SET "pid" = "pid" WHERE "id" = $1`, [rawId(runIds[i % runIds.length]!)]);
        return null;
      },
    });
    const bareRate = bare.ok / bare.seconds;
    console.log(`  ${fmt.rate(bareRate)} UPDATEs/s; ${latencyLine(percentiles(bare.latencies))}`);

    // 2. Contention, audited from here on by a connection counting ACTIVE leases per environment.
    const audit = startActiveAudit(auditPg);
    console.log(
      `\nacquire → hold ${holdMin}–${holdMax} ms → release, ${runnersN} runners (half on each replica), capacity ${capacity}` +
        `${retryMs > 0 ? `, ~${retryMs} ms pause after LEASE_UNAVAILABLE` : ", immediate retry after LEASE_UNAVAILABLE"}:`,
    );
    const result = await contend({
      runners: runnersN,
      agents,
      runIds,
      environmentId,
      clientFor,
      holdMin,
      holdMax,
      retryMs,
      warmupMs: warmup * 1000,
      durationMs: seconds * 1000,
      pids,
    });
    const grantRate = result.grants / result.seconds;
    const granted = percentiles(result.grantLatency.values());
    const attempts = percentiles(result.attemptLatency.values());
    const waits = percentiles(result.waitForSlot.values());
    const releases = percentiles(result.releaseLatency.values());
    console.log(`  grants/s: ${fmt.rate(grantRate)} (${result.grants} grants in ${result.seconds.toFixed(1)} s; ceiling ${fmt.rate((capacity * 1000) / ((holdMin + holdMax) / 2))}/s if acquire and release took no time)`);
    console.log(`  acquire latency, granted attempts:  ${latencyLine(granted)}`);
    console.log(`  acquire latency, all attempts:      ${latencyLine(attempts)}`);
    console.log(`  wait for a slot (first attempt → grant, retries included): ${latencyLine(waits)}`);
    console.log(`  release latency:                    ${latencyLine(releases)}`);
    console.log(
      `  LEASE_UNAVAILABLE: ${result.unavailable} (${fmt.rate(result.unavailable / result.seconds)}/s, ${((100 * result.unavailable) / Math.max(1, result.attempts)).toFixed(0)}% of ${result.attempts} attempts)`,
    );
    console.log(`  other acquire errors: ${errorsLine(result.acquireErrors)}; release errors: ${errorsLine(result.releaseErrors)}`);
    console.log(`  CPU: ${cpuLine(result.cpu, result.attempts + result.grants)} (per request, acquire or release)`);

    // 3. SIGKILL a runner holding a lease.
    const killResults = kills > 0 ? await killTrials({ a, b, pgc, companyId, issueId, trials: kills, killTimeout, reaperMs }) : [];

    // 4. Round trips per operation, counted exactly on the census server.
    let censusLines: string[] = [];
    if (censusRig) {
      const rig = await censusRig;
      console.log(`\ncensus: ${censusCalls} sequential calls each through a third server whose Postgres traffic is counted by a proxy, on a private Redis:`);
      const wide = await createEnvironment(a.url, companyId, "census-wide", censusCalls);
      const full = await createEnvironment(a.url, companyId, "census-full", 1);
      const url = rig.server.url;
      const call = async (i: number, query: string, input: Record<string, unknown>, expect: string | null) => {
        const { data, errors } = (await (
          await fetch(`${url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${agents[i]!.token}` },
            body: JSON.stringify({ query, variables: { input } }),
          })
        ).json()) as { data?: { acquireLease?: { id: string; fencingToken: number } }; errors?: Array<{ extensions?: { code?: string } }> };
        const code = errors?.[0]?.extensions?.code ?? null;
        if (code !== expect) throw new Error(`census: expected ${expect ?? "success"}, got ${code ?? "success"}`);
        return data?.acquireLease;
      };
      const held: Array<{ id: string; fencingToken: number }> = [];
      const granted = await census(rig.proxy, rig.redis, censusCalls, async (n) => {
        held.push((await call(n, ACQUIRE, { environmentId: wide, runId: runIds[n], ttlSeconds: LEASE_TTL_SECONDS }, null))!);
      });
      const released = await census(rig.proxy, rig.redis, censusCalls, (n) =>
        call(n, RELEASE, { leaseId: held[n]!.id, fencingToken: held[n]!.fencingToken }, null),
      );
      const holder = (await call(0, ACQUIRE, { environmentId: full, runId: runIds[0], ttlSeconds: LEASE_TTL_SECONDS }, null))!;
      const refused = await census(rig.proxy, rig.redis, censusCalls, (n) =>
        call(1 + (n % Math.max(1, censusCalls - 1)), ACQUIRE, { environmentId: full, runId: runIds[1 + (n % Math.max(1, censusCalls - 1))], ttlSeconds: LEASE_TTL_SECONDS }, "LEASE_UNAVAILABLE"),
      );
      await call(0, RELEASE, { leaseId: holder.id, fencingToken: holder.fencingToken }, null);
      const typenameCensus = await census(rig.proxy, rig.redis, censusCalls, () =>
        fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${agents[0]!.token}` }, body: TYPENAME_BODY }).then((r) => r.text()),
      );
      censusLines = [
        `acquireLease, granted:        ${censusLine(granted)}`,
        `acquireLease, at capacity:    ${censusLine(refused)}`,
        `releaseLease:                 ${censusLine(released)}`,
        `{ __typename }:               ${censusLine(typenameCensus)}`,
      ];
      for (const line of censusLines) console.log(`  ${line}`);
    }

    // 5. The audit's verdict, and the history's.
    const polled = await audit.stop();
    const history = await auditHistory(pgc);
    clients.forEach((c) => c.close());

    console.log("\naudit:");
    for (const row of history.environments) {
      const seen = polled.maxActive.get(row.id) ?? 0;
      console.log(
        `  environment ${row.name} (capacity ${row.capacity}): max ACTIVE observed by ${polled.samples} polls = ${seen}` +
          `${seen <= row.capacity ? " (≤ capacity)" : " — OVER CAPACITY"}; max concurrent from history (decision timestamps) = ${row.maxConcurrent}; ` +
          `${row.leases} leases, fencing tokens ${row.distinctTokens === row.leases && row.maxToken === row.leases ? `1…${row.maxToken}, distinct, gap-free` : `NOT distinct/gap-free (${row.distinctTokens} distinct of ${row.leases}, max ${row.maxToken})`}` +
          `, ${row.tokenInversions} token inversions vs acquiredAt; ${row.stillActive} still ACTIVE`,
      );
    }
    console.log(`  grants acknowledged to the contending runners: ${result.allGrants}; lease rows in that environment: ${history.environments.find((e) => e.id === rawId(environmentId))?.leases ?? "?"}`);
    console.log(`  double grants: ${history.doubleGrants}${history.doubleGrants ? ` — ${history.overlapDetail}` : ""}   (leases whose [acquiredAt, releasedAt) overlaps another lease of the same slot)`);

    console.log("\nsummary (leases):");
    const typenameRate = typename.ok / typename.seconds;
    const ceiling = (capacity * 1000) / ((holdMin + holdMax) / 2);
    console.log(`  grants/s: ${fmt.rate(grantRate)} of a physical ceiling ${fmt.rate(ceiling)}/s (capacity ${capacity} × 1000 / mean hold ${(holdMin + holdMax) / 2} ms); bare UPDATE round trips ${fmt.rate(bareRate)}/s in the same run`);
    console.log(`  acquire p50 ${fmt.ms(granted.p50)} ms / p99 ${fmt.ms(granted.p99)} ms (granted), p50 ${fmt.ms(attempts.p50)} ms / p99 ${fmt.ms(attempts.p99)} ms (all attempts)`);
    console.log(`  requests/s (acquire + release): ${fmt.rate((result.attempts + result.grants) / result.seconds)} vs { __typename } ${fmt.rate(typenameRate)} req/s on the same replicas → ratio ${((result.attempts + result.grants) / result.seconds / typenameRate).toFixed(2)}; grants / typename ${(grantRate / typenameRate).toFixed(3)}`);
    console.log(`  LEASE_UNAVAILABLE: ${result.unavailable}   double grants: ${history.doubleGrants}   max ACTIVE seen: ${polled.maxActive.get(rawId(environmentId)) ?? 0} of ${capacity}`);
    for (const line of censusLines) console.log(`  per ${line}`);
    if (killResults.length) {
      const rel = killResults.map((k) => k.killToEventMs).sort((x, y) => x - y);
      const next = killResults.map((k) => k.killToNextGrantMs).sort((x, y) => x - y);
      const median = (v: number[]) => v[Math.floor((v.length - 1) / 2)]!;
      console.log(
        `  kill→release ${(median(rel) / 1000).toFixed(2)} s median of ${rel.length} (min ${(rel[0]! / 1000).toFixed(2)}, max ${(rel[rel.length - 1]! / 1000).toFixed(2)})` +
          ` (floor ${killTimeout.toFixed(1)} s = heartbeat timeout, counted from the last heartbeat; + ≤ 1 reaper interval ${(reaperMs / 1000).toFixed(1)} s);` +
          ` kill→next grant ${(median(next) / 1000).toFixed(2)} s median`,
      );
    }
  },
};

// ---------------------------------------------------------------------------------------------

interface ContendOptions {
  runners: number;
  agents: Agent[];
  runIds: string[];
  environmentId: string;
  clientFor: (i: number) => LoadClient;
  holdMin: number;
  holdMax: number;
  retryMs: number;
  warmupMs: number;
  durationMs: number;
  pids: Parameters<typeof closedLoop>[0]["pids"];
}

async function contend(opts: ContendOptions) {
  const grantLatency = new LatencyRecorder();
  const attemptLatency = new LatencyRecorder();
  const waitForSlot = new LatencyRecorder();
  const releaseLatency = new LatencyRecorder();
  const acquireErrors = new Map<string, number>();
  const releaseErrors = new Map<string, number>();
  let grants = 0;
  let allGrants = 0;
  let attempts = 0;
  let unavailable = 0;

  const runner = async (i: number): Promise<void> => {
    const client = opts.clientFor(i);
    const token = opts.agents[i]!.token;
    const acquireBody = JSON.stringify({ query: ACQUIRE, variables: { input: { environmentId: opts.environmentId, runId: opts.runIds[i], ttlSeconds: LEASE_TTL_SECONDS } } });
    let waitingSince: number | null = null;
    // Desynchronise the start.
    await sleep(Math.random() * 20);
    while (!ctl.stopping) {
      const t0 = performance.now();
      waitingSince ??= t0;
      const res = await client.post(token, acquireBody).catch((err: Error) => ({ status: 0, body: `CLIENT ${err.message}` }));
      const t1 = performance.now();
      const code = res.status === 0 ? res.body : errorCode(res);
      const counting = ctl.measuring && !ctl.stopping;
      if (counting) {
        attempts++;
        attemptLatency.add(t1 - t0);
      }
      if (code === null) {
        allGrants++;
        const lease = (JSON.parse(res.body) as { data: { acquireLease: { id: string; fencingToken: number } } }).data.acquireLease;
        if (counting) {
          grants++;
          grantLatency.add(t1 - t0);
          waitForSlot.add(t1 - waitingSince);
        }
        waitingSince = null;
        await sleep(opts.holdMin + Math.random() * (opts.holdMax - opts.holdMin));
        // Released even after the window closed, so no lease outlives the benchmark.
        const r0 = performance.now();
        const rel = await client
          .post(token, JSON.stringify({ query: RELEASE, variables: { input: { leaseId: lease.id, fencingToken: lease.fencingToken } } }))
          .catch((err: Error) => ({ status: 0, body: `CLIENT ${err.message}` }));
        const relCode = rel.status === 0 ? rel.body : errorCode(rel);
        if (ctl.measuring && !ctl.stopping) {
          if (relCode === null) releaseLatency.add(performance.now() - r0);
          else releaseErrors.set(relCode, (releaseErrors.get(relCode) ?? 0) + 1);
        }
      } else if (code === "LEASE_UNAVAILABLE") {
        if (counting) unavailable++;
        if (opts.retryMs > 0) await sleep(opts.retryMs * (0.5 + Math.random()));
      } else {
        if (counting) acquireErrors.set(code, (acquireErrors.get(code) ?? 0) + 1);
        await sleep(50); // an unexpected error: do not spin on it
      }
    }
  };

  const ctl = { measuring: false, stopping: false };
  const measured = measuredWindow({
    warmupMs: opts.warmupMs,
    durationMs: opts.durationMs,
    pids: opts.pids,
    onWindowStart: async () => {
      ctl.measuring = true;
    },
    onWindowEnd: async () => {
      ctl.stopping = true;
    },
  });
  const runners = Array.from({ length: opts.runners }, (_, i) => runner(i));
  const window = await measured;
  await Promise.all(runners);
  return {
    seconds: window.seconds,
    cpu: window.cpu,
    grants,
    allGrants,
    attempts,
    unavailable,
    grantLatency,
    attemptLatency,
    waitForSlot,
    releaseLatency,
    acquireErrors,
    releaseErrors,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Polls the ACTIVE count per environment on its own connection every ~2 ms (a double grant would
 * last a whole hold, 5–20 ms, so this sees it; a tighter loop would only take CPU from the
 * replicas on a 2-core machine). The history check afterwards catches what polling misses.
 */
function startActiveAudit(pgc: pg.Client) {
  const maxActive = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  // Ended early by an error elsewhere (its connection closed by the bench's cleanup): the loop
  // must not outlive it as an unhandled rejection that hides the error that ended the bench.
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await pgc.query<{ environmentId: string; n: number }>(
        `SELECT "environmentId", count(*)::int AS n FROM "Lease" WHERE "status" = 'ACTIVE' GROUP BY 1`,
      );
      samples++;
      for (const row of rows) maxActive.set(row.environmentId, Math.max(maxActive.get(row.environmentId) ?? 0, row.n));
      await sleep(2);
    }
  })();
  loop.catch(() => {});
  return {
    async stop() {
      stopped = true;
      await loop;
      return { maxActive, samples };
    },
  };
}

export async function auditHistory(pgc: pg.Client) {
  const { rows: environments } = await pgc.query<{
    id: string;
    name: string;
    capacity: number;
    leases: number;
    distinctTokens: number;
    maxToken: number;
    stillActive: number;
    maxConcurrent: number;
    tokenInversions: number;
  }>(`
    WITH ev AS (
      SELECT "environmentId" AS e, "acquiredAt" AS t, 1 AS d FROM "Lease"
      UNION ALL
      SELECT "environmentId", "releasedAt", -1 FROM "Lease" WHERE "releasedAt" IS NOT NULL
    ), running AS (
      -- At equal timestamps a release counts before a grant: intervals are [acquiredAt, releasedAt).
      SELECT e, sum(d) OVER (PARTITION BY e ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c FROM ev
    ), inversions AS (
      SELECT "environmentId" AS e, count(*) FILTER (WHERE "fencingToken" < earlier_max) AS n
      FROM (
        SELECT "environmentId", "fencingToken",
          max("fencingToken") OVER (PARTITION BY "environmentId" ORDER BY "acquiredAt"
            RANGE BETWEEN UNBOUNDED PRECEDING AND '1 millisecond' PRECEDING) AS earlier_max
        FROM "Lease") x
      GROUP BY 1
    )
    SELECT env."id", env."name", env."capacity",
      count(l."id")::int AS leases,
      count(DISTINCT l."fencingToken")::int AS "distinctTokens",
      coalesce(max(l."fencingToken"), 0)::int AS "maxToken",
      (count(l."id") FILTER (WHERE l."status" = 'ACTIVE'))::int AS "stillActive",
      coalesce((SELECT max(c) FROM running WHERE e = env."id"), 0)::int AS "maxConcurrent",
      coalesce((SELECT n FROM inversions WHERE e = env."id"), 0)::int AS "tokenInversions"
    FROM "Environment" env LEFT JOIN "Lease" l ON l."environmentId" = env."id"
    GROUP BY env."id" ORDER BY env."name"`);
  // Two holders of one slot at once: a lease that starts before an earlier lease of the same slot ended.
  // Sound (no false alarms): releasedAt is taken before the release commits and acquiredAt after the
  // grant saw that commit, so a true hand-over always has releasedAt ≤ acquiredAt. For the same
  // reason the history's concurrency can read one lower than a poll that caught a release in flight.
  const { rows: overlaps } = await pgc.query<{ n: number; worst_ms: number | null }>(`
    SELECT count(*)::int AS n, max(extract(epoch FROM (prev_end - "acquiredAt")) * 1000)::float AS worst_ms FROM (
      SELECT "acquiredAt",
        max(coalesce("releasedAt", 'infinity')) OVER (PARTITION BY "environmentId", "slot" ORDER BY "acquiredAt", "id"
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
      FROM "Lease") x
    WHERE prev_end > "acquiredAt"`);
  const overlap = overlaps[0]!;
  return {
    environments,
    doubleGrants: overlap.n,
    overlapDetail: `largest overlap ${overlap.worst_ms?.toFixed(1) ?? "?"} ms`,
  };
}

// ---------------------------------------------------------------------------------------------

interface KillTrialOptions {
  a: ServerProcess;
  b: ServerProcess;
  pgc: pg.Client;
  companyId: string;
  issueId: string;
  trials: number;
  killTimeout: number;
  reaperMs: number;
}

interface KillResult {
  killToEventMs: number;
  killToRowMs: number;
  killToNextGrantMs: number;
  lastHeartbeatBeforeKillMs: number;
}

interface LeaseEventData {
  leaseEvents: { kind: string; releaseReason: string | null; fencingToken: number; lease: { id: string; run: { id: string } } };
}

async function killTrials(opts: KillTrialOptions): Promise<KillResult[]> {
  const { a, b, pgc } = opts;
  console.log(
    `\nSIGKILL → lease release: a real runner (heartbeat every 200 ms, agent heartbeatTimeoutSeconds=${opts.killTimeout}) holds the only slot;` +
      ` leaseEvents subscriber and the waiting acquirer on replica B; ${opts.trials} trial(s):`,
  );
  const environmentId = await createEnvironment(a.url, opts.companyId, "kill", 1);
  const [doomed] = await createAgents(a.url, opts.companyId, 1, opts.killTimeout, "doomed");
  const [waiter] = await createAgents(a.url, opts.companyId, 1, 3600, "waiter");

  // Every lease event of the environment, stamped on arrival.
  const sub = await recordSubscription(
    b.wsUrl,
    ADMIN_TOKEN,
    `subscription($e: ID!) { leaseEvents(environmentId: $e) { kind releaseReason fencingToken lease { id run { id } } } }`,
    { e: environmentId },
    (data) => (data as unknown as LeaseEventData).leaseEvents,
  );
  const events = sub.events;
  const waitFor = async <T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(5);
    }
  };

  const results: KillResult[] = [];
  try {
    for (let trial = 1; trial <= opts.trials; trial++) {
      const runId = await startRun(a.url, doomed!, opts.issueId, environmentId);
      const waiterRunId = await startRun(a.url, waiter!, opts.issueId, environmentId);
      const runner = spawn(
        process.execPath,
        ["runner/bin/runyard-runner.js", "--url", a.url, "--agent-token", doomed!.token, "--run", runId, "--heartbeat-interval-ms", "200", "--", "sleep", "600"],
        // Its own process group, so the orphaned `sleep` can be cleaned up after the runner is killed.
        { cwd: REPO_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } },
      );
      let runnerOutput = "";
      runner.stdout!.on("data", (c: Buffer) => (runnerOutput += c.toString()));
      runner.stderr!.on("data", (c: Buffer) => (runnerOutput += c.toString()));
      const runnerExited = exitPromise(runner);
      const killGroup = () => {
        try {
          process.kill(-runner.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      };
      onCleanup(async () => killGroup());

      try {
        const granted = await waitFor(`the runner's lease (runner output: ${runnerOutput})`, () =>
          events.find((e) => e.kind === "GRANTED" && e.lease.run.id === runId),
        );
        // Steady state: the runner has heartbeated a few times.
        await waitFor("heartbeats", async () => {
          const { rows } = await pgc.query<{ n: number }>(`SELECT "heartbeatCount" AS n FROM "Run" WHERE "id" = $1`, [rawId(runId)]);
          return rows[0]!.n >= 3 ? true : undefined;
        });
        // Kill at a random point in the heartbeat and reaper cycles.
        await sleep(Math.random() * 400);

        // The next acquirer, polling on replica B every 50 ms.
        let nextGrantAt: number | undefined;
        let waiting = true;
        const waiterLoop = (async () => {
          while (waiting) {
            try {
              const data = await gqlData<{ acquireLease: { id: string; fencingToken: number } }>(b.url, waiter!.token, ACQUIRE, {
                input: { environmentId, runId: waiterRunId, ttlSeconds: LEASE_TTL_SECONDS },
              });
              nextGrantAt = performance.now();
              return data.acquireLease;
            } catch {
              await sleep(50);
            }
          }
          return undefined;
        })();

        const killedAt = performance.now();
        const killedWall = Date.now();
        runner.kill("SIGKILL");
        await runnerExited;

        const released = await waitFor("RELEASED event", () =>
          events.find((e) => e.lease.id === granted.lease.id && e.kind !== "GRANTED" && e.kind !== "RENEWED"),
        );
        // The row itself, polled (the event is published after commit, so the row is already there).
        const row = (
          await pgc.query<{ status: string; releaseReason: string; releasedAt: Date; lastHeartbeatAt: Date; runStatus: string }>(
            `SELECT l."status", l."releaseReason", l."releasedAt", r."lastHeartbeatAt", r."status" AS "runStatus"
             FROM "Lease" l JOIN "Run" r ON r."id" = l."runId" WHERE l."id" = $1`,
            [rawId(granted.lease.id)],
          )
        ).rows[0]!;
        await waitFor("the waiting acquirer's grant", () => (nextGrantAt !== undefined ? true : undefined));
        waiting = false;
        const lease = await waiterLoop;

        const result: KillResult = {
          killToEventMs: released.receivedAt - killedAt,
          killToRowMs: row.releasedAt.getTime() - killedWall,
          killToNextGrantMs: nextGrantAt! - killedAt,
          lastHeartbeatBeforeKillMs: killedWall - row.lastHeartbeatAt.getTime(),
        };
        results.push(result);
        console.log(
          `  trial ${trial}: last heartbeat ${result.lastHeartbeatBeforeKillMs} ms before the kill; lease ${row.status}/${row.releaseReason} (run ${row.runStatus});` +
            ` kill→release event ${(result.killToEventMs / 1000).toFixed(2)} s, kill→releasedAt ${(result.killToRowMs / 1000).toFixed(2)} s,` +
            ` kill→next grant ${(result.killToNextGrantMs / 1000).toFixed(2)} s; floor from the last heartbeat ${((opts.killTimeout * 1000 - result.lastHeartbeatBeforeKillMs) / 1000).toFixed(2)} s`,
        );
        // Free the slot for the next trial.
        if (lease) {
          await gqlData(b.url, waiter!.token, RELEASE, { input: { leaseId: lease.id, fencingToken: lease.fencingToken } });
        }
      } finally {
        killGroup();
      }
    }
  } finally {
    await sub.close();
  }
  return results;
}
