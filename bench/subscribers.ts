// Benchmark `subscribers` (issue 9): slow subscribers against one real server on Postgres + Redis.
// N subscribers open a socket, subscribe and stop reading (the socket paused); one healthy
// subscriber reads. Then events flow: an agent's heartbeats on runEvents(agentId), or with
// --config-kb, updateIssue with configs of that size on workspaceChanged(issueId), whose bytes
// outgrow the kernel's socket buffers sooner. The figures: the server's RSS before, at its peak
// and after, the event rate, the server's live subscriptions, and what the healthy one heard.
import { performance } from "node:perf_hooks";
import { openRawSubscriber, type RawSubscriber } from "../test/support/raw-subscriber.js";
import type { Benchmark } from "./index.js";
import { createRunningRun } from "./fixtures.js";
import { ADMIN_TOKEN, createBenchDatabase, errorCode, Flags, fmt, header, LoadClient, makeTempDir, mapLimit, rssMb, sleep, startServer, subscriptionsOf } from "./support.js";

const HEARTBEAT = `mutation Beat($input: HeartbeatInput!) { heartbeat(input: $input) { run { id status } cancelRequested } }`;
const UPDATE_ISSUE = `mutation Update($input: UpdateIssueInput!) { updateIssue(input: $input) { id } }`;
// Without `run { … }` or `issue { … }`, which cost each subscriber a query per event: this
// measures buffering, not fan-out.
const RUN_EVENTS = `subscription($agentId: ID!) { runEvents(agentId: $agentId) { id kind status fromStatus pid at } }`;
const WORKSPACE_CHANGED = `subscription($issueId: ID!) { workspaceChanged(issueId: $issueId) { id configVersion config } }`;

export const subscribersBenchmark: Benchmark = {
  name: "subscribers",
  summary: "N stalled subscribers and a healthy one while events flow: server RSS, event rate, who was closed",
  flags: {
    stalled: "subscribers that stop reading (default 200)",
    healthy: "subscribers that keep reading (default 1)",
    events: "heartbeats (8 at a time) or config updates (one at a time) sent (default 600)",
    "config-kb": "send updateIssue with configs of this many KB on workspaceChanged instead of heartbeats (default 0: heartbeats)",
    "max-buffered": "RUNYARD_WS_MAX_BUFFERED_BYTES for the server (default: the server's own)",
    "settle-seconds": "seconds to wait after the last event before the last RSS reading (default 5)",
  },
  async run(flags: Flags) {
    const stalledN = flags.number("stalled", 200);
    const healthyN = flags.number("healthy", 1);
    const eventsN = flags.number("events", 600);
    const configKb = flags.number("config-kb", 0);
    const settleSeconds = flags.number("settle-seconds", 5);
    const maxBuffered = flags.number("max-buffered", 0);
    const what = configKb > 0 ? `${configKb} KB workspace config updates` : "heartbeats";
    header(`subscribers: ${stalledN} stalled + ${healthyN} healthy subscribers, ${eventsN} ${what}`);
    const db = await createBenchDatabase();
    const dataDir = await makeTempDir("runyard-bench-");
    const env: Record<string, string> = { RUNYARD_DATA_DIR: dataDir };
    if (maxBuffered > 0) env.RUNYARD_WS_MAX_BUFFERED_BYTES = String(maxBuffered);
    const server = await startServer({ databaseUrl: db.url, env, label: "server" });
    const { issueId, agent, runId } = await createRunningRun(server.url, "subscribers");

    const wsUrl = `${server.url.replace("http:", "ws:")}/graphql`;
    const baseline = (await subscriptionsOf(server.url)).established;
    const open = (): RawSubscriber =>
      configKb > 0
        ? openRawSubscriber(wsUrl, ADMIN_TOKEN, WORKSPACE_CHANGED, { issueId })
        : openRawSubscriber(wsUrl, agent!.token, RUN_EVENTS, { agentId: agent!.id });
    const healthy = Array.from({ length: healthyN }, open);
    const stalled = await mapLimit(Array.from({ length: stalledN }, (_, i) => i), 20, async () => {
      const subscriber = open();
      await subscriber.subscribed;
      return subscriber;
    });
    await Promise.all(healthy.map((subscriber) => subscriber.subscribed));
    while ((await subscriptionsOf(server.url)).established < baseline + stalledN + healthyN) await sleep(50);
    for (const subscriber of stalled) subscriber.pause();
    const liveBefore = (await subscriptionsOf(server.url)).active;

    const rssBefore = rssMb(server.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(server.pid))), 100);
    const client = new LoadClient(server.url, 8);
    const blob = "x".repeat(Math.max(0, configKb * 1024 - 64));
    const body = (n: number): string =>
      configKb > 0
        ? JSON.stringify({ query: UPDATE_ISSUE, variables: { input: { id: issueId, workspaceConfig: { n, blob } } } })
        : JSON.stringify({ query: HEARTBEAT, variables: { input: { runId, pid: 10_000 + n } } });
    const token = configKb > 0 ? ADMIN_TOKEN : agent!.token;
    let sent = 0;
    let refused = 0;
    const t0 = performance.now();
    // Updates of one issue queue on its row lock: one at a time, so none waits for a transaction slot.
    const lanes = configKb > 0 ? 1 : 8;
    await mapLimit(Array.from({ length: lanes }, (_, i) => i), lanes, async () => {
      while (sent < eventsN) {
        if (errorCode(await client.post(token, body(sent++))) !== null) refused++;
      }
    });
    const seconds = (performance.now() - t0) / 1000;
    const rssAfter = rssMb(server.pid);
    const liveAfter = (await subscriptionsOf(server.url)).active;
    await sleep(settleSeconds * 1000);
    clearInterval(sampler);
    const rssSettled = rssMb(server.pid);
    const liveSettled = (await subscriptionsOf(server.url)).active;
    const tooSlow = server.output().split("\n").filter((line) => line.includes("too slow to read")).length;
    const healthyHeard = Math.min(...healthy.map((subscriber) => subscriber.payloads.length));

    console.log(`  ${eventsN} ${what} in ${seconds.toFixed(1)} s: ${fmt.rate(eventsN / seconds)}/s (${refused} refused)`);
    console.log(
      `  server RSS: ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB after the events, ` +
        `peak ${rssPeak.toFixed(0)} MB, ${rssSettled.toFixed(0)} MB ${settleSeconds} s later`,
    );
    console.log(`  live subscriptions on the server: ${liveBefore} before, ${liveAfter} after the events, ${liveSettled} ${settleSeconds} s later`);
    console.log(`  sockets the server closed as too slow: ${tooSlow}/${stalledN}`);
    if (healthyN) console.log(`  every healthy subscriber heard at least ${healthyHeard}/${eventsN} events`);
    client.close();
    for (const subscriber of [...healthy, ...stalled]) subscriber.terminate();
  },
};
