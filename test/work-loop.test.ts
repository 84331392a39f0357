// The work loop across two replicas on one PostgreSQL and Redis: wakes of one agent and issue
// coalesce into one QUEUED run (a partial unique index), claims are admitted by the database (the
// agent's maxConcurrentRuns, one RUNNING run per workspace), claimNextRun hands each run to one
// runner, and a claimNextRun waiting on one replica is woken by a wake on the other.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData, subscribe } from "./support/graphql-client.js";
import { ClaimRun, createAgent, createEnvironment, createIssue, createCompany, FinishRun, type Agent } from "./support/fixtures.js";
import { reportInternalErrorsAfterEach, TEST_ADMIN_TOKEN } from "./support/server-process.js";
import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { ClaimWaiters, MAX_WAITERS_PER_AGENT } from "../resolvers/claim-waiters.js";
import { publishDispatch } from "../resolvers/events.js";
import { claimNextRun } from "../resolvers/runs.js";
import { contextForViewer } from "../resolvers/runtime.js";

const WakeAgent = graphql(`
  mutation LoopWakeAgent($input: WakeAgentInput!) {
    wakeAgent(input: $input) { coalesced run { id status wakeCount wakeReasons priority environment { id } workspace { id } } }
  }
`);
const StartRun = graphql(`
  mutation LoopStartRun($input: StartRunInput!) { startRun(input: $input) { id status wakeCount wakeReasons } }
`);
const ClaimNextRun = graphql(`
  mutation LoopClaimNextRun($input: ClaimNextRunInput!) {
    claimNextRun(input: $input) { run { id status issue { id } } lease { id status } workspace { id } }
  }
`);
const UpdateAgent = graphql(`
  mutation LoopUpdateAgent($input: UpdateAgentInput!) { updateAgent(input: $input) { id maxConcurrentRuns defaultEnvironment { id } } }
`);
const QueuedRuns = graphql(`
  query LoopQueuedRuns($companyId: ID!, $agentId: ID) {
    queuedRuns(companyId: $companyId, agentId: $agentId) { edges { node { blockedBy run { id priority } } } }
  }
`);
const Runs = graphql(`
  query LoopRuns($companyId: ID!, $agentId: ID, $issueId: ID, $status: RunStatus) {
    runs(companyId: $companyId, agentId: $agentId, issueId: $issueId, status: $status) { edges { node { id status } } }
  }
`);
const AgentRunEvents = graphql(`
  subscription LoopAgentRunEvents($agentId: ID!) { runEvents(agentId: $agentId) { kind status reason run { id wakeCount } } }
`);

let db: TestDatabase;
let sql: pg.Client;
let A: TestApp;
let B: TestApp;
let companyId: string;
let environmentId: string;

const codeOf = (errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined) => errors?.[0]?.extensions?.code;
const fieldOf = (errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined) => errors?.[0]?.extensions?.field;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  [A, B] = await Promise.all([startApp({ databaseUrl: db.url }), startApp({ databaseUrl: db.url })]);
  companyId = await createCompany(A.url, "work-loop");
  environmentId = (await createEnvironment(A.url, companyId, { name: "wide", capacity: 50 })).id;
});

reportInternalErrorsAfterEach(() => [A, B].filter(Boolean));

afterAll(async () => {
  await Promise.all([A, B].filter(Boolean).map((server) => server.stop()));
  await sql?.end();
  await db?.drop();
});

async function newAgent(name: string, maxConcurrentRuns?: number): Promise<Agent> {
  const agent = await createAgent(A.url, companyId, { name });
  if (maxConcurrentRuns !== undefined) await gqlData(A.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, maxConcurrentRuns } });
  return agent;
}

const wake = (server: TestApp, agent: Agent, issueId: string, extra: { reason?: string; priority?: number } = {}) =>
  gqlData(server.url, agent.token, WakeAgent, { input: { agentId: agent.id, issueId, environmentId, ...extra } }).then((d) => d.wakeAgent);

const runner = (n: number) => ({ runnerId: `runner-${n}`, pid: 1000 + n });

describe("wakeAgent coalesces", () => {
  it("100 concurrent wakes of one agent and issue across two replicas: one QUEUED run, wakeCount 100", async () => {
    const agent = await newAgent("hundred-wakes");
    const issueId = await createIssue(A.url, companyId, "hundred wakes");
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => wake(i % 2 ? B : A, agent, issueId, { reason: `wake ${i % 3}`, priority: i % 7 })),
    );
    const runIds = new Set(results.map((r) => r.run.id));
    expect(runIds.size).toBe(1);
    expect(results.filter((r) => !r.coalesced)).toHaveLength(1);
    const { rows } = await sql.query(`SELECT "status", "wakeCount", "priority", "wakeReasons" FROM "Run" WHERE "issueId" = $1`, [uuidOf(issueId)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "QUEUED", wakeCount: 100, priority: 6 });
    expect([...rows[0].wakeReasons].sort()).toEqual(["wake 0", "wake 1", "wake 2"]);
  });

  it("startRun is a wake with reason manual; a wake while a run is RUNNING queues one follow-up, the next merges into it", async () => {
    const agent = await newAgent("follow-up");
    const issueId = await createIssue(A.url, companyId, "follow-up");
    const events = subscribe(B.wsUrl, agent.token, AgentRunEvents, { agentId: agent.id });
    await events.ready;
    const first = (await gqlData(A.url, agent.token, StartRun, { input: { agentId: agent.id, issueId, environmentId } })).startRun;
    const again = (await gqlData(B.url, agent.token, StartRun, { input: { agentId: agent.id, issueId, environmentId } })).startRun;
    expect(again).toMatchObject({ id: first.id, status: "QUEUED", wakeCount: 2, wakeReasons: ["manual"] });
    expect(await events.take(2, 10_000)).toMatchObject([
      { runEvents: { kind: "STATUS_CHANGED", status: "QUEUED", reason: "manual", run: { id: first.id } } },
      { runEvents: { kind: "WAKE_MERGED", status: "QUEUED", reason: "manual", run: { id: first.id, wakeCount: 2 } } },
    ]);

    await gqlData(A.url, agent.token, ClaimRun, { input: { runId: first.id, ...runner(1) } });
    const followUp = await wake(B, agent, issueId, { reason: "comment", priority: 1 });
    expect(followUp).toMatchObject({ coalesced: false, run: { status: "QUEUED", wakeCount: 1, wakeReasons: ["comment"] } });
    expect(followUp.run.id).not.toBe(first.id);
    const merged = await wake(A, agent, issueId, { reason: "schedule", priority: 5 });
    expect(merged).toMatchObject({ coalesced: true, run: { id: followUp.run.id, wakeCount: 2, wakeReasons: ["comment", "schedule"], priority: 5 } });
    const lower = await wake(A, agent, issueId, { reason: "comment", priority: 2 });
    expect(lower).toMatchObject({ coalesced: true, run: { wakeCount: 3, wakeReasons: ["comment", "schedule"], priority: 5 } });

    // The follow-up waits for the running run (its workspace, and the agent's one slot).
    const queued = await gqlData(A.url, TEST_ADMIN_TOKEN, QueuedRuns, { companyId, agentId: agent.id });
    expect(queued.queuedRuns.edges.map((e) => e.node)).toEqual([{ run: { id: followUp.run.id, priority: 5 }, blockedBy: ["WORKSPACE_BUSY", "AGENT_AT_CAPACITY"] }]);
    const byIssue = await gqlData(A.url, agent.token, Runs, { companyId, issueId, status: "RUNNING" });
    expect(byIssue.runs.edges.map((e) => e.node.id)).toEqual([first.id]);
    await events.close();
  });

  it("environmentId may be left out when the agent has a defaultEnvironmentId, not otherwise", async () => {
    const agent = await newAgent("defaulted");
    const issueId = await createIssue(A.url, companyId, "defaulted");
    const refused = await gql(A.url, agent.token, WakeAgent, { input: { agentId: agent.id, issueId } });
    expect([codeOf(refused.errors), fieldOf(refused.errors)]).toEqual(["BAD_USER_INPUT", "environmentId"]);
    await gqlData(A.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, defaultEnvironmentId: environmentId } });
    const woken = await gqlData(A.url, agent.token, WakeAgent, { input: { agentId: agent.id, issueId } });
    expect(woken.wakeAgent.run.environment.id).toBe(environmentId);
  });
});

describe("updateAgent", () => {
  it("validates its fields (BAD_USER_INPUT naming the field) and is for operators", async () => {
    const agent = await newAgent("knobs");
    const otherCompany = await createCompany(A.url, "work-loop other");
    const foreign = (await createEnvironment(A.url, otherCompany, { name: "foreign", capacity: 1 })).id;
    const zero = await gql(A.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, maxConcurrentRuns: 0 } });
    expect([codeOf(zero.errors), fieldOf(zero.errors)]).toEqual(["BAD_USER_INPUT", "maxConcurrentRuns"]);
    const elsewhere = await gql(A.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, defaultEnvironmentId: foreign } });
    expect([codeOf(elsewhere.errors), fieldOf(elsewhere.errors)]).toEqual(["BAD_USER_INPUT", "defaultEnvironmentId"]);
    const self = await gql(A.url, agent.token, UpdateAgent, { input: { id: agent.id, maxConcurrentRuns: 5 } });
    expect(codeOf(self.errors)).toBe("FORBIDDEN");
    const updated = await gqlData(A.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, maxConcurrentRuns: 4, defaultEnvironmentId: environmentId } });
    expect(updated.updateAgent).toMatchObject({ maxConcurrentRuns: 4, defaultEnvironment: { id: environmentId } });
    const cleared = await gqlData(A.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, defaultEnvironmentId: null } });
    expect(cleared.updateAgent).toMatchObject({ maxConcurrentRuns: 4, defaultEnvironment: null });
  });
});

describe("admission", () => {
  it("claimRun of a run not admitted: AGENT_AT_CAPACITY or WORKSPACE_BUSY, the run stays QUEUED and holds no lease", async () => {
    const agent = await newAgent("one-at-a-time");
    const other = await newAgent("same-checkout", 5);
    const [issue1, issue2] = await Promise.all([createIssue(A.url, companyId, "capacity 1"), createIssue(A.url, companyId, "capacity 2")]);
    const running = (await wake(A, agent, issue1)).run;
    const waiting = (await wake(A, agent, issue2)).run;
    const sharing = (await wake(A, other, issue1)).run;
    await gqlData(A.url, agent.token, ClaimRun, { input: { runId: running.id, ...runner(1) } });

    const atCapacity = await gql(B.url, agent.token, ClaimRun, { input: { runId: waiting.id, ...runner(2) } });
    expect(atCapacity.errors?.[0]?.extensions).toMatchObject({ code: "AGENT_AT_CAPACITY", runningRuns: 1, maxConcurrentRuns: 1 });
    const busy = await gql(B.url, other.token, ClaimRun, { input: { runId: sharing.id, ...runner(3) } });
    // Ids inside error extensions are global IDs, as everywhere in the API.
    expect(busy.errors?.[0]?.extensions).toMatchObject({ code: "WORKSPACE_BUSY", workspaceId: sharing.workspace.id });
    const { rows } = await sql.query(
      `SELECT r."id", r."status", r."runnerId", (SELECT count(*)::int FROM "Lease" l WHERE l."runId" = r."id") AS "leases" FROM "Run" r WHERE r."id" = ANY($1::uuid[]) ORDER BY r."createdAt"`,
      [[waiting.id, sharing.id].map(uuidOf)],
    );
    expect(rows.map(({ status, runnerId, leases }) => ({ status, runnerId, leases }))).toEqual([
      { status: "QUEUED", runnerId: null, leases: 0 },
      { status: "QUEUED", runnerId: null, leases: 0 },
    ]);

    // Once the running run ends, both are admitted.
    await gqlData(A.url, agent.token, FinishRun, { input: { runId: running.id, status: "SUCCEEDED", exitCode: 0 } });
    await gqlData(B.url, agent.token, ClaimRun, { input: { runId: waiting.id, ...runner(2) } });
    await gqlData(B.url, other.token, ClaimRun, { input: { runId: sharing.id, ...runner(3) } });
  });

  it("two agents claiming into one workspace at once, 10 times over two replicas: one RUNNING each time, the other WORKSPACE_BUSY", async () => {
    const first = await newAgent("racer-a", 10);
    const second = await newAgent("racer-b", 10);
    for (let round = 0; round < 10; round++) {
      const issueId = await createIssue(A.url, companyId, `shared checkout ${round}`);
      const [a, b] = await Promise.all([wake(A, first, issueId), wake(A, second, issueId)]);
      const outcomes = await Promise.all([
        gql(A.url, first.token, ClaimRun, { input: { runId: a.run.id, ...runner(1) } }),
        gql(B.url, second.token, ClaimRun, { input: { runId: b.run.id, ...runner(2) } }),
      ]);
      expect(outcomes.map((o) => codeOf(o.errors) ?? "CLAIMED").sort()).toEqual(["CLAIMED", "WORKSPACE_BUSY"]);
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "Run" WHERE "issueId" = $1 AND "status" = 'RUNNING'`, [uuidOf(issueId)]);
      expect(rows[0].n).toBe(1);
    }
  });
});

describe("claimNextRun", () => {
  it("40 runners over two replicas, 20 issues of one agent with maxConcurrentRuns 3: never more than 3 RUNNING, never two in a workspace, each run claimed once", async () => {
    const agent = await newAgent("pool", 3);
    const issues = await Promise.all(Array.from({ length: 20 }, (_, i) => createIssue(A.url, companyId, `pool ${i}`)));
    const queued = await Promise.all(issues.map((issueId, i) => wake(i % 2 ? B : A, agent, issueId)));
    const agentUuid = uuidOf(agent.id);

    // A connection of its own samples RUNNING as fast as it can while the runners work.
    let sampling = true;
    let maxRunning = 0;
    let maxInWorkspace = 0;
    let samples = 0;
    const sampler = (async () => {
      while (sampling) {
        // One statement, one snapshot: both figures are of the same instant.
        const { rows } = await sql.query(
          `SELECT coalesce(sum(n), 0)::int AS running, coalesce(max(n), 0)::int AS "inWorkspace"
           FROM (SELECT count(*) AS n FROM "Run" WHERE "agentId" = $1 AND "status" = 'RUNNING' GROUP BY "workspaceId") w`,
          [agentUuid],
        );
        maxRunning = Math.max(maxRunning, rows[0].running);
        maxInWorkspace = Math.max(maxInWorkspace, rows[0].inWorkspace);
        samples++;
      }
    })();

    const claims: string[] = [];
    let finished = 0;
    const runners = Array.from({ length: 40 }, async (_, n) => {
      const server = n % 2 ? B : A;
      while (finished < queued.length) {
        const { claimNextRun } = await gqlData(server.url, agent.token, ClaimNextRun, { input: { ...runner(n), waitSeconds: 1 } });
        if (!claimNextRun) continue;
        claims.push(claimNextRun.run.id);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
        await gqlData(server.url, agent.token, FinishRun, { input: { runId: claimNextRun.run.id, status: "SUCCEEDED", exitCode: 0 } });
        finished++;
      }
    });
    await Promise.all(runners);
    sampling = false;
    await sampler;

    expect(samples).toBeGreaterThan(10);
    expect(maxRunning).toBeLessThanOrEqual(3);
    expect(maxInWorkspace).toBeLessThanOrEqual(1);
    expect(claims).toHaveLength(20);
    expect(new Set(claims)).toEqual(new Set(queued.map((q) => q.run.id)));
    const { rows } = await sql.query(`SELECT "status", count(*)::int AS n FROM "Run" WHERE "agentId" = $1 GROUP BY "status"`, [agentUuid]);
    expect(rows).toEqual([{ status: "SUCCEEDED", n: 20 }]);
  });

  it("takes the highest priority first, then the oldest; only from environmentIds when given; null when nothing is queued", async () => {
    const agent = await newAgent("ordered", 10);
    const narrow = (await createEnvironment(A.url, companyId, { name: "narrow", capacity: 5 })).id;
    const issues = await Promise.all(Array.from({ length: 4 }, (_, i) => createIssue(A.url, companyId, `ordered ${i}`)));
    const low = await wake(A, agent, issues[0]!, { priority: 0 });
    const high = await wake(A, agent, issues[1]!, { priority: 9 });
    const lowLater = await wake(A, agent, issues[2]!, { priority: 0 });
    const inNarrow = (await gqlData(A.url, agent.token, WakeAgent, { input: { agentId: agent.id, issueId: issues[3]!, environmentId: narrow, priority: 100 } })).wakeAgent;
    const take = async (environmentIds?: string[]) =>
      (await gqlData(B.url, agent.token, ClaimNextRun, { input: { ...runner(1), ...(environmentIds ? { environmentIds } : {}) } })).claimNextRun?.run.id ?? null;
    expect(await take([environmentId])).toBe(high.run.id);
    expect(await take([environmentId])).toBe(low.run.id);
    expect(await take([environmentId])).toBe(lowLater.run.id);
    expect(await take([environmentId])).toBeNull();
    expect(await take()).toBe(inNarrow.run.id);
    expect(await take()).toBeNull();
  });

  it("respects notBefore: a run not yet due is skipped (queuedRuns says NOT_BEFORE), then taken once due", async () => {
    const agent = await newAgent("not-yet");
    const issueId = await createIssue(A.url, companyId, "not yet");
    const { run } = await wake(A, agent, issueId);
    await sql.query(`UPDATE "Run" SET "notBefore" = now() + interval '1 hour' WHERE "id" = $1`, [uuidOf(run.id)]);
    const early = await gqlData(B.url, agent.token, ClaimNextRun, { input: runner(1) });
    expect(early.claimNextRun).toBeNull();
    const queued = await gqlData(A.url, agent.token, QueuedRuns, { companyId });
    expect(queued.queuedRuns.edges.map((e) => e.node)).toEqual([{ run: { id: run.id, priority: 0 }, blockedBy: ["NOT_BEFORE"] }]);
    await sql.query(`UPDATE "Run" SET "notBefore" = now() - interval '1 second' WHERE "id" = $1`, [uuidOf(run.id)]);
    const due = await gqlData(B.url, agent.token, ClaimNextRun, { input: runner(1) });
    expect(due.claimNextRun?.run.id).toBe(run.id);
  });

  it("needs an agent token", async () => {
    const refused = await gql(A.url, TEST_ADMIN_TOKEN, ClaimNextRun, { input: runner(1) });
    expect(codeOf(refused.errors)).toBe("FORBIDDEN");
  });

  it("long-poll: a claimNextRun waiting on replica A returns the run woken on replica B", async () => {
    const agent = await newAgent("long-poll");
    const issueId = await createIssue(A.url, companyId, "long poll");
    const listeners = A.app.runtime.pubsub.listeners.established;
    // Shorter than the slow re-check (10 s): only the event can hand it the run in time.
    const waiting = gqlData(A.url, agent.token, ClaimNextRun, { input: { ...runner(1), waitSeconds: 8 } });
    // The waiter listens (Redis confirmed its SUBSCRIBE) before it first looks at the queue; give
    // that first look a moment, so the run is found through the event, not by it.
    while (A.app.runtime.pubsub.listeners.established === listeners) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const woken = await wake(B, agent, issueId, { reason: "webhook" });
    const { claimNextRun } = await waiting;
    expect(claimNextRun).toMatchObject({ run: { id: woken.run.id, status: "RUNNING" }, lease: { status: "ACTIVE" } });
  });

  it("long-poll: a burst of wakes merging into the queued run still hands it to the waiting claimNextRun", async () => {
    const agent = await newAgent("wake-burst");
    const issueId = await createIssue(A.url, companyId, "wake burst");
    const listeners = A.app.runtime.pubsub.listeners.established;
    // Shorter than the slow re-check (10 s): only an event can hand it the run in time.
    const waiting = gqlData(A.url, agent.token, ClaimNextRun, { input: { ...runner(1), waitSeconds: 8 } });
    while (A.app.runtime.pubsub.listeners.established === listeners) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The waiter's look on the first wake's event skips the run while a merging wake holds its row.
    // 24 wakes: enough to overlap the waiter's looks, few enough to end well within its 8 s on a loaded machine.
    const woken = await Promise.all(Array.from({ length: 24 }, (_, i) => wake(i % 2 ? A : B, agent, issueId, { reason: "burst" })));
    const { claimNextRun } = await waiting;
    expect(claimNextRun?.run.status).toBe("RUNNING");
    expect(woken.map((w) => w.run.id)).toContain(claimNextRun?.run.id);
  });

  it("a draining replica answers its waiting claimNextRun calls null at once, so its drain does not wait out waitSeconds", async () => {
    const C = await startApp({ databaseUrl: db.url });
    const agent = await newAgent("drained");
    const listeners = C.app.runtime.pubsub.listeners.established;
    const waiting = gql(C.url, agent.token, ClaimNextRun, { input: { ...runner(1), waitSeconds: 60 } });
    while (C.app.runtime.pubsub.listeners.established === listeners) await new Promise((resolve) => setTimeout(resolve, 10));
    await C.stop();
    const answer = await waiting;
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.claimNextRun).toBeNull();
  });
});

describe("queuedRuns paging", () => {
  it("a cursor it never issued, or last without before or first, is BAD_USER_INPUT naming the argument", async () => {
    const page = (args: Record<string, unknown>) =>
      gql(A.url, TEST_ADMIN_TOKEN, `query($companyId: ID!, $after: String, $before: String, $first: Int, $last: Int) {
        queuedRuns(companyId: $companyId, after: $after, before: $before, first: $first, last: $last) { edges { cursor } }
      }`, { companyId, ...args });
    const base64 = (text: string) => Buffer.from(text).toString("base64");
    for (const [args, field] of [
      [{ after: base64("OffsetConnection:-5") }, "after"],
      [{ after: base64("OffsetConnection:99999999999999999999") }, "after"],
      [{ after: "garbage" }, "after"],
      [{ before: base64("GPC:S:x") }, "before"],
      [{ last: 5 }, "last"],
      [{ first: -1 }, "first"],
    ] as const) {
      const { errors } = await page(args);
      expect({ args, code: codeOf(errors), field: fieldOf(errors) }).toEqual({ args, code: "BAD_USER_INPUT", field });
    }
    const { data, errors } = await page({ after: base64("OffsetConnection:3"), first: 2 });
    expect(errors).toBeUndefined();
    expect(data).toMatchObject({ queuedRuns: { edges: expect.any(Array) } });
  });
});

describe("a claim that rolls back after locking its run", () => {
  it("announces the run again: the waiting calls' SKIP LOCKED looks passed over it meanwhile", async () => {
    const narrow = (await createEnvironment(A.url, companyId, { name: "narrow-rollback", capacity: 1 })).id;
    const [holder, agent] = await Promise.all([newAgent("slot-holder"), newAgent("rolled-back")]);
    const [held, refused] = await Promise.all([createIssue(A.url, companyId, "holds the slot"), createIssue(A.url, companyId, "refused a slot")]);
    const holding = await gqlData(A.url, holder.token, WakeAgent, { input: { agentId: holder.id, issueId: held, environmentId: narrow } });
    await gqlData(A.url, holder.token, ClaimRun, { input: { runId: holding.wakeAgent.run.id, ...runner(1) } });
    const queued = await gqlData(A.url, agent.token, WakeAgent, { input: { agentId: agent.id, issueId: refused, environmentId: narrow } });
    const events = A.app.runtime.pubsub.subscribe("agentDispatch", uuidOf(agent.id));
    const first = events.next();
    await A.app.runtime.pubsub.listening("agentDispatch", uuidOf(agent.id));
    // The transition takes the run's row, then the grant finds the slot taken and it all rolls back.
    const claim = await gql(B.url, agent.token, ClaimRun, { input: { runId: queued.wakeAgent.run.id, ...runner(2) } });
    expect(claim.errors?.[0]?.extensions).toMatchObject({ code: "LEASE_UNAVAILABLE", environmentId: narrow });
    // What arrives first is the rollback's event, not this one.
    publishDispatch(A.app.runtime.pubsub, uuidOf(agent.id), null);
    expect((await first).value).toEqual({ agentId: uuidOf(agent.id), runId: uuidOf(queued.wakeAgent.run.id) });
    await events.return?.();
  });
});

describe("updateAgent wakes the waiting claimNextRun calls", () => {
  it("raising maxConcurrentRuns hands the run it admits to a claimNextRun waiting on the other replica", async () => {
    const agent = await newAgent("raised", 1);
    const [first, second] = await Promise.all([createIssue(A.url, companyId, "raised 1"), createIssue(A.url, companyId, "raised 2")]);
    const running = await wake(A, agent, first);
    await gqlData(A.url, agent.token, ClaimRun, { input: { runId: running.run.id, ...runner(1) } });
    const queued = await wake(A, agent, second);
    const listeners = A.app.runtime.pubsub.listeners.established;
    // Shorter than the slow re-check (10 s): only the update's event can hand it the run in time.
    const waiting = gqlData(A.url, agent.token, ClaimNextRun, { input: { ...runner(2), waitSeconds: 8 } });
    while (A.app.runtime.pubsub.listeners.established === listeners) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await gqlData(B.url, TEST_ADMIN_TOKEN, UpdateAgent, { input: { id: agent.id, maxConcurrentRuns: 2 } });
    expect((await waiting).claimNextRun?.run).toMatchObject({ id: queued.run.id, status: "RUNNING" });
  });
});

describe("claimNextRun claims nothing for a caller who has gone", () => {
  const waitForListeners = async (server: TestApp, done: (counts: { active: number; established: number }) => boolean) => {
    while (!done(server.app.runtime.pubsub.listeners)) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  const runOf = async (runId: string) => {
    const { rows } = await sql.query<{ status: string; leases: number }>(
      `SELECT r."status", (SELECT count(*) FROM "Lease" l WHERE l."runId" = r."id")::int AS leases FROM "Run" r WHERE r."id" = $1`,
      [uuidOf(runId)],
    );
    return rows[0];
  };

  it("a long poll the client abandons stops waiting: a later wake leaves the run QUEUED, with no lease", async () => {
    const agent = await newAgent("abandoned-poll");
    const issueId = await createIssue(A.url, companyId, "abandoned poll");
    const { active, established } = A.app.runtime.pubsub.listeners;
    const client = new AbortController();
    const waiting = fetch(`${A.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${agent.token}` },
      body: JSON.stringify({ query: "mutation($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }", variables: { input: { ...runner(1), waitSeconds: 20 } } }),
      signal: client.signal,
    }).catch(() => "aborted");
    await waitForListeners(A, (counts) => counts.established > established);
    client.abort();
    expect(await waiting).toBe("aborted");
    // The waiter is gone once its agent's dispatch listener is.
    await waitForListeners(A, (counts) => counts.active === active);
    const woken = await wake(B, agent, issueId);
    expect(await runOf(woken.run.id)).toEqual({ status: "QUEUED", leases: 0 });
  });

  it("over graphql-ws too: a long poll whose socket closes stops waiting and claims nothing", async () => {
    const agent = await newAgent("abandoned-socket");
    const issueId = await createIssue(A.url, companyId, "abandoned socket");
    const { active, established } = A.app.runtime.pubsub.listeners;
    const client = createClient({
      url: `${A.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${agent.token}` },
      retryAttempts: 0,
    });
    client.subscribe(
      { query: "mutation($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }", variables: { input: { ...runner(1), waitSeconds: 20 } } },
      { next: () => {}, error: () => {}, complete: () => {} },
    );
    await waitForListeners(A, (counts) => counts.established > established);
    await client.dispose();
    await waitForListeners(A, (counts) => counts.active === active);
    const woken = await wake(B, agent, issueId);
    expect(await runOf(woken.run.id)).toEqual({ status: "QUEUED", leases: 0 });
  });

  it("a claim whose caller has gone by its commit rolls back", async () => {
    const agent = await newAgent("gone-at-commit");
    const issueId = await createIssue(A.url, companyId, "gone at commit");
    const woken = await wake(A, agent, issueId);
    const viewer = { kind: "AGENT" as const, tokenId: "00000000-0000-0000-0000-000000000000", companyId: uuidOf(companyId), agentId: uuidOf(agent.id) };
    const claim = await claimNextRun(contextForViewer(A.app.runtime, viewer, AbortSignal.abort()), runner(1));
    expect(claim).toBeNull();
    expect(await runOf(woken.run.id)).toEqual({ status: "QUEUED", leases: 0 });
  });

  it("a token revoked while its claimNextRun waits claims nothing: UNAUTHENTICATED", async () => {
    const agent = await newAgent("revoked-while-waiting");
    const issueId = await createIssue(A.url, companyId, "revoked while waiting");
    const { established } = A.app.runtime.pubsub.listeners;
    const waiting = gql(A.url, agent.token, ClaimNextRun, { input: { ...runner(1), waitSeconds: 20 } });
    await waitForListeners(A, (counts) => counts.established > established);
    await sql.query(`UPDATE "ApiToken" SET "revokedAt" = now() WHERE "agentId" = $1`, [uuidOf(agent.id)]);
    const woken = await wake(B, { ...agent, token: TEST_ADMIN_TOKEN }, issueId);
    expect(codeOf((await waiting).errors)).toBe("UNAUTHENTICATED");
    expect(await runOf(woken.run.id)).toEqual({ status: "QUEUED", leases: 0 });
  });
});

describe("idle long polls", () => {
  const live = new AbortController().signal;

  it("waiters asking for one environment set cost one look per event, not one each", async () => {
    const waiters = new ClaimWaiters(A.app.runtime.pubsub);
    const agentId = randomUUID();
    const { established } = A.app.runtime.pubsub.listeners;
    let dispatched = false;
    let groupLooksAfterEvent = 0;
    const idle = Array.from({ length: 30 }, () =>
      waiters.wait(agentId, 60_000, "env-a", async () => {
        if (dispatched) groupLooksAfterEvent++;
        return null;
      }, live),
    );
    // Last in arrival order: it is looked for after the group in every round, and takes the event's run.
    const taker = waiters.wait(agentId, 60_000, "env-b", async () => (dispatched ? "claimed" : null), live);
    while (A.app.runtime.pubsub.listeners.established === established) await new Promise((resolve) => setTimeout(resolve, 10));
    dispatched = true;
    publishDispatch(A.app.runtime.pubsub, agentId, randomUUID());
    expect(await taker).toBe("claimed");
    // One for the event's round (and one more if a round was under way when it came), not 30.
    expect(groupLooksAfterEvent).toBeLessThanOrEqual(2);
    waiters.close();
    expect(await Promise.all(idle)).toEqual(idle.map(() => null));
  });

  it(`past ${MAX_WAITERS_PER_AGENT} waiters of one agent, a caller is looked for once, then only waits`, async () => {
    const waiters = new ClaimWaiters(A.app.runtime.pubsub);
    const agentId = randomUUID();
    const { established } = A.app.runtime.pubsub.listeners;
    let dispatched = false;
    let idleLooksAfterEvent = 0;
    // Each its own environment set, so a round looks for every one of them, in arrival order.
    const idle = Array.from({ length: MAX_WAITERS_PER_AGENT }, (_, i) =>
      waiters.wait(agentId, 60_000, `env-${i}`, async () => (dispatched && idleLooksAfterEvent++, null), live),
    );
    let extraLooks = 0;
    let extraAnswered = false;
    const extra = waiters.wait(agentId, 60_000, "env-extra", async () => (extraLooks++, null), live).finally(() => (extraAnswered = true));
    while (A.app.runtime.pubsub.listeners.established === established || extraLooks === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    dispatched = true;
    publishDispatch(A.app.runtime.pubsub, agentId, null);
    // The event's round has looked for every waiter under the cap; the one past it would be next.
    while (idleLooksAfterEvent < MAX_WAITERS_PER_AGENT) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(extraLooks).toBe(1);
    // Not answered at once either: its runner would only ask again at once.
    expect(extraAnswered).toBe(false);
    waiters.close();
    expect(await extra).toBeNull();
    await Promise.all(idle);
  });
});

function uuidOf(globalId: string): string {
  return decodeGlobalID(globalId).id;
}
