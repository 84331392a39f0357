// Benchmark `logs` (issue 12): runners appending their children's output (appendRunLogs, 500-line
// batches, as runner/log-shipper.ts sends them) against one real server, one of the runs already
// holding --seed-lines lines; and Run.logs pages read from the start and from deep in that run.
// Baselines, on the same server and connections: `{ __typename }` at the same concurrency for the
// appends, and the first page of a fresh run for the deep page.
import { encodeBase64, encodeCursorTuple } from "@pothos/core";
import type { Benchmark } from "./index.js";
import { claimRun, createAgents, createCompany, createEnvironment, createIssue, startRun } from "./fixtures.js";
import {
  closedLoop,
  connectPg,
  cpuLine,
  createBenchDatabase,
  errorCode,
  errorsLine,
  Flags,
  fmt,
  header,
  latencyLine,
  LoadClient,
  makeTempDir,
  mapLimit,
  percentiles,
  postgresBackends,
  rawId,
  startServer,
  type PhaseResult,
} from "./support.js";

// The runner's own document (runner/operations.ts).
const APPEND = `mutation RunnerAppendLogs($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }`;
const PAGE = `query($id: ID!, $after: String) { run(id: $id) { logs(first: 100, after: $after) { edges { node { seq stream text } } } } }`;
const TYPENAME_BODY = JSON.stringify({ query: "{ __typename }" });
const HEARTBEAT = "mutation BenchLogsHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }";
const BATCH = 500;
const LINE = "x".repeat(80);

export const runLogsBenchmark: Benchmark = {
  name: "logs",
  summary: "appendRunLogs in 500-line batches (one run already deep) vs { __typename }; Run.logs pages, start vs deep",
  flags: {
    runners: "concurrent runners, each appending to its own RUNNING run (default 50)",
    "seed-lines": "lines already stored in the first run before the load (default 1000000)",
    seconds: "measured seconds per phase (default 8)",
    warmup: "warm-up seconds before each phase (default 2)",
  },
  async run(flags: Flags) {
    const runnersN = flags.number("runners", 50);
    const seedLines = flags.number("seed-lines", 1_000_000);
    const seconds = flags.number("seconds", 8);
    const warmup = flags.number("warmup", 2);
    header(`logs: ${runnersN} runners, 500-line batches, one run seeded with ${seedLines} lines`);
    const db = await createBenchDatabase();
    const dataDir = await makeTempDir("runyard-bench-");
    // The seeded run's 80 MB is past the default 50 MiB budget: raised, so its appends are stored.
    const server = await startServer({ databaseUrl: db.url, env: { RUNYARD_DATA_DIR: dataDir, RUNYARD_RUN_LOG_MAX_BYTES: String(2 ** 31 - 1) }, label: "server" });
    const pgc = await connectPg(db.url);

    const companyId = await createCompany(server.url, "bench-logs");
    const environmentId = await createEnvironment(server.url, companyId, "bench-logs", runnersN + 1);
    const agents = await createAgents(server.url, companyId, runnersN + 1, 3600, "logs");
    const runIds = await mapLimit(agents, 4, async (agent, i) => startRun(server.url, agent, await createIssue(server.url, companyId, `logs ${i}`), environmentId));
    await mapLimit(agents, 4, (agent, i) => claimRun(server.url, agent, runIds[i]!, `bench-logs-${i}`, process.pid));
    const t0 = Date.now();
    await pgc.query(
      `INSERT INTO "RunLogChunk" ("runId", "seq", "stream", "text", "bytes")
       SELECT $1::uuid, s, CASE WHEN s % 20 = 0 THEN 'STDERR' ELSE 'STDOUT' END::"RunLogStream", $2, length($2) FROM generate_series(0, $3::int - 1) s`,
      [rawId(runIds[0]!), LINE, seedLines],
    );
    await pgc.query(`UPDATE "Run" SET "logBytes" = $2 WHERE "id" = $1`, [rawId(runIds[0]!), seedLines * LINE.length]);
    await pgc.query(`VACUUM ANALYZE "RunLogChunk"`);
    console.log(`setup: ${runnersN + 1} RUNNING runs; ${seedLines} lines seeded into the first in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const client = new LoadClient(server.url, runnersN);
    const pids = { server: [server.pid], postgres: postgresBackends(pgc, db.name) };
    const ms = { warmupMs: warmup * 1000, durationMs: seconds * 1000 };
    const report = (r: PhaseResult, unit: string, perRequest = 1): void => {
      console.log(`  ${fmt.rate((r.ok * perRequest) / r.seconds)} ${unit}/s over ${r.seconds.toFixed(1)} s; ${latencyLine(percentiles(r.latencies))}`);
      console.log(`  errors: ${errorsLine(r.errors)}`);
      console.log(`  CPU: ${cpuLine(r.cpu, r.ok)}`);
    };

    console.log(`\n1. { __typename } closed loop, ${runnersN} concurrent (baseline):`);
    const typename = await closedLoop({ label: "typename", concurrency: runnersN, ...ms, pids, request: async (i) => errorCode(await client.post(agents[i]!.token, TYPENAME_BODY)) });
    report(typename, "req");
    console.log(`\n1b. heartbeat closed loop, the same ${runnersN} runners on their RUNNING runs (baseline):`);
    const beats = await closedLoop({
      label: "heartbeat",
      concurrency: runnersN,
      ...ms,
      pids,
      request: async (i) => errorCode(await client.post(agents[i]!.token, JSON.stringify({ query: HEARTBEAT, variables: { input: { runId: runIds[i], pid: process.pid } } }))),
    });
    report(beats, "heartbeats");

    // Worker 0 appends to the seeded run, past its lines; each worker numbers its own run's lines.
    const nextSeq = runIds.map((_, i) => (i === 0 ? seedLines : 0));
    const append = async (i: number): Promise<string | null> => {
      const from = nextSeq[i]!;
      nextSeq[i] = from + BATCH;
      const chunks = Array.from({ length: BATCH }, (_, k) => ({ seq: from + k, stream: k % 20 === 0 ? "STDERR" : "STDOUT", text: `${from + k} ${LINE}` }));
      return errorCode(await client.post(agents[i]!.token, JSON.stringify({ query: APPEND, variables: { input: { runId: runIds[i], chunks } } })));
    };
    console.log(`\n2. appendRunLogs closed loop, ${runnersN} runners, ${BATCH} lines of ~90 bytes a call:`);
    const appended = await closedLoop({ label: "append", concurrency: runnersN, ...ms, pids, request: append });
    report(appended, "lines", BATCH);
    console.log(`  (${fmt.rate(appended.ok / appended.seconds)} calls/s)`);
    const [deep] = (await pgc.query<{ n: string }>(`SELECT count(*) AS n FROM "RunLogChunk" WHERE "runId" = $1`, [rawId(runIds[0]!)])).rows;
    console.log(`  the seeded run now holds ${deep!.n} lines (${seedLines} seeded)`);
    const lineRate = (appended.ok * BATCH) / appended.seconds;
    console.log(
      `  → ${fmt.rate(lineRate)} lines/s beside ${fmt.rate(beats.ok / beats.seconds)} heartbeats/s and ${fmt.rate(typename.ok / typename.seconds)} { __typename }/s` +
        ` (${(lineRate / (beats.ok / beats.seconds)).toFixed(1)} lines per heartbeat's time)`,
    );

    const page = (runId: string, afterSeq: number | null) =>
      JSON.stringify({ query: PAGE, variables: { id: runId, after: afterSeq === null ? null : encodeBase64(`GPC:${encodeCursorTuple([rawId(runId), afterSeq])}`) } });
    const fresh = runIds[runnersN]!;
    await client.post(agents[runnersN]!.token, JSON.stringify({ query: APPEND, variables: { input: { runId: fresh, chunks: Array.from({ length: 200 }, (_, k) => ({ seq: k, stream: "STDOUT", text: LINE })) } } }));
    console.log(`\n3. Run.logs(first: 100) of a 200-line run, from the start, 1 reader (baseline):`);
    report(await closedLoop({ label: "page-fresh", concurrency: 1, ...ms, pids, request: async () => errorCode(await client.post(agents[runnersN]!.token, page(fresh, null))) }), "pages");
    console.log(`\n4. Run.logs(first: 100) of the seeded run, after seq ${seedLines - 200} (deep), 1 reader:`);
    report(await closedLoop({ label: "page-deep", concurrency: 1, ...ms, pids, request: async () => errorCode(await client.post(agents[0]!.token, page(runIds[0]!, seedLines - 200))) }), "pages");
    client.close();
    await pgc.end();
  },
};
