// Benchmark `soak` (issue 14): one replica serving a fleet of --agents agents, each heartbeating
// every --beat-ms (open loop, two state entries), and --subscribers graphql-ws subscriptions to
// the agents' runEvents (spread evenly, each with its agent's token) for --seconds, then on for a
// --soak-s soak. The replica's RSS every --sample-s; what matters is that it does not grow:
// the RSS at the soak's start and end.
import type { Benchmark } from "./index.js";
import { openRawSubscriber, type RawSubscriber } from "../test/support/raw-subscriber.js";
import { claimRun, createAgents, createCompany, createEnvironment, createIssue, startRun } from "./fixtures.js";
import { createBenchDatabase, errorCode, errorsLine, Flags, fmt, header, latencyLine, LoadClient, makeTempDir, mapLimit, openLoop, percentiles, rssMb, sleep, startServer, subscriptionsOf } from "./support.js";

const HEARTBEAT = `mutation Beat($input: HeartbeatInput!) {
  heartbeat(input: $input) { run { id status } cancelRequested cancelReason workspaceConfigVersion leaseExpiresAt }
}`;
const RUN_EVENTS = `subscription($agentId: ID!) { runEvents(agentId: $agentId) { id kind status pid at } }`;

export const soakBenchmark: Benchmark = {
  name: "soak",
  summary: "one replica serving N heartbeating agents and M subscriptions: RSS over a minute, then over a soak",
  flags: {
    agents: "agents, each with its own token and RUNNING run (default 200)",
    subscribers: "runEvents(agentId) subscriptions, spread over the agents (default 1000)",
    "beat-ms": "each agent heartbeats every N ms (default 500)",
    seconds: "the first phase's seconds (default 60)",
    "soak-s": "the soak's seconds after it (default 300; 0 skips)",
    "sample-s": "seconds between RSS readings (default 10)",
  },
  async run(flags: Flags) {
    const agentsN = flags.number("agents", 200);
    const subscribersN = flags.number("subscribers", 1000);
    const beatMs = flags.number("beat-ms", 500);
    const seconds = flags.number("seconds", 60);
    const soakSeconds = flags.number("soak-s", 300);
    const sampleSeconds = Math.max(1, flags.number("sample-s", 10));
    header(`soak: ${agentsN} agents every ${beatMs} ms and ${subscribersN} subscriptions on one replica, ${seconds} s then a ${soakSeconds} s soak`);
    const db = await createBenchDatabase();
    const dataDir = await makeTempDir("runyard-bench-");
    const server = await startServer({ databaseUrl: db.url, env: { RUNYARD_DATA_DIR: dataDir }, label: "server" });
    const companyId = await createCompany(server.url, "bench-soak");
    const environmentIds = await mapLimit(Array.from({ length: Math.ceil(agentsN / 25) }, (_, i) => i), 4, (i) => createEnvironment(server.url, companyId, `bench-${i}`, 25));
    const agents = await createAgents(server.url, companyId, agentsN, 3600, "soak");
    const issueIds = await mapLimit(agents, 8, (_agent, i) => createIssue(server.url, companyId, `bench soak ${i}`));
    const runIds = await mapLimit(agents, 8, (agent, i) => startRun(server.url, agent, issueIds[i]!, environmentIds[Math.floor(i / 25)]!));
    await mapLimit(agents, 8, (agent, i) => claimRun(server.url, agent, runIds[i]!, `bench-runner-${i}`, process.pid));
    const rssIdle = rssMb(server.pid);

    const wsUrl = `${server.url.replace("http:", "ws:")}/graphql`;
    const before = (await subscriptionsOf(server.url)).established;
    const subscribers: RawSubscriber[] = await mapLimit(Array.from({ length: subscribersN }, (_, i) => i), 50, async (i) => {
      const agent = agents[i % agentsN]!;
      const subscriber = openRawSubscriber(wsUrl, agent.token, RUN_EVENTS, { agentId: agent.id });
      await subscriber.subscribed;
      return subscriber;
    });
    while ((await subscriptionsOf(server.url)).established < before + subscribersN) await sleep(50);
    const rssSubscribed = rssMb(server.pid);
    console.log(`setup: ${agentsN} agents with RUNNING runs; RSS ${rssIdle.toFixed(0)} MB, ${rssSubscribed.toFixed(0)} MB with ${subscribersN} subscriptions`);

    const client = new LoadClient(server.url, agentsN);
    const rate = (agentsN * 1000) / beatMs;
    const request = async (i: number, n: number) =>
      errorCode(
        await client.post(
          agents[i]!.token,
          JSON.stringify({ query: HEARTBEAT, variables: { input: { runId: runIds[i]!, pid: 10_000 + i, state: [{ key: "step", value: n }, { key: "note", value: { n } }] } } }),
        ),
      );
    let heard = 0;
    const readings: Array<{ at: number; rss: number }> = [];
    /** Runs the fleet for `total` seconds in windows of sampleSeconds, reading RSS after each. */
    const run = async (label: string, total: number, elapsed: number) => {
      const all: number[] = [];
      const errors = new Map<string, number>();
      for (let t = 0; t < total; t += sampleSeconds) {
        const r = await openLoop({ label, ratePerSecond: rate, workers: agentsN, warmupMs: 0, durationMs: Math.min(sampleSeconds, total - t) * 1000, request });
        all.push(...r.latencies);
        for (const [code, n] of r.errors) errors.set(code, (errors.get(code) ?? 0) + n);
        for (const subscriber of subscribers) {
          heard += subscriber.payloads.length;
          subscriber.payloads.length = 0;
          subscriber.receivedAt.length = 0;
        }
        readings.push({ at: elapsed + t + Math.min(sampleSeconds, total - t), rss: rssMb(server.pid) });
      }
      const rss = readings.slice(-Math.ceil(total / sampleSeconds)).map((r) => `${r.at} s ${r.rss.toFixed(0)}`);
      console.log(`  RSS MB: ${rss.join(", ")}`);
      console.log(`  heartbeats ${latencyLine(percentiles(all))}; errors: ${errorsLine(errors)}`);
    };

    console.log(`\n1. ${seconds} s: ${agentsN} agents × 1 beat per ${beatMs} ms (${fmt.rate(rate)}/s), ${subscribersN} subscriptions`);
    await run("fleet", seconds, 0);
    const rssAtMinute = readings[readings.length - 1]!.rss;
    let soak: { start: number; end: number } | undefined;
    if (soakSeconds > 0) {
      console.log(`\n2. soak: ${soakSeconds} s more of the same`);
      const start = rssAtMinute;
      await run("soak", soakSeconds, seconds);
      soak = { start, end: readings[readings.length - 1]!.rss };
    }
    const subscribedAtEnd = (await subscriptionsOf(server.url)).active;
    for (const subscriber of subscribers) subscriber.terminate();
    client.close();

    console.log("\nsummary (soak):");
    console.log(`  RSS of one replica serving ${agentsN} agents and ${subscribersN} subscriptions: ${rssAtMinute.toFixed(0)} MB after ${seconds} s (${rssIdle.toFixed(0)} MB before any subscription, ${rssSubscribed.toFixed(0)} MB subscribed and idle)`);
    if (soak) {
      const peak = Math.max(...readings.filter((r) => r.at > seconds).map((r) => r.rss));
      console.log(`  soak: ${soak.start.toFixed(0)} MB at its start, ${soak.end.toFixed(0)} MB at its end after ${soakSeconds} s (peak ${peak.toFixed(0)} MB): ${soak.end - soak.start > 0 ? "+" : ""}${(soak.end - soak.start).toFixed(0)} MB`);
    }
    console.log(`  subscriptions still live at the end: ${subscribedAtEnd}; events heard by the subscribers: ${heard}`);
  },
};
