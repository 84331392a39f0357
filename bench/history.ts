// Benchmark `history` (issue 14): heartbeats stay as fast on a database holding a big history as on
// an empty one. Two servers, each on a database of its own with the same 50 live runs; one of the
// databases is filled (generate_series) with --runs finished runs shaped like real ones (spread
// over the same agents, issues and workspaces and over 30 days) and --events-per-run history rows
// each (3 status changes and the rest HEARTBEATs, as heartbeats used to leave them). Then
// alternating open-loop rounds on each (every live run beating every --beat-ms): heartbeat p50
// and p99 on the full database beside the empty one's.
import { performance } from "node:perf_hooks";
import type { Benchmark } from "./index.js";
import { claimRun, createAgents, createCompany, createEnvironment, createIssue, startRun, type Agent } from "./fixtures.js";
import { connectPg, createBenchDatabase, errorCode, Flags, fmt, header, latencyLine, LoadClient, makeTempDir, mapLimit, openLoop, percentiles, startServer } from "./support.js";

const HEARTBEAT = `mutation Beat($input: HeartbeatInput!) {
  heartbeat(input: $input) { run { id status } cancelRequested cancelReason workspaceConfigVersion leaseExpiresAt }
}`;

// Finished runs of the live runs' agents, issues, workspaces and environment, created over the last
// 30 days, each as a runner leaves it (claimed, heartbeating, SUCCEEDED).
const FILL_RUNS = `
  WITH live AS (SELECT row_number() OVER (ORDER BY "id") - 1 AS n, * FROM "Run" WHERE "status" = 'RUNNING'),
  made AS (SELECT g, now() - (g % 2592000) * interval '1 second' AS at FROM generate_series($1::int, $2::int) g)
  INSERT INTO "Run" ("id", "companyId", "agentId", "issueId", "environmentId", "workspaceId", "status", "runnerId", "pid",
    "createdAt", "startedAt", "finishedAt", "lastHeartbeatAt", "exitCode", "heartbeatCount", "wakeReasons")
  SELECT gen_random_uuid(), live."companyId", live."agentId", live."issueId", live."environmentId", live."workspaceId", 'SUCCEEDED',
    'bench-filler', 1000 + made.g % 30000, made.at, made.at + interval '1 second', made.at + interval '10 minutes',
    made.at + interval '10 minutes', 0, 120, ARRAY['manual']
  FROM made JOIN live ON live.n = made.g % (SELECT count(*) FROM live)`;

const FILL_EVENTS = `
  INSERT INTO "RunEvent" ("runId", "kind", "status", "fromStatus", "pid", "at")
  SELECT r."id", (CASE WHEN k <= 3 THEN 'STATUS_CHANGED' ELSE 'HEARTBEAT' END)::"RunEventKind",
    (CASE k WHEN 1 THEN 'QUEUED' WHEN 3 THEN 'SUCCEEDED' ELSE 'RUNNING' END)::"RunStatus",
    (CASE k WHEN 2 THEN 'QUEUED' WHEN 3 THEN 'RUNNING' END)::"RunStatus",
    CASE WHEN k = 1 THEN NULL ELSE r."pid" END, r."createdAt" + k * interval '5 seconds'
  FROM (SELECT "id", "pid", "createdAt" FROM "Run" WHERE "runnerId" = 'bench-filler' ORDER BY "createdAt" OFFSET $1 LIMIT $2) r
  CROSS JOIN generate_series(1, $3::int) k`;

export const historyBenchmark: Benchmark = {
  name: "history",
  summary: "heartbeat latency of 50 live runs on a database with 1M runs and 10M history rows vs an empty one",
  flags: {
    live: "live runs heartbeating (default 50)",
    runs: "finished runs the full database holds (default 1000000)",
    "events-per-run": "history rows per finished run (default 10)",
    "beat-ms": "each live run heartbeats every N ms (default 200)",
    rounds: "alternating rounds on the empty and the full database (default 4)",
    "round-s": "measured seconds per round (default 8)",
  },
  async run(flags: Flags) {
    const liveN = flags.number("live", 50);
    const runsN = flags.number("runs", 1_000_000);
    const eventsPerRun = flags.number("events-per-run", 10);
    const beatMs = flags.number("beat-ms", 200);
    const rounds = Math.max(1, flags.number("rounds", 4));
    const roundSeconds = flags.number("round-s", 8);
    header(`history: ${liveN} live runs every ${beatMs} ms, on an empty database and on one with ${runsN} runs and ${runsN * eventsPerRun} history rows`);

    const sides = [];
    for (const label of ["empty", "full"] as const) {
      const db = await createBenchDatabase();
      const dataDir = await makeTempDir("runyard-bench-");
      // History kept for good on both: the reaper would otherwise spend the rounds pruning the filler's backlog.
      const server = await startServer({ databaseUrl: db.url, env: { RUNYARD_DATA_DIR: dataDir, RUNYARD_HEARTBEAT_RETENTION_HOURS: "0" }, label });
      const companyId = await createCompany(server.url, `bench-history-${label}`);
      const environmentIds = await mapLimit(Array.from({ length: Math.ceil(liveN / 25) }, (_, i) => i), 2, (i) => createEnvironment(server.url, companyId, `bench-${i}`, 25));
      const agents: Agent[] = await createAgents(server.url, companyId, liveN, 3600, "hist");
      const issueIds = await mapLimit(agents, 8, (_agent, i) => createIssue(server.url, companyId, `bench history ${i}`));
      const runIds = await mapLimit(agents, 8, (agent, i) => startRun(server.url, agent, issueIds[i]!, environmentIds[Math.floor(i / 25)]!));
      await mapLimit(agents, 8, (agent, i) => claimRun(server.url, agent, runIds[i]!, `bench-runner-${i}`, process.pid));
      sides.push({ label, db, server, agents, runIds, pgc: await connectPg(db.url), client: new LoadClient(server.url, liveN) });
    }

    const full = sides[1]!;
    const t0 = performance.now();
    const chunk = 100_000;
    for (let from = 0; from < runsN; from += chunk) await full.pgc.query(FILL_RUNS, [from, Math.min(runsN, from + chunk) - 1]);
    const runsSeconds = (performance.now() - t0) / 1000;
    for (let from = 0; from < runsN; from += chunk) await full.pgc.query(FILL_EVENTS, [from, chunk, eventsPerRun]);
    await full.pgc.query(`VACUUM ANALYZE "Run"`);
    await full.pgc.query(`VACUUM ANALYZE "RunEvent"`);
    // The fill's gigabytes of dirty pages written out now, not by a checkpoint during the rounds.
    await full.pgc.query(`CHECKPOINT`);
    const [sizes] = (
      await full.pgc.query<{ runs: string; events: string; bytes: string }>(
        `SELECT (SELECT count(*) FROM "Run") AS runs, (SELECT count(*) FROM "RunEvent") AS events,
           pg_size_pretty(pg_total_relation_size('"Run"') + pg_total_relation_size('"RunEvent"')) AS bytes`,
      )
    ).rows;
    console.log(
      `setup: filled the full database with ${sizes!.runs} runs (${runsSeconds.toFixed(0)} s) and ${sizes!.events} history rows ` +
        `(${((performance.now() - t0) / 1000).toFixed(0)} s in all; Run + RunEvent ${sizes!.bytes} with their indexes), vacuumed and analysed`,
    );

    const rate = (liveN * 1000) / beatMs;
    const latencies = new Map(sides.map((side) => [side.label, [] as number[]]));
    const roundP50s = new Map(sides.map((side) => [side.label, [] as number[]]));
    console.log(`\n${rounds} rounds of ${roundSeconds} s on each database, ${liveN} runs each beating every ${beatMs} ms (${fmt.rate(rate)}/s), open loop:`);
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 ? [...sides].reverse() : sides) {
        const r = await openLoop({
          label: side.label,
          ratePerSecond: rate,
          workers: liveN,
          warmupMs: round === 0 ? 2000 : 300,
          durationMs: roundSeconds * 1000,
          request: async (i, n) =>
            errorCode(await side.client.post(side.agents[i]!.token, JSON.stringify({ query: HEARTBEAT, variables: { input: { runId: side.runIds[i]!, pid: 10_000 + i, state: [{ key: "step", value: n }] } } }))),
        });
        latencies.get(side.label)!.push(...r.latencies);
        roundP50s.get(side.label)!.push(percentiles(r.latencies).p50);
        console.log(`  round ${round + 1} ${side.label.padEnd(5)}: ${latencyLine(percentiles(r.latencies))}; errors: ${r.errors.size ? [...r.errors].join(", ") : "none"}`);
      }
    }
    for (const side of sides) side.client.close();
    const [empty, filled] = sides.map((side) => percentiles(latencies.get(side.label)!));
    console.log("\nsummary (history):");
    console.log(
      `  heartbeat p50 on ${sizes!.runs} runs / ${sizes!.events} history rows: ${fmt.ms(filled!.p50)} ms (p99 ${fmt.ms(filled!.p99)} ms) vs empty ${fmt.ms(empty!.p50)} ms (p99 ${fmt.ms(empty!.p99)} ms): ` +
        `ratio ${(filled!.p50 / empty!.p50).toFixed(2)}   (issue 14 target ≤ 1.2)`,
    );
    const ratios = roundP50s.get("full")!.map((p50, i) => p50 / roundP50s.get("empty")![i]!).sort((a, b) => a - b);
    console.log(`  per-round p50 ratios full / empty: ${ratios.map((r) => r.toFixed(2)).join(", ")} (median ${((ratios[Math.floor((ratios.length - 1) / 2)]! + ratios[Math.ceil((ratios.length - 1) / 2)]!) / 2).toFixed(2)}): a shared machine's load moves single rounds`);
  },
};
