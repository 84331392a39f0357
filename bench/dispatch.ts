// Benchmark `dispatch` (issue 10): how fast a queued run reaches a runner, and what a claim costs,
// on two replica processes sharing one fresh database and Redis.
//
//   1. Dispatch latency: a runner waits in claimNextRun(waitSeconds 30) on replica A; an operator
//      wakes the agent on replica B for a fresh issue. Measured: from sending the wake to the
//      claim's answer arriving, beside a bare { __typename } round trip from the same client to
//      the same replicas. Each sample's run is finished before the next, so admission frees.
//   2. Claim throughput: --loops pool-runner loops (half on each replica) drain --runs QUEUED runs,
//      each loop claimNextRun(waitSeconds 0) → finishRun(SUCCEEDED) at once; beside it, the same
//      replicas' heartbeat rate from as many connections on RUNNING runs, and the ratio.
import { performance } from "node:perf_hooks";
import type { Benchmark } from "./index.js";
import { claimRun, createAgents, createCompany, createEnvironment, createIssue, startRun, type Agent } from "./fixtures.js";
import {
  ADMIN_TOKEN,
  closedLoop,
  connectPg,
  cpuLine,
  cpuWindow,
  createBenchDatabase,
  errorCode,
  errorsLine,
  Flags,
  fmt,
  gqlData,
  header,
  LatencyRecorder,
  latencyLine,
  LoadClient,
  makeTempDir,
  mapLimit,
  percentiles,
  postgresBackends,
  sleep,
  startServer,
  type LoadResponse,
  type ServerProcess,
} from "./support.js";

// The runner's own documents (runner/operations.ts), so the servers do what they do in production.
const CLAIM_NEXT = `mutation RunnerClaimNext($input: ClaimNextRunInput!) {
  claimNextRun(input: $input) { run { id status attempt } lease { id fencingToken expiresAt } workspace { id config configVersion } workspaceDir }
}`;
const FINISH = `mutation RunnerFinish($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode } }`;
const HEARTBEAT = `mutation Beat($input: HeartbeatInput!) {
  heartbeat(input: $input) { run { id status } cancelRequested workspaceConfigVersion leaseExpiresAt }
}`;
const WAKE = `mutation Wake($input: WakeAgentInput!) { wakeAgent(input: $input) { coalesced run { id status } } }`;
const TYPENAME_BODY = JSON.stringify({ query: "{ __typename }" });

function claimNextBody(runnerId: string, waitSeconds: number): string {
  return JSON.stringify({ query: CLAIM_NEXT, variables: { input: { runnerId, pid: process.pid, waitSeconds } } });
}

function finishBody(runId: string): string {
  return JSON.stringify({ query: FINISH, variables: { input: { runId, status: "SUCCEEDED", exitCode: 0 } } });
}

function wakeBody(agentId: string, issueId: string, environmentId: string): string {
  return JSON.stringify({ query: WAKE, variables: { input: { agentId, issueId, environmentId, reason: "bench" } } });
}

function heartbeatBody(runId: string, pid: number, n: number): string {
  return JSON.stringify({ query: HEARTBEAT, variables: { input: { runId, pid, state: [{ key: "a", value: { step: n } }] } } });
}

/** The claimed run's id, null for an empty answer; throws on an error. */
function claimedRunId(res: LoadResponse): string | null {
  const code = errorCode(res);
  if (code !== null) throw new Error(`claimNextRun failed (${code}): ${res.body.slice(0, 300)}`);
  const data = (JSON.parse(res.body) as { data: { claimNextRun: { run: { id: string } } | null } }).data;
  return data.claimNextRun?.run.id ?? null;
}

function mustSucceed(what: string, res: LoadResponse): void {
  const code = errorCode(res);
  if (code !== null) throw new Error(`${what} failed (${code}): ${res.body.slice(0, 300)}`);
}

async function setMaxConcurrentRuns(url: string, agent: Agent, maxConcurrentRuns: number): Promise<void> {
  await gqlData(url, ADMIN_TOKEN, `mutation($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns } }`, {
    input: { id: agent.id, maxConcurrentRuns },
  });
}

export const dispatchBenchmark: Benchmark = {
  name: "dispatch",
  summary: "wake on replica B → claimNextRun waiting on A (vs { __typename }); claims/s of pool loops vs heartbeats/s",
  flags: {
    samples: "dispatch-latency samples (default 200)",
    "settle-ms": "pause between sending a sample's claim and its wake, so the claim is waiting (default 100)",
    runs: "QUEUED runs the pool loops drain (default 5000)",
    loops: "pool-runner loops and heartbeat connections, half on each replica (default 20)",
    "pool-agents": "agents the queued runs are spread over, the loops split evenly among them (default 1: one pool runner's agent)",
    seconds: "measured seconds of the heartbeat phase (default 10)",
    warmup: "warm-up seconds before the heartbeat phase (default 2)",
  },
  async run(flags: Flags) {
    const samples = flags.number("samples", 200);
    const settleMs = flags.number("settle-ms", 100);
    const runsN = flags.number("runs", 5000);
    const loopsN = Math.max(2, flags.number("loops", 20));
    const poolAgentsN = Math.min(loopsN, Math.max(1, flags.number("pool-agents", 1)));
    const seconds = flags.number("seconds", 10);
    const warmup = flags.number("warmup", 2);

    header(`dispatch: ${samples} wake→claim samples; ${loopsN} pool loops draining ${runsN} runs; 2 replicas`);
    const t0 = Date.now();
    const db = await createBenchDatabase();
    const dataDir = await makeTempDir("runyard-bench-");
    const env = { RUNYARD_DATA_DIR: dataDir };
    // Both replicas start at once on the empty database: the migration runs under its lock.
    const [a, b] = await Promise.all([
      startServer({ databaseUrl: db.url, env, label: "replica A" }),
      startServer({ databaseUrl: db.url, env, label: "replica B" }),
    ]);
    const replicas: ServerProcess[] = [a, b];
    const pgc = await connectPg(db.url);
    const pids = { replicas: [a.pid, b.pid], postgres: postgresBackends(pgc, db.name) };

    // One environment with room for everything RUNNING at once: the heartbeat runs, the pool loops' runs, a sample's run.
    const companyId = await createCompany(a.url, "bench-dispatch");
    const environmentId = await createEnvironment(a.url, companyId, "dispatch", 2 * loopsN + 10);
    const [dispatcher] = await createAgents(a.url, companyId, 1, 3600, "dispatch");
    const pool = await createAgents(a.url, companyId, poolAgentsN, 3600, "pool");
    const beaters = await createAgents(a.url, companyId, loopsN, 3600, "beat");
    await setMaxConcurrentRuns(a.url, dispatcher!, 1000);
    for (const agent of pool) await setMaxConcurrentRuns(a.url, agent, 1000);
    console.log(`setup: fresh database ${db.name} migrated by the replicas (A pid ${a.pid}, B pid ${b.pid}), environment capacity ${2 * loopsN + 10}, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const sampleIssues = await mapLimit(Array.from({ length: samples }, (_, i) => i), 8, (i) => createIssue(replicas[i % 2]!.url, companyId, `dispatch sample ${i}`));
    // Fresh keep-alive sockets for each phase: a socket left idle past the server's keep-alive
    // timeout (setup between phases) can be closed by the server just as it is reused (ECONNRESET).
    let clients: LoadClient[] = [];
    const freshClients = (): LoadClient[] => {
      for (const c of clients) c.close();
      clients = replicas.map((r) => new LoadClient(r.url, loopsN + 2));
      return clients;
    };
    const [clientA, clientB] = freshClients() as [LoadClient, LoadClient];

    // 1. Dispatch latency. The baseline first: sequential { __typename } round trips, alternating replicas.
    console.log(`\n1. dispatch latency, ${samples} samples: claimNextRun(waitSeconds 30) waiting on A, wakeAgent (operator) on B for a fresh issue`);
    const typename = new LatencyRecorder();
    for (let i = 0; i < Math.max(samples, 50) + 20; i++) {
      const s = performance.now();
      mustSucceed("{ __typename }", await clients[i % 2]!.post(dispatcher!.token, TYPENAME_BODY));
      if (i >= 20) typename.add(performance.now() - s); // the first 20 warm up the sockets
    }
    const dispatch = new LatencyRecorder();
    const wakeAnswer = new LatencyRecorder();
    const failures = new Map<string, number>();
    for (let i = 0; i < samples; i++) {
      const claim = clientA.post(dispatcher!.token, claimNextBody("dispatch-runner", 30)).then((res) => ({ res, at: performance.now() }));
      await sleep(settleMs);
      const sent = performance.now();
      const wake = await clientB.post(ADMIN_TOKEN, wakeBody(dispatcher!.id, sampleIssues[i]!, environmentId));
      wakeAnswer.add(performance.now() - sent);
      mustSucceed("wakeAgent", wake);
      const { res, at } = await claim;
      const runId = claimedRunId(res);
      if (runId === null) {
        failures.set("claim answered null", (failures.get("claim answered null") ?? 0) + 1);
        continue;
      }
      dispatch.add(at - sent);
      mustSucceed("finishRun", await clientA.post(dispatcher!.token, finishBody(runId)));
    }
    const tn = percentiles(typename.values());
    const dp = percentiles(dispatch.values());
    console.log(`  wake sent → claim answered: ${latencyLine(dp)}`);
    console.log(`  wakeAgent's own answer:     ${latencyLine(percentiles(wakeAnswer.values()))}`);
    console.log(`  { __typename } round trip:  ${latencyLine(tn)}  (baseline: same client, both replicas, sequential)`);
    console.log(`  failures: ${errorsLine(failures)}`);

    // 2a. The heartbeat rate of the same replicas: loopsN agents, each with a RUNNING run, half on each replica.
    const beatIssues = await mapLimit(beaters, 8, (_agent, i) => createIssue(a.url, companyId, `dispatch heartbeat ${i}`));
    const beatRuns = await mapLimit(beaters, 8, (agent, i) => startRun(replicas[i % 2]!.url, agent, beatIssues[i]!, environmentId));
    await mapLimit(beaters, 8, (agent, i) => claimRun(replicas[i % 2]!.url, agent, beatRuns[i]!, `beat-runner-${i}`, process.pid));
    freshClients();
    console.log(`\n2a. heartbeat closed loop, ${loopsN} connections (half on each replica) on RUNNING runs, ${seconds} s after ${warmup} s warm-up:`);
    const beats = await closedLoop({
      label: "heartbeat",
      concurrency: loopsN,
      warmupMs: warmup * 1000,
      durationMs: seconds * 1000,
      pids,
      request: async (i, n) => errorCode(await clients[i % 2]!.post(beaters[i]!.token, heartbeatBody(beatRuns[i]!, 10_000 + i, n))),
    });
    const beatRate = beats.ok / beats.seconds;
    console.log(`  ${fmt.rate(beatRate)} heartbeats/s; ${latencyLine(percentiles(beats.latencies))}`);
    console.log(`  errors: ${errorsLine(beats.errors)}; CPU: ${cpuLine(beats.cpu, beats.ok)}`);

    // 2b. Queue the runs through the API, as operators would (a fresh issue each: a workspace admits one RUNNING run).
    const q0 = performance.now();
    const poolIssues = await mapLimit(Array.from({ length: runsN }, (_, i) => i), 16, (i) => createIssue(replicas[i % 2]!.url, companyId, `pool ${i}`));
    freshClients();
    await mapLimit(poolIssues, 16, async (issueId, i) => mustSucceed("wakeAgent", await clients[i % 2]!.post(ADMIN_TOKEN, wakeBody(pool[i % poolAgentsN]!.id, issueId, environmentId))));
    console.log(`\n2b. queued ${runsN} runs through the API (createIssue + wakeAgent, 16 in flight) in ${((performance.now() - q0) / 1000).toFixed(1)} s`);

    // Each claim of an agent holds its row lock to commit (prisma/sql/lock-agent-for-claim.ts): one agent's claims queue there; --pool-agents spreads them.
    console.log(`2c. ${loopsN} pool loops (half on each replica) of ${poolAgentsN} agent(s) drain them: claimNextRun(waitSeconds 0) → finishRun(SUCCEEDED) at once:`);
    const claimLatency = new LatencyRecorder();
    const finishLatency = new LatencyRecorder();
    let claimed = 0;
    freshClients();
    const endWindow = await cpuWindow(pids);
    await Promise.all(
      Array.from({ length: loopsN }, async (_, i) => {
        const client = clients[i % 2]!;
        // Consecutive loops share an agent, so each agent's loops alternate between the replicas.
        const agent = pool[Math.floor((i * poolAgentsN) / loopsN)]!;
        for (;;) {
          const s = performance.now();
          const runId = claimedRunId(await client.post(agent.token, claimNextBody(`pool-runner-${i}`, 0)));
          if (runId === null) return; // drained
          claimLatency.add(performance.now() - s);
          const f = performance.now();
          mustSucceed("finishRun", await client.post(agent.token, finishBody(runId)));
          finishLatency.add(performance.now() - f);
          claimed++;
        }
      }),
    );
    const drain = await endWindow();
    const claimRate = claimed / drain.seconds;
    const [left] = (await pgc.query<{ n: string }>(`SELECT count(*) AS n FROM "Run" WHERE "status" = 'QUEUED'`)).rows;
    console.log(`  ${claimed} runs claimed and finished in ${drain.seconds.toFixed(1)} s: ${fmt.rate(claimRate)} claims/s; ${left!.n} left QUEUED`);
    console.log(`  claimNextRun: ${latencyLine(percentiles(claimLatency.values()))}`);
    console.log(`  finishRun:    ${latencyLine(percentiles(finishLatency.values()))}`);
    console.log(`  CPU: ${cpuLine(drain.cpu, claimed)}`);

    for (const c of clients) c.close();

    const serverUsPerClaim = (drain.cpu.replicas! / Math.max(1, claimed)) * 1000;
    const serverUsPerBeat = (beats.cpu.replicas! / Math.max(1, beats.ok)) * 1000;
    console.log("\nsummary (dispatch):");
    console.log(`  wake → claim: p50 ${fmt.ms(dp.p50)} ms  p99 ${fmt.ms(dp.p99)} ms (issue 10 target p99 < 50 ms) vs { __typename } p50 ${fmt.ms(tn.p50)} ms  p99 ${fmt.ms(tn.p99)} ms`);
    console.log(`  claims/s (${loopsN} loops of ${poolAgentsN} agent(s), each claim followed by its finishRun): ${fmt.rate(claimRate)} vs heartbeats/s (${loopsN} connections): ${fmt.rate(beatRate)}`);
    console.log(`  a claim+finish costs ${(beatRate / claimRate).toFixed(2)} heartbeats by throughput (issue 10: a claim ≤ ~3)`);
    console.log(
      `  replica CPU: ${serverUsPerClaim.toFixed(0)} µs per claim+finish vs ${serverUsPerBeat.toFixed(0)} µs per heartbeat (${(serverUsPerClaim / serverUsPerBeat).toFixed(2)}×); ` +
        `Postgres ${((drain.cpu.postgres! / Math.max(1, claimed)) * 1000).toFixed(0)} vs ${((beats.cpu.postgres! / Math.max(1, beats.ok)) * 1000).toFixed(0)} µs`,
    );
  },
};
