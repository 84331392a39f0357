// Benchmark `heartbeat` (issue 3): N agents, each with its own token and its own RUNNING run,
// heartbeating with 2 runtime-state entries against one real server on Postgres + Redis.
//
// Phases, all on the same server, client and connections:
//   1. `{ __typename }` closed loop at N concurrency: the HTTP + yoga floor (the baseline);
//   2. heartbeat closed loop at N concurrency: throughput and latency under saturation;
//   2b. the usage path's cost: short closed-loop rounds alternating heartbeats without and with
//      usage totals attached (rising cost, no budget), so warm-up and the drifting load of a
//      shared machine weigh on both; the ratio of their summed throughputs (issue 12 goal: ≥ 0.9);
//   3. heartbeat open loop, each agent beating every --beat-ms: latency when the server is not
//      saturated (a closed loop's mean latency is N / throughput whatever the server does —
//      Little's law — so its p99 says more about N than about the server).
// Then, to say where the time goes:
//   4. a census: a second server, reaching Postgres through a counting proxy and a private Redis,
//      counts each operation's database round trips and Redis commands exactly;
//   5. a breakdown: the pieces of the heartbeat path (auth, Prisma vs plain pg, publish, the
//      domain operation) timed in this process with the server's own modules.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { breakdownTable, heartbeatBreakdown } from "./breakdown.js";
import type { Benchmark } from "./index.js";
import { claimRun, createAgents, createCompany, createEnvironment, createIssue, startRun } from "./fixtures.js";
import { summarizeCpuProfile } from "./profile.js";
import {
  census,
  censusLine,
  closedLoop,
  connectPg,
  cpuLine,
  createBenchDatabase,
  databaseTransactions,
  errorCode,
  errorsLine,
  Flags,
  fmt,
  header,
  InspectorProfiler,
  inspectorPort,
  latencyLine,
  LoadClient,
  makeTempDir,
  mapLimit,
  openLoop,
  percentiles,
  postgresBackends,
  startCensusServer,
  startServer,
  type PhaseResult,
} from "./support.js";

// The runner's own heartbeat document (runner/operations.ts), so the server does what it does in production.
const HEARTBEAT = `mutation Beat($input: HeartbeatInput!) {
  heartbeat(input: $input) { run { id status } cancelRequested cancelReason workspaceConfigVersion leaseExpiresAt }
}`;
const TYPENAME_BODY = JSON.stringify({ query: "{ __typename }" });

/** With `usage`, the run's cumulative totals after `usage` beats, as a runner relays its child's `::usage` lines. */
function heartbeatBody(runId: string, pid: number, n: number, usage?: number): string {
  return JSON.stringify({
    query: HEARTBEAT,
    variables: {
      input: {
        runId,
        pid,
        state: [
          { key: "a", value: { step: n, tokens: n * 17, note: "bench" } },
          { key: "b", value: n },
        ],
        ...(usage === undefined ? {} : { usage: { inputTokens: usage * 1000, outputTokens: usage * 100, costCents: usage * 0.5, cacheReadTokens: usage * 10 } }),
      },
    },
  });
}

export const heartbeatBenchmark: Benchmark = {
  name: "heartbeat",
  summary: "N agents heartbeating (2 state entries each) vs the same server's { __typename } floor",
  flags: {
    agents: "concurrent agents, each with its own token and RUNNING run (default 200)",
    seconds: "measured seconds per load phase (default 10)",
    warmup: "warm-up seconds before each load phase (default 2)",
    "usage-rounds": "phase 2b: alternating rounds without / with usage (default 4; 0 skips)",
    "usage-round-s": "phase 2b: measured seconds per round (default 1.5)",
    "beat-ms": "open-loop phase: each agent heartbeats every N ms (default 1000; 0 skips the phase)",
    "db-pool": "RUNYARD_DB_POOL_SIZE for the server (default: the server's own, 20)",
    breakdown: "seconds per row of the in-process cost breakdown (default 0.5; 0 skips)",
    census: "calls per operation in the round-trip census (default 30; 0 skips)",
    profile: "CPU-profile the server over the closed-loop heartbeat window (inspector) and summarise it; skips the baseline",
  },
  async run(flags: Flags) {
    const agentsN = flags.number("agents", 200);
    const seconds = flags.number("seconds", 10);
    const warmup = flags.number("warmup", 2);
    const beatMs = flags.number("beat-ms", 1000);
    const usageRounds = flags.number("usage-rounds", 4);
    const usageRoundSeconds = flags.number("usage-round-s", 1.5);
    const dbPool = flags.number("db-pool", 0);
    const breakdownSeconds = flags.number("breakdown", 0.5);
    const censusCalls = flags.number("census", 30);
    const profile = flags.bool("profile");

    header(`heartbeat: ${agentsN} agents, ${seconds} s per phase after ${warmup} s warm-up`);
    const t0 = Date.now();
    const db = await createBenchDatabase();
    const dataDir = await makeTempDir("runyard-bench-");
    const env: Record<string, string> = { RUNYARD_DATA_DIR: dataDir };
    if (dbPool > 0) env.RUNYARD_DB_POOL_SIZE = String(dbPool);
    const inspect = profile ? await inspectorPort() : 0;
    const server = await startServer({ databaseUrl: db.url, env: profile ? { ...env, NODE_OPTIONS: `--inspect=127.0.0.1:${inspect}` } : env, label: "server" });
    // The census server starts on the migrated database while the fixtures are created.
    const censusRig = censusCalls > 0 ? startCensusServer(db.url, env) : null;
    censusRig?.catch(() => {});
    const pgc = await connectPg(db.url);

    // Fixtures: one agent (token) and one RUNNING run each, holding its lease. Claims take the
    // environment's lock one at a time, so the runs are spread over environments of 25 slots.
    const companyId = await createCompany(server.url, "bench-heartbeat");
    const perEnvironment = 25;
    const environmentIds = await mapLimit(Array.from({ length: Math.ceil(agentsN / perEnvironment) }, (_, i) => i), 4, (i) =>
      createEnvironment(server.url, companyId, `bench-${i}`, perEnvironment),
    );
    const agents = await createAgents(server.url, companyId, agentsN, 3600, "hb");
    // An issue per agent: a workspace admits one RUNNING run.
    const issueIds = await mapLimit(agents, 8, (_agent, i) => createIssue(server.url, companyId, `bench heartbeat ${i}`));
    const runIds = await mapLimit(agents, 8, (agent, i) => startRun(server.url, agent, issueIds[i]!, environmentIds[Math.floor(i / perEnvironment)]!));
    await mapLimit(agents, 8, (agent, i) => claimRun(server.url, agent, runIds[i]!, `bench-runner-${i}`, process.pid));
    console.log(
      `setup: fresh database ${db.name} migrated by the server, server pid ${server.pid} (DB pool ${dbPool || "default 20"}), ` +
        `${agentsN} agents, each with its own token and RUNNING run, in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    const client = new LoadClient(server.url, agentsN);
    const pids = { server: [server.pid], postgres: postgresBackends(pgc, db.name) };
    const ms = { warmupMs: warmup * 1000, durationMs: seconds * 1000 };
    // The open loop measures latency, not throughput: half as long is plenty (200 agents × 1/s × 5 s = 1000 samples).
    const openMs = { warmupMs: Math.min(1, warmup) * 1000, durationMs: Math.max(3, seconds / 2) * 1000 };
    const report = (r: PhaseResult): void => {
      console.log(`  ${fmt.rate(r.ok / r.seconds)} req/s over ${r.seconds.toFixed(1)} s; ${latencyLine(percentiles(r.latencies))}`);
      console.log(`  errors: ${errorsLine(r.errors)}`);
      console.log(`  CPU: ${cpuLine(r.cpu, r.ok)}`);
    };

    let typename: PhaseResult | undefined;
    if (!profile) {
      console.log(`\n1. { __typename } closed loop, ${agentsN} concurrent (baseline):`);
      typename = await closedLoop({
        label: "typename",
        concurrency: agentsN,
        ...ms,
        pids,
        request: async (i) => errorCode(await client.post(agents[i]!.token, TYPENAME_BODY)),
      });
      report(typename);
    } else {
      console.log("\n(--profile: the { __typename } baseline and the open loop are skipped)");
    }

    // Every heartbeat acknowledged (warm-up included), to check the database against afterwards.
    let acked = 0;
    const beat = async (i: number, n: number): Promise<string | null> => {
      const code = errorCode(await client.post(agents[i]!.token, heartbeatBody(runIds[i]!, 10_000 + i, n)));
      if (code === null) acked++;
      return code;
    };
    // Each run's usage beats so far: its totals rise by one step per beat.
    const usageBeats = agents.map(() => 0);
    const beatWithUsage = async (i: number, n: number): Promise<string | null> => {
      const code = errorCode(await client.post(agents[i]!.token, heartbeatBody(runIds[i]!, 10_000 + i, n, ++usageBeats[i]!)));
      if (code === null) acked++;
      return code;
    };

    const txBefore = await databaseTransactions(pgc, db.name);
    const ackedBefore = acked;
    const profiler = profile ? await InspectorProfiler.connect(inspect) : null;
    let profileFile: string | undefined;
    console.log(`\n2. heartbeat closed loop, ${agentsN} concurrent agents, 2 state entries each${profiler ? " (server being profiled: slower than unprofiled)" : ""}:`);
    const closed = await closedLoop({
      label: "heartbeat",
      concurrency: agentsN,
      ...ms,
      pids,
      request: beat,
      // The profile covers exactly the measured window, after warm-up.
      onWindowStart: profiler ? () => profiler.start() : undefined,
      onWindowEnd: profiler
        ? async () => {
            profileFile = await profiler.stop(join(tmpdir(), `runyard-heartbeat-server-${Date.now()}.cpuprofile`));
          }
        : undefined,
    });
    report(closed);
    const txAfter = await databaseTransactions(pgc, db.name);
    const txPerBeat = (txAfter - txBefore) / Math.max(1, acked - ackedBefore);
    const closedRate = closed.ok / closed.seconds;

    // Summed over the rounds of phase 2b: [without, with] usage.
    let usageComparison: { ok: number; seconds: number; latencies: number[] }[] | undefined;
    if (!profile && usageRounds > 0) {
      console.log(`\n2b. heartbeat closed loops, ${usageRounds} rounds of ${usageRoundSeconds} s without, then ${usageRoundSeconds} s with usage totals attached (4 keys, rising cost, no budget):`);
      usageComparison = [
        { ok: 0, seconds: 0, latencies: [] },
        { ok: 0, seconds: 0, latencies: [] },
      ];
      const roundMs = { warmupMs: 300, durationMs: usageRoundSeconds * 1000 };
      for (let round = 0; round < usageRounds; round++) {
        for (const [kind, request] of [beat, beatWithUsage].entries()) {
          const r = await closedLoop({ label: kind ? "heartbeat-usage" : "heartbeat-plain", concurrency: agentsN, ...roundMs, pids, request });
          const sum = usageComparison[kind]!;
          sum.ok += r.ok;
          sum.seconds += r.seconds;
          sum.latencies.push(...r.latencies);
          console.log(`  round ${round + 1} ${kind ? "with usage:   " : "without usage:"} ${fmt.rate(r.ok / r.seconds)} req/s, errors: ${errorsLine(r.errors)}`);
        }
      }
    }

    let open: (PhaseResult & { maxInFlight: number }) | undefined;
    if (!profile && beatMs > 0) {
      const rate = (agentsN * 1000) / beatMs;
      console.log(`\n3. heartbeat open loop: each of ${agentsN} agents every ${beatMs} ms (${fmt.rate(rate)}/s in all), latency from the scheduled send:`);
      open = await openLoop({ label: "heartbeat-open", ratePerSecond: rate, workers: agentsN, ...openMs, pids, request: beat });
      report(open);
      console.log(`  max requests in flight: ${open.maxInFlight}`);
    }

    // The database agrees with what the server acknowledged: every heartbeat wrote both keys once.
    const [state] = (await pgc.query<{ rows: string; versions: string }>(`SELECT count(*) AS rows, coalesce(sum("version"), 0) AS versions FROM "RuntimeState"`)).rows;
    const [events] = (await pgc.query<{ n: string }>(`SELECT count(*) AS n FROM "RunEvent" WHERE "kind" = 'HEARTBEAT'`)).rows;
    // Usage: each run kept its last totals (a beat's totals are never lower than an earlier one's,
    // whatever the order they were written in), and the agents' month costs add up to them.
    const expectedCost = usageBeats.reduce((sum, beats) => sum + beats * 0.5, 0);
    const [usage] = (
      await pgc.query<{ runs: string; month: string | null }>(
        `SELECT (SELECT coalesce(sum(("usage"->>'costCents')::numeric), 0) FROM "Run") AS runs, (SELECT sum("costCents") FROM "AgentMonthlyCost") AS month`,
      )
    ).rows;
    const consistent =
      Number(state!.rows) === 2 * agentsN &&
      Number(state!.versions) === 2 * acked &&
      Number(events!.n) === acked &&
      Number(usage!.runs) <= expectedCost &&
      Math.abs(Number(usage!.month ?? 0) - Number(usage!.runs)) < 1e-6;
    console.log(
      `\ncheck: ${acked} heartbeats acknowledged over all phases; RuntimeState ${state!.rows} rows, sum(version) ${state!.versions} ` +
        `(expect ${2 * acked}); HEARTBEAT events ${events!.n}; usage cost in runs ${usage!.runs} (at most ${expectedCost} sent), ` +
        `in AgentMonthlyCost ${usage!.month ?? 0} → ${consistent ? "consistent" : "INCONSISTENT"}`,
    );
    client.close();

    let censusResults: { typename: string; heartbeat: string } | undefined;
    if (censusRig) {
      const rig = await censusRig;
      const censusClient = new LoadClient(rig.server.url, 1);
      const agent = agents[0]!;
      console.log(`\n4. census: ${censusCalls} sequential calls each through a second server whose Postgres traffic is counted by a proxy, on a private Redis:`);
      const tn = await census(rig.proxy, rig.redis, censusCalls, async () => censusClient.post(agent.token, TYPENAME_BODY));
      const hb = await census(rig.proxy, rig.redis, censusCalls, async (n) => {
        const res = await censusClient.post(agent.token, heartbeatBody(runIds[0]!, 10_000, 1_000_000 + n));
        if (errorCode(res) !== null) throw new Error(`census heartbeat failed: ${res.body}`);
      });
      censusClient.close();
      censusResults = { typename: censusLine(tn), heartbeat: censusLine(hb) };
      console.log(`  { __typename }: ${censusResults.typename}`);
      console.log(`  heartbeat:      ${censusResults.heartbeat}`);
    }

    if (breakdownSeconds > 0) {
      console.log(`\n5. cost breakdown of the heartbeat path: the server's own modules in the bench process, same database and Redis,`);
      console.log(`   8 concurrent, ${breakdownSeconds} s per row; CPU is this process's (JS plus the pg/ioredis client work):`);
      const rows = await heartbeatBreakdown({ databaseUrl: db.url, companyId, agents, runIds, seconds: breakdownSeconds, concurrency: 8, heartbeatDocument: HEARTBEAT });
      console.log(breakdownTable(rows));
    }

    if (profileFile) {
      console.log(`\nserver CPU profile of the closed-loop heartbeat window (${profileFile}):`);
      console.log(summarizeCpuProfile(profileFile).replace(/^/gm, "  "));
    }

    const hb = percentiles(closed.latencies);
    console.log("\nsummary (heartbeat):");
    console.log(`  heartbeats/s (closed loop, ${agentsN} agents): ${fmt.rate(closedRate)}   p50 ${fmt.ms(hb.p50)} ms  p99 ${fmt.ms(hb.p99)} ms  max ${fmt.ms(hb.max)} ms`);
    if (typename) {
      const tn = percentiles(typename.latencies);
      const typenameRate = typename.ok / typename.seconds;
      console.log(`  { __typename } req/s (same server, client, concurrency): ${fmt.rate(typenameRate)}   p50 ${fmt.ms(tn.p50)} ms  p99 ${fmt.ms(tn.p99)} ms`);
      console.log(`  ratio heartbeat / { __typename } throughput: ${(closedRate / typenameRate).toFixed(2)}   (issue 3 target ≥ 0.5)`);
      console.log(
        `  server CPU per request: heartbeat ${((closed.cpu.server! / closed.ok) * 1000).toFixed(0)} µs vs { __typename } ${((typename.cpu.server! / typename.ok) * 1000).toFixed(0)} µs` +
          ` (server busy ${fmt.pct(closed.cpu["server%"]!)} vs ${fmt.pct(typename.cpu["server%"]!)}); Postgres backends ${((closed.cpu.postgres! / closed.ok) * 1000).toFixed(0)} µs per heartbeat`,
      );
    }
    if (usageComparison) {
      const [plain, withUsage] = usageComparison.map((sum) => ({ rate: sum.ok / sum.seconds, p: percentiles(sum.latencies) }));
      console.log(
        `  heartbeats/s in the alternating rounds: without usage ${fmt.rate(plain!.rate)} (p50 ${fmt.ms(plain!.p.p50)} ms), with usage ${fmt.rate(withUsage!.rate)} (p50 ${fmt.ms(withUsage!.p.p50)} ms)`,
      );
      console.log(`  ratio with usage / without: ${(withUsage!.rate / plain!.rate).toFixed(2)}   (issue 12 goal ≥ 0.90; noisy on a shared machine)`);
    }
    console.log(`  closed-loop p99 ${fmt.ms(hb.p99)} ms vs issue 3 target < 25 ms (a closed loop of ${agentsN} has mean latency ${agentsN} / throughput = ${fmt.ms((agentsN / closedRate) * 1000)} ms)`);
    if (open) {
      const op = percentiles(open.latencies);
      console.log(`  open loop, ${agentsN} agents × 1 beat per ${beatMs} ms (${fmt.rate(open.ok / open.seconds)}/s): p50 ${fmt.ms(op.p50)} ms  p99 ${fmt.ms(op.p99)} ms  max ${fmt.ms(op.max)} ms  (target p99 < 25 ms)`);
    }
    console.log(`  database transactions per heartbeat: ${txPerBeat.toFixed(2)} (pg_stat_database; each autocommit statement counts one)`);
    if (censusResults) console.log(`  per heartbeat: ${censusResults.heartbeat}; per { __typename }: ${censusResults.typename}`);
  },
};
