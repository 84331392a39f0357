// Benchmark `heartbeat` (issues 3 and 14): agents, each with its own token and its own RUNNING run,
// heartbeating with 2 runtime-state entries against one real server on Postgres + Redis.
//
// Phases, all on the same server and client:
//   1. throughput: closed loops at --connections concurrency, alternating rounds of the HTTP + yoga
//      floor (`{ __typename }`, the baseline) and heartbeats, so warm-up and the drifting load of a
//      shared machine weigh on both; the ratio of their summed throughputs (issue 14 target ≥ 0.8)
//      and the spread of the per-round ratios;
//   2b. the usage path's cost: short closed-loop rounds alternating heartbeats without and with
//      usage totals attached (rising cost, no budget); the ratio of their summed throughputs (issue
//      12 goal: ≥ 0.9);
//   3. the fleet: --agents agents each beating every --beat-ms on its own phase (an open loop:
//      sent on schedule whether or not earlier ones answered, latency from the scheduled send),
//      alternating with the same open loop of `{ __typename }` as its baseline. (A closed loop's
//      mean latency is N / throughput whatever the server does — Little's law — so its p99 says
//      more about N than about the server.)
// Then, to say where the time goes:
//   4. a census: a second server, reaching Postgres through a counting proxy and a private Redis,
//      counts each operation's database round trips and Redis commands exactly;
//   5. a breakdown: the pieces of the heartbeat path (auth, Prisma vs plain pg, publish, the
//      domain operation) timed in this process with the server's own modules;
//   --profile: one round of each closed loop under the inspector's CPU profiler instead of phase 1's
//      rounds, and both profiles side by side in CPU µs per request, area by area.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { breakdownTable, heartbeatBreakdown } from "./breakdown.js";
import type { Benchmark } from "./index.js";
import { claimRun, createAgents, createCompany, createEnvironment, createIssue, startRun } from "./fixtures.js";
import { compareCpuProfiles, summarizeCpuProfile } from "./profile.js";
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

/** Summed over rounds: what a load phase answered, in how long, with which latencies and CPU. */
class Totals {
  ok = 0;
  seconds = 0;
  cpu: Record<string, number> = {};
  private readonly latencies: number[] = [];
  add(r: PhaseResult): void {
    this.ok += r.ok;
    this.seconds += r.seconds;
    for (const v of r.latencies) this.latencies.push(v);
    for (const [k, v] of Object.entries(r.cpu)) if (!k.endsWith("%")) this.cpu[k] = (this.cpu[k] ?? 0) + v;
  }
  get rate(): number {
    return this.ok / this.seconds;
  }
  percentiles() {
    return percentiles(this.latencies);
  }
  /** CPU µs per answered request of a process group. */
  cpuPerRequest(group: string): number {
    return ((this.cpu[group] ?? NaN) / this.ok) * 1000;
  }
}

export const heartbeatBenchmark: Benchmark = {
  name: "heartbeat",
  summary: "heartbeats (2 state entries each) vs the same server's { __typename } floor: throughput, fleet latency",
  flags: {
    connections: "concurrent connections (one agent each) of the closed loops (default 50)",
    agents: "agents of the fleet open loop, each with its own token and RUNNING run (default 200)",
    rounds: "phase 1: alternating { __typename } / heartbeat closed-loop rounds (default 4)",
    "round-s": "phase 1: measured seconds per round (default 3)",
    warmup: "warm-up seconds before the first round of each phase (default 2; later rounds 0.3)",
    "usage-rounds": "phase 2b: alternating rounds without / with usage (default 4; 0 skips)",
    "usage-round-s": "phase 2b: measured seconds per round (default 1.5)",
    "beat-ms": "fleet: each agent heartbeats every N ms (default 500; 0 skips the phase)",
    "fleet-rounds": "fleet: alternating { __typename } / heartbeat open-loop rounds (default 2)",
    "fleet-s": "fleet: measured seconds per round (default 6)",
    "db-pool": "RUNYARD_DB_POOL_SIZE for the server (default: the server's own, 20)",
    breakdown: "seconds per row of the in-process cost breakdown (default 0.5; 0 skips)",
    census: "calls per operation in the round-trip census (default 30; 0 skips)",
    profile: "CPU-profile the server over one { __typename } and one heartbeat round (inspector) and compare them; skips the other phases",
  },
  async run(flags: Flags) {
    const connections = flags.number("connections", 50);
    const agentsN = Math.max(connections, flags.number("agents", 200));
    const rounds = Math.max(1, flags.number("rounds", 4));
    const roundSeconds = flags.number("round-s", 3);
    const warmup = flags.number("warmup", 2);
    const beatMs = flags.number("beat-ms", 500);
    const fleetRounds = Math.max(1, flags.number("fleet-rounds", 2));
    const fleetSeconds = flags.number("fleet-s", 6);
    const usageRounds = flags.number("usage-rounds", 4);
    const usageRoundSeconds = flags.number("usage-round-s", 1.5);
    const dbPool = flags.number("db-pool", 0);
    const breakdownSeconds = flags.number("breakdown", 0.5);
    const censusCalls = flags.number("census", 30);
    const profile = flags.bool("profile");

    header(`heartbeat: ${connections} connections (closed loops), a fleet of ${agentsN} agents every ${beatMs} ms (open loop)`);
    const t0 = Date.now();
    const db = await createBenchDatabase();
    const dataDir = await makeTempDir("runyard-bench-");
    const env: Record<string, string> = { RUNYARD_DATA_DIR: dataDir };
    if (dbPool > 0) env.RUNYARD_DB_POOL_SIZE = String(dbPool);
    const inspect = profile ? await inspectorPort() : 0;
    const server = await startServer({ databaseUrl: db.url, env: profile ? { ...env, NODE_OPTIONS: `--inspect=127.0.0.1:${inspect}` } : env, label: "server" });
    // The census server starts on the migrated database while the fixtures are created.
    const censusRig = censusCalls > 0 && !profile ? startCensusServer(db.url, env) : null;
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
    const report = (r: PhaseResult): void => {
      console.log(`  ${fmt.rate(r.ok / r.seconds)} req/s over ${r.seconds.toFixed(1)} s; ${latencyLine(percentiles(r.latencies))}`);
      console.log(`  errors: ${errorsLine(r.errors)}`);
      console.log(`  CPU: ${cpuLine(r.cpu, r.ok)}`);
    };

    const typenameRequest = async (i: number): Promise<string | null> => errorCode(await client.post(agents[i]!.token, TYPENAME_BODY));
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
    const closedRound = (label: string, request: (i: number, n: number) => Promise<string | null>, round: number, extra: Partial<Parameters<typeof closedLoop>[0]> = {}) =>
      closedLoop({ label, concurrency: connections, warmupMs: (round === 0 ? warmup : 0.3) * 1000, durationMs: roundSeconds * 1000, pids, request, ...extra });

    if (profile) {
      const profiler = await InspectorProfiler.connect(inspect);
      const windows: Array<{ label: string; file: string; requests: number }> = [];
      console.log(`\n1. (--profile) one { __typename } and one heartbeat closed-loop round of ${roundSeconds} s at ${connections} connections, the server under the CPU profiler (slower than unprofiled):`);
      for (const [label, request] of [["typename", typenameRequest], ["heartbeat", beat]] as const) {
        let file = "";
        const r = await closedRound(label, request, 0, {
          onWindowStart: () => profiler.start(),
          onWindowEnd: async () => {
            file = await profiler.stop(join(tmpdir(), `runyard-${label}-server-${Date.now()}.cpuprofile`));
          },
        });
        console.log(`  ${label}: ${fmt.rate(r.ok / r.seconds)} req/s, errors: ${errorsLine(r.errors)}; profile ${file}`);
        windows.push({ label, file, requests: r.ok });
      }
      console.log(`\nserver CPU by area, µs per request ({ __typename } is the HTTP + yoga floor; the difference is what a heartbeat adds):`);
      console.log(compareCpuProfiles(windows));
      console.log(`\nthe heartbeat window's profile alone:`);
      console.log(summarizeCpuProfile(windows[1]!.file).replace(/^/gm, "  "));
      client.close();
      return;
    }

    // Phase 1: alternating rounds.
    const typename = new Totals();
    const closed = new Totals();
    const roundRatios: number[] = [];
    const txBefore = await databaseTransactions(pgc, db.name);
    const ackedBefore = acked;
    console.log(`\n1. throughput: ${rounds} rounds of ${roundSeconds} s each of { __typename } then heartbeats (2 state entries each), closed loops at ${connections} connections:`);
    for (let round = 0; round < rounds; round++) {
      const tn = await closedRound("typename", typenameRequest, round);
      const hb = await closedRound("heartbeat", beat, round);
      typename.add(tn);
      closed.add(hb);
      roundRatios.push(hb.ok / hb.seconds / (tn.ok / tn.seconds));
      console.log(
        `  round ${round + 1}: { __typename } ${fmt.rate(tn.ok / tn.seconds)}/s (errors: ${errorsLine(tn.errors)}), heartbeat ${fmt.rate(hb.ok / hb.seconds)}/s (errors: ${errorsLine(hb.errors)}), ratio ${roundRatios[round]!.toFixed(2)}; ` +
          `server CPU ${((tn.cpu.server! / tn.ok) * 1000).toFixed(0)} vs ${((hb.cpu.server! / hb.ok) * 1000).toFixed(0)} µs/req`,
      );
    }
    const txAfter = await databaseTransactions(pgc, db.name);
    const txPerBeat = (txAfter - txBefore) / Math.max(1, acked - ackedBefore);

    // Summed over the rounds of phase 2b: [without, with] usage.
    let usageComparison: Totals[] | undefined;
    if (usageRounds > 0) {
      console.log(`\n2b. heartbeat closed loops, ${usageRounds} rounds of ${usageRoundSeconds} s without, then ${usageRoundSeconds} s with usage totals attached (4 keys, rising cost, no budget):`);
      usageComparison = [new Totals(), new Totals()];
      for (let round = 0; round < usageRounds; round++) {
        for (const [kind, request] of [beat, beatWithUsage].entries()) {
          const r = await closedLoop({ label: kind ? "heartbeat-usage" : "heartbeat-plain", concurrency: connections, warmupMs: 300, durationMs: usageRoundSeconds * 1000, pids, request });
          usageComparison[kind]!.add(r);
          console.log(`  round ${round + 1} ${kind ? "with usage:   " : "without usage:"} ${fmt.rate(r.ok / r.seconds)} req/s, errors: ${errorsLine(r.errors)}`);
        }
      }
    }

    // Phase 3: the fleet, each agent on its own phase: the open loop sends request n to agent
    // n mod N, so agent i beats every beatMs, offset by i × beatMs / N.
    let fleet: { typename: Totals; heartbeat: Totals; maxInFlight: number } | undefined;
    if (beatMs > 0) {
      const rate = (agentsN * 1000) / beatMs;
      console.log(`\n3. fleet: each of ${agentsN} agents every ${beatMs} ms on its own phase (${fmt.rate(rate)}/s in all), open loop, latency from the scheduled send; ${fleetRounds} rounds of ${fleetSeconds} s each of { __typename } then heartbeats:`);
      fleet = { typename: new Totals(), heartbeat: new Totals(), maxInFlight: 0 };
      for (let round = 0; round < fleetRounds; round++) {
        for (const [label, request] of [["typename", typenameRequest], ["heartbeat", beat]] as const) {
          const r = await openLoop({ label, ratePerSecond: rate, workers: agentsN, warmupMs: (round === 0 ? Math.min(1, warmup) : 0.3) * 1000, durationMs: fleetSeconds * 1000, pids, request });
          (label === "typename" ? fleet.typename : fleet.heartbeat).add(r);
          if (label === "heartbeat") fleet.maxInFlight = Math.max(fleet.maxInFlight, r.maxInFlight);
          console.log(`  round ${round + 1} ${label.padEnd(9)}: ${latencyLine(percentiles(r.latencies))}; errors: ${errorsLine(r.errors)}; max in flight ${r.maxInFlight}; this client's event-loop delay p99 ${fmt.ms(r.clientDelay.p99)} ms, max ${fmt.ms(r.clientDelay.max)} ms`);
        }
      }
    }

    // The database agrees with what the server acknowledged: every heartbeat wrote both keys once.
    const [state] = (await pgc.query<{ rows: string; versions: string }>(`SELECT count(*) AS rows, coalesce(sum("version"), 0) AS versions FROM "RuntimeState"`)).rows;
    // Every acknowledged heartbeat counted on its run; history keeps only those that said something new.
    const [beats] = (
      await pgc.query<{ counted: string; kept: string }>(
        `SELECT (SELECT coalesce(sum("heartbeatCount"), 0) FROM "Run") AS counted, (SELECT count(*) FROM "RunEvent" WHERE "kind" = 'HEARTBEAT') AS kept`,
      )
    ).rows;
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
      Number(beats!.counted) === acked &&
      Number(usage!.runs) <= expectedCost &&
      Math.abs(Number(usage!.month ?? 0) - Number(usage!.runs)) < 1e-6;
    console.log(
      `\ncheck: ${acked} heartbeats acknowledged over all phases; RuntimeState ${state!.rows} rows, sum(version) ${state!.versions} ` +
        `(expect ${2 * acked}); heartbeatCount summed ${beats!.counted}, HEARTBEAT history rows ${beats!.kept}; usage cost in runs ${usage!.runs} (at most ${expectedCost} sent), ` +
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

    const hb = closed.percentiles();
    const tn = typename.percentiles();
    const spread = `per-round ratios ${Math.min(...roundRatios).toFixed(2)}–${Math.max(...roundRatios).toFixed(2)}`;
    console.log("\nsummary (heartbeat):");
    console.log(`  heartbeats/s (closed loop, ${connections} connections, ${rounds} rounds): ${fmt.rate(closed.rate)}   p50 ${fmt.ms(hb.p50)} ms  p99 ${fmt.ms(hb.p99)} ms`);
    console.log(`  { __typename } req/s (same server, client, connections, alternating rounds): ${fmt.rate(typename.rate)}   p50 ${fmt.ms(tn.p50)} ms  p99 ${fmt.ms(tn.p99)} ms`);
    console.log(`  ratio heartbeat / { __typename } throughput: ${(closed.rate / typename.rate).toFixed(2)} (${spread})   (issue 14 target ≥ 0.8)`);
    console.log(
      `  server CPU per request: heartbeat ${closed.cpuPerRequest("server").toFixed(0)} µs vs { __typename } ${typename.cpuPerRequest("server").toFixed(0)} µs; ` +
        `Postgres backends ${closed.cpuPerRequest("postgres").toFixed(0)} µs per heartbeat`,
    );
    if (usageComparison) {
      const [plain, withUsage] = usageComparison.map((sum) => ({ rate: sum.rate, p: sum.percentiles() }));
      console.log(
        `  heartbeats/s in the alternating rounds: without usage ${fmt.rate(plain!.rate)} (p50 ${fmt.ms(plain!.p.p50)} ms), with usage ${fmt.rate(withUsage!.rate)} (p50 ${fmt.ms(withUsage!.p.p50)} ms)`,
      );
      console.log(`  ratio with usage / without: ${(withUsage!.rate / plain!.rate).toFixed(2)}   (issue 12 goal ≥ 0.90; noisy on a shared machine)`);
    }
    if (fleet) {
      const f = fleet.heartbeat.percentiles();
      const b = fleet.typename.percentiles();
      console.log(
        `  fleet, ${agentsN} agents × 1 beat per ${beatMs} ms (open loop): heartbeat p50 ${fmt.ms(f.p50)} ms  p99 ${fmt.ms(f.p99)} ms  max ${fmt.ms(f.max)} ms ` +
          `vs { __typename } at the same rate p50 ${fmt.ms(b.p50)} ms  p99 ${fmt.ms(b.p99)} ms   (issue 14 target p50 < 5 ms, p99 < 25 ms)`,
      );
      console.log(`  fleet server CPU: heartbeat ${fleet.heartbeat.cpuPerRequest("server").toFixed(0)} µs/req (${fmt.pct((fleet.heartbeat.cpu.server! / (fleet.heartbeat.seconds * 1000)) * 100)} of a core)`);
    }
    console.log(`  database transactions per heartbeat: ${txPerBeat.toFixed(2)} (pg_stat_database; each autocommit statement counts one)`);
    if (censusResults) console.log(`  per heartbeat: ${censusResults.heartbeat}; per { __typename }: ${censusResults.typename}`);
  },
};
