// runEvents across replicas: a subscriber on replica A hears, in order, the heartbeats and status
// changes that replica B records, through the shared Redis pubsub.
import { print } from "graphql";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gqlData, subscribe, type Subscription } from "./support/graphql-client.js";
import { CancelRun, ClaimRun, createIssue, FinishRun, Heartbeat, seedCompany, StartRun, type Agent } from "./support/fixtures.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

// A small pool per replica: the shared PostgreSQL (max_connections 100) serves every test file
// running in parallel, and a pool this size still has many writers racing on one row.
const SERVER_ENV = { RUNYARD_DB_POOL_SIZE: "5" };

const RunEvents = graphql(`
  subscription EvRunEvents($runId: ID, $agentId: ID) {
    runEvents(runId: $runId, agentId: $agentId) { id kind status fromStatus pid at run { id status } }
  }
`);

interface RunEventData {
  runEvents: { id: string; kind: string; status: string; fromStatus: string | null; pid: number | null; at: string; run: { id: string; status: string } };
}

let db: TestDatabase;
let A: TestServer;
let B: TestServer;
let agent: Agent;
let otherAgent: Agent;
let companyId: string;
let environmentId: string;
const subscriptions: Array<Subscription<unknown>> = [];

function watch(server: TestServer, token: string | null, variables: { runId?: string; agentId?: string }): Subscription<RunEventData> {
  const sub = subscribe<RunEventData>(server.wsUrl, token, print(RunEvents), variables);
  subscriptions.push(sub);
  return sub;
}

beforeAll(async () => {
  db = await createTestDatabase();
  [A, B] = await Promise.all([startApp({ databaseUrl: db.url, env: SERVER_ENV }), startApp({ databaseUrl: db.url, env: SERVER_ENV })]);
  const seed = await seedCompany(A.url, {
    company: "run-events",
    agents: [{ name: "watched", maxConcurrentRuns: 10 }, "other"],
    environment: { name: "local", capacity: 20 },
  });
  [agent, otherAgent] = seed.agents as [Agent, Agent];
  ({ companyId, environmentId } = seed);
});

afterEach(async () => {
  await Promise.all(subscriptions.splice(0).map((sub) => sub.close()));
});

afterAll(async () => {
  await Promise.all([A, B].filter(Boolean).map((server) => server.stop()));
  await db?.drop();
});

/** A QUEUED run of the agent on an issue of its own (one agent and issue queue one run). */
async function startRunOf(who: { id: string; token: string }): Promise<string> {
  const issueId = await createIssue(A.url, companyId, "events");
  const { startRun } = await gqlData(B.url, who.token, StartRun, { input: { agentId: who.id, issueId, environmentId } });
  return startRun.id;
}

const summary = ({ runEvents: e }: RunEventData) => ({ run: e.run.id, kind: e.kind, fromStatus: e.fromStatus, status: e.status, pid: e.pid });

describe("runEvents across replicas", () => {
  it("a runId subscriber on A sees B's claim, 30 heartbeats in order, and the finish", async () => {
    const runId = await startRunOf(agent);
    const sub = watch(A, agent.token, { runId });
    await sub.ready;

    await gqlData(B.url, agent.token, ClaimRun, { input: { runId, runnerId: "events-test", pid: 500 } });
    for (let i = 1; i <= 30; i++) {
      const { heartbeat } = await gqlData(B.url, agent.token, Heartbeat, { input: { runId, pid: 1000 + i } });
      expect(heartbeat.cancelRequested).toBe(false);
    }
    await gqlData(B.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });

    const events = await sub.take(32, 20_000);
    expect(events.map(summary)).toEqual([
      { run: runId, kind: "STATUS_CHANGED", fromStatus: "QUEUED", status: "RUNNING", pid: 500 },
      ...Array.from({ length: 30 }, (_, i) => ({ run: runId, kind: "HEARTBEAT", fromStatus: null, status: "RUNNING", pid: 1001 + i })),
      { run: runId, kind: "STATUS_CHANGED", fromStatus: "RUNNING", status: "SUCCEEDED", pid: 1030 },
    ]);
    // History ids and timestamps increase along the stream.
    const ids = events.map((e) => BigInt(e.runEvents.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    const times = events.map((e) => Date.parse(e.runEvents.at));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    // Nothing more arrives for this run.
    await expect(sub.next(500)).rejects.toThrow(/no subscription payload/);
  });

  it("an agentId subscriber sees all of that agent's runs, and none of another agent's", async () => {
    const sub = watch(A, TEST_ADMIN_TOKEN, { agentId: agent.id });
    await sub.ready;
    const first = await startRunOf(agent);
    const second = await startRunOf(agent);
    const foreign = await startRunOf(otherAgent);
    for (const [runId, who, pid] of [[first, agent, 11], [second, agent, 22], [foreign, otherAgent, 33]] as const) {
      await gqlData(B.url, who.token, ClaimRun, { input: { runId, runnerId: "agent-events", pid } });
    }
    for (const [runId, who, pid] of [[first, agent, 12], [second, agent, 23], [foreign, otherAgent, 34]] as const) {
      await gqlData(B.url, who.token, Heartbeat, { input: { runId, pid } });
    }
    await gqlData(B.url, agent.token, FinishRun, { input: { runId: first, status: "SUCCEEDED", exitCode: 0 } });
    await gqlData(B.url, otherAgent.token, FinishRun, { input: { runId: foreign, status: "SUCCEEDED", exitCode: 0 } });
    await gqlData(A.url, TEST_ADMIN_TOKEN, CancelRun, { input: { runId: second } });
    // A sentinel after everything else: the foreign run's events, published before it, must not have come.
    const sentinel = await startRunOf(agent);

    const events = await sub.take(9, 20_000);
    expect(events.map(summary)).toEqual([
      { run: first, kind: "STATUS_CHANGED", fromStatus: null, status: "QUEUED", pid: null },
      { run: second, kind: "STATUS_CHANGED", fromStatus: null, status: "QUEUED", pid: null },
      { run: first, kind: "STATUS_CHANGED", fromStatus: "QUEUED", status: "RUNNING", pid: 11 },
      { run: second, kind: "STATUS_CHANGED", fromStatus: "QUEUED", status: "RUNNING", pid: 22 },
      { run: first, kind: "HEARTBEAT", fromStatus: null, status: "RUNNING", pid: 12 },
      { run: second, kind: "HEARTBEAT", fromStatus: null, status: "RUNNING", pid: 23 },
      { run: first, kind: "STATUS_CHANGED", fromStatus: "RUNNING", status: "SUCCEEDED", pid: 12 },
      { run: second, kind: "STATUS_CHANGED", fromStatus: "RUNNING", status: "CANCELLED", pid: 23 },
      { run: sentinel, kind: "STATUS_CHANGED", fromStatus: null, status: "QUEUED", pid: null },
    ]);
    await expect(sub.next(300)).rejects.toThrow(/no subscription payload/);
    await gqlData(B.url, agent.token, CancelRun, { input: { runId: sentinel } });
  });

  it("an agent token may watch its own runs only: another agent's run is NOT_FOUND (as a missing one), another agent FORBIDDEN", async () => {
    const theirs = await startRunOf(otherAgent);
    const byRun = watch(A, agent.token, { runId: theirs });
    await expect(byRun.next(5_000)).rejects.toThrow(/NOT_FOUND/);
    const byAgent = watch(B, agent.token, { agentId: otherAgent.id });
    await expect(byAgent.next(5_000)).rejects.toThrow(/FORBIDDEN/);

    // Its own agent may watch it.
    const ownSub = watch(A, otherAgent.token, { runId: theirs });
    await ownSub.ready;
    await gqlData(B.url, otherAgent.token, CancelRun, { input: { runId: theirs } });
    expect(summary(await ownSub.next())).toMatchObject({ run: theirs, status: "CANCELLED" });
  });

  it("runEvents needs exactly one of runId and agentId, well-formed, and a token", async () => {
    const neither = watch(A, agent.token, {});
    await expect(neither.next(5_000)).rejects.toThrow(/BAD_USER_INPUT/);
    const both = watch(A, agent.token, { runId: await startRunOf(agent), agentId: agent.id });
    await expect(both.next(5_000)).rejects.toThrow(/BAD_USER_INPUT/);
    const malformed = watch(A, agent.token, { runId: "not-an-id" });
    await expect(malformed.next(5_000)).rejects.toThrow(/BAD_USER_INPUT/);
    const anonymous = watch(A, null, { agentId: agent.id });
    // Refused at connection time (the socket closes with 4403) or at subscribe time.
    await expect(anonymous.next(5_000)).rejects.toThrow(/4403|UNAUTHENTICATED/);
  });
});
