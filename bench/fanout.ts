// Benchmark `fanout` (issue 14): N graphql-ws subscribers to runEvents(agentId) on replica A while
// the agent's run heartbeats on replica B (open loop, one beat every --beat-ms), and the same with
// one subscriber as the baseline. Latency is from sending the heartbeat to B to each subscriber
// reading its event from A (so it includes the heartbeat's own write and commit, B's publish,
// Redis, A's fan-out and the socket), across every subscriber and event. Then A's RSS per idle
// subscription: what N subscribed sockets added to it, divided by N.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { summarizeCpuProfile } from "./profile.js";
import { openRawSubscriber, type RawSubscriber } from "../test/support/raw-subscriber.js";
import type { Benchmark } from "./index.js";
import { createRunningRun } from "./fixtures.js";
import { cpuWindow, createBenchDatabase, errorCode, InspectorProfiler, inspectorPort, Flags, fmt, header, latencyLine, LoadClient, makeTempDir, mapLimit, percentiles, rssMb, sleep, startServer, subscriptionsOf } from "./support.js";

const HEARTBEAT = `mutation Beat($input: HeartbeatInput!) { heartbeat(input: $input) { run { id status } cancelRequested } }`;
// What a dashboard's run list shows of each event; no `run { … }`, which costs each subscriber a query per event.
const RUN_EVENTS = `subscription($agentId: ID!) { runEvents(agentId: $agentId) { id kind status pid at } }`;

export const fanoutBenchmark: Benchmark = {
  name: "fanout",
  summary: "N runEvents(agentId) subscribers on replica A, heartbeats on replica B: publish → receive latency vs 1 subscriber; RSS per idle subscription",
  flags: {
    subscribers: "subscribers on replica A (default 1000)",
    beats: "heartbeats sent to B per phase (default 40)",
    profile: "CPU-profile replica A over the N-subscriber phase (inspector) and summarise it",
    "beat-ms": "one heartbeat every N ms (default 500: the fleet's per-agent rate)",
  },
  async run(flags: Flags) {
    const subscribersN = flags.number("subscribers", 1000);
    const beats = flags.number("beats", 40);
    const beatMs = flags.number("beat-ms", 500);
    header(`fanout: ${subscribersN} subscribers on A, a heartbeat every ${beatMs} ms on B`);
    const db = await createBenchDatabase();
    const dataDir = await makeTempDir("runyard-bench-");
    const env = { RUNYARD_DATA_DIR: dataDir };
    const profile = flags.bool("profile");
    const inspect = profile ? await inspectorPort() : 0;
    const A = await startServer({ databaseUrl: db.url, env: profile ? { ...env, NODE_OPTIONS: `--inspect=127.0.0.1:${inspect}` } : env, label: "replica A" });
    const profiler = profile ? await InspectorProfiler.connect(inspect) : null;
    const B = await startServer({ databaseUrl: db.url, env, label: "replica B" });
    const { agent, runId } = await createRunningRun(B.url, "fanout");
    const client = new LoadClient(B.url, 4);
    const wsUrl = `${A.url.replace("http:", "ws:")}/graphql`;
    let pid = 20_000;

    /** Subscribes `n` sockets on A and waits until A's pubsub has every one live. */
    const subscribe = async (n: number): Promise<RawSubscriber[]> => {
      const before = (await subscriptionsOf(A.url)).established;
      const subscribers = await mapLimit(Array.from({ length: n }, (_, i) => i), 50, async () => {
        const subscriber = openRawSubscriber(wsUrl, agent!.token, RUN_EVENTS, { agentId: agent!.id });
        await subscriber.subscribed;
        return subscriber;
      });
      while ((await subscriptionsOf(A.url)).established < before + n) await sleep(50);
      return subscribers;
    };

    /** One heartbeat every beatMs, each with a pid of its own (the key its event is matched by). */
    const phase = async (label: string, subscribers: RawSubscriber[]) => {
      const sentAt = new Map<number, number>();
      const cpu = await cpuWindow({ A: [A.pid], B: [B.pid] });
      const t0 = performance.now();
      const sends: Array<Promise<void>> = [];
      for (let k = 0; k < beats; k++) {
        await sleep(t0 + k * beatMs - performance.now());
        const beatPid = pid++;
        sentAt.set(beatPid, performance.now());
        sends.push(
          client.post(agent!.token, JSON.stringify({ query: HEARTBEAT, variables: { input: { runId, pid: beatPid } } })).then((res) => {
            if (errorCode(res) !== null) throw new Error(`heartbeat refused: ${res.body}`);
          }),
        );
      }
      await Promise.all(sends);
      const deadline = Date.now() + 10_000;
      const expected = beats * subscribers.length;
      const heard = () => subscribers.reduce((sum, s) => sum + s.payloads.length, 0);
      while (heard() < expected && Date.now() < deadline) await sleep(50);
      const used = await cpu();
      const latencies: number[] = [];
      for (const subscriber of subscribers) {
        subscriber.payloads.forEach((payload, i) => {
          const sent = sentAt.get((payload as { data: { runEvents: { pid: number } } }).data.runEvents.pid);
          if (sent !== undefined) latencies.push(subscriber.receivedAt[i]! - sent);
        });
        subscriber.payloads.length = 0;
        subscriber.receivedAt.length = 0;
      }
      const p = percentiles(latencies);
      console.log(`  ${label}: ${latencies.length}/${expected} events heard; heartbeat sent → event read ${latencyLine(p)}`);
      console.log(`    CPU: A ${((used.cpu.A! * 1000) / Math.max(1, latencies.length)).toFixed(0)} µs per event delivered, B ${((used.cpu.B! * 1000) / beats).toFixed(0)} µs per heartbeat; this client ${((used.cpu.client! * 1000) / Math.max(1, latencies.length)).toFixed(0)} µs per event read`);
      return p;
    };

    console.log(`\n1. baseline: 1 subscriber on A, ${beats} heartbeats on B`);
    const [single] = await subscribe(1);
    const one = await phase("1 subscriber", [single!]);
    single!.terminate();

    await sleep(1000);
    const rssBefore = rssMb(A.pid);
    console.log(`\n2. ${subscribersN} subscribers on A (A's RSS ${rssBefore.toFixed(0)} MB before they subscribe)`);
    const many = await subscribe(subscribersN);
    await sleep(2000);
    const rssIdle = rssMb(A.pid);
    console.log(`  A's RSS with ${subscribersN} idle subscriptions: ${rssIdle.toFixed(0)} MB (+${(rssIdle - rssBefore).toFixed(0)} MB)`);
    await profiler?.start();
    const all = await phase(`${subscribersN} subscribers`, many);
    if (profiler) {
      const file = await profiler.stop(join(tmpdir(), `runyard-fanout-A-${Date.now()}.cpuprofile`));
      console.log(`  replica A's CPU profile over the phase (${file}):`);
      console.log(summarizeCpuProfile(file).replace(/^/gm, "    "));
    }
    const rssAfter = rssMb(A.pid);
    for (const subscriber of many) subscriber.terminate();
    client.close();

    console.log("\nsummary (fanout):");
    console.log(`  publish → receive p99 across ${subscribersN} subscribers: ${fmt.ms(all.p99)} ms (p50 ${fmt.ms(all.p50)} ms, max ${fmt.ms(all.max)} ms) vs 1 subscriber p99 ${fmt.ms(one.p99)} ms (p50 ${fmt.ms(one.p50)} ms)   (issue 14 target p99 < 50 ms)`);
    console.log(`  memory per idle subscription on A: ${(((rssIdle - rssBefore) * 1024) / subscribersN).toFixed(1)} KB (RSS ${rssBefore.toFixed(0)} → ${rssIdle.toFixed(0)} MB for ${subscribersN}; ${rssAfter.toFixed(0)} MB after the events)`);
  },
};
