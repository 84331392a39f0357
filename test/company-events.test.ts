// What a dashboard reads: companyEvents (one subscription for a company's run, runtime-state, lease
// and workspace events and the providers' breakers, from every replica; an agent's token hears only
// its own runs) and totalCount on connections.
import { print } from "graphql";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData, subscribe, type Subscription } from "./support/graphql-client.js";
import { ClaimRun, createIssue, FinishRun, Heartbeat, seedCompany, StartRun, type Agent } from "./support/fixtures.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";
import type { SandboxProvider } from "../resolvers/providers.js";

const SERVER_ENV = { RUNYARD_DB_POOL_SIZE: "5", RUNYARD_PROVIDER_FAILURE_THRESHOLD: "2", RUNYARD_PROVIDER_COOL_DOWN_MS: "300" };

/** prepare() throws while `flaky.failing`: two failures open its breaker (threshold 2). */
const flaky = { failing: true };
const flakyProvider: SandboxProvider = {
  key: "flaky",
  async register() {},
  async createDriver() {
    return {
      async prepare() {
        if (flaky.failing) throw new Error("the sandbox API is down");
      },
      async release() {},
    };
  },
};

const CompanyEvents = graphql(`
  subscription CeCompanyEvents($companyId: ID!) {
    companyEvents(companyId: $companyId) {
      __typename
      ... on RunEvent { kind status run { id } }
      ... on LeaseEvent { leaseKind: kind slot fencingToken lease { id } }
      ... on Workspace { id configVersion }
      ... on RuntimeStateChange { key value version run { id } }
      ... on SandboxProvider { key health consecutiveFailures openUntil }
    }
  }
`);

const SetState = graphql(`
  mutation CeSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }
`);


const UpdateIssue = graphql(`
  mutation CeUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id } }
`);

const Counts = graphql(`
  query CeCounts($companyId: ID!, $agentId: ID) {
    runs(companyId: $companyId, agentId: $agentId) { totalCount edges { node { id } } }
    queued: runs(companyId: $companyId, status: QUEUED) { totalCount }
    queuedRuns(companyId: $companyId, first: 1) { totalCount edges { node { run { id } } } }
    issues(companyId: $companyId, first: 1) { totalCount }
    environments(companyId: $companyId) { totalCount }
    node(id: $companyId) { ... on Company { agents { totalCount } runs(first: 1) { totalCount } } }
  }
`);

type Event =
  | { __typename: "RunEvent"; kind: string; status: string; run: { id: string } }
  | { __typename: "LeaseEvent"; leaseKind: string; slot: number; fencingToken: number; lease: { id: string } }
  | { __typename: "Workspace"; id: string; configVersion: number }
  | { __typename: "RuntimeStateChange"; key: string; value: unknown; version: number; run: { id: string } }
  | { __typename: "SandboxProvider"; key: string; health: string; consecutiveFailures: number; openUntil: string | null };

let db: TestDatabase;
let A: TestServer;
let B: TestServer;
let agent: Agent;
let otherAgent: Agent;
let companyId: string;
let otherCompanyId: string;
let environmentId: string;
const subscriptions: Array<Subscription<unknown>> = [];

function watch(server: TestServer, token: string, company: string): Subscription<{ companyEvents: Event }> {
  const sub = subscribe<{ companyEvents: Event }>(server.wsUrl, token, print(CompanyEvents), { companyId: company });
  subscriptions.push(sub);
  return sub;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const replica = () => startApp({ databaseUrl: db.url, env: SERVER_ENV, providers: [flakyProvider] });
  [A, B] = await Promise.all([replica(), replica()]);
  const seed = await seedCompany(A.url, { company: "company-events", agents: ["watched", "other"], environment: { name: "local", capacity: 5 } });
  [agent, otherAgent] = seed.agents as [Agent, Agent];
  ({ companyId, environmentId } = seed);
  otherCompanyId = (await seedCompany(A.url, { company: "elsewhere", agents: ["stranger"], environment: { name: "local", capacity: 1 } })).companyId;
});

afterEach(async () => {
  await Promise.all(subscriptions.splice(0).map((sub) => sub.close()));
});

afterAll(async () => {
  await Promise.all([A, B].filter(Boolean).map((server) => server.stop()));
  await db?.drop();
});

function summary({ companyEvents: e }: { companyEvents: Event }): string {
  switch (e.__typename) {
    case "RunEvent":
      return `run ${e.run.id} ${e.kind} ${e.status}`;
    case "LeaseEvent":
      return e.leaseKind === "RENEWED" ? `lease RENEWED ${e.lease.id}` : `lease ${e.leaseKind}`;
    case "Workspace":
      return `workspace v${e.configVersion}`;
    case "RuntimeStateChange":
      return `state ${e.run.id} ${e.key} v${e.version} ${JSON.stringify(e.value)}`;
    case "SandboxProvider":
      return `provider ${e.key} ${e.health} ${e.consecutiveFailures} ${e.openUntil ? "open" : "closed"}`;
  }
}

describe("companyEvents", () => {
  it("an operator on A hears B's run, runtime-state, lease and workspace events in order, and nothing of another company", async () => {
    const sub = watch(A, TEST_ADMIN_TOKEN, companyId);
    const elsewhere = watch(A, TEST_ADMIN_TOKEN, otherCompanyId);
    await Promise.all([sub.ready, elsewhere.ready]);
    const issueId = await createIssue(B.url, companyId, "watched work", { v: 1 });
    const { startRun } = await gqlData(B.url, agent.token, StartRun, { input: { agentId: agent.id, issueId, environmentId } });
    const runId = startRun.id;
    await gqlData(B.url, agent.token, ClaimRun, { input: { runId, runnerId: "ce", pid: 7 } });
    await gqlData(B.url, agent.token, Heartbeat, { input: { runId, pid: 7 } });
    await gqlData(B.url, agent.token, SetState, { input: { runId, key: "progress", value: { step: 1 } } });
    await gqlData(B.url, agent.token, SetState, { input: { runId, key: "progress", value: { step: 2 } } });
    await gqlData(B.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: { v: 2 } } });
    await gqlData(B.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });

    expect((await sub.take(10, 15_000)).map(summary)).toEqual([
      `run ${runId} STATUS_CHANGED QUEUED`,
      `run ${runId} STATUS_CHANGED RUNNING`,
      "lease GRANTED",
      `run ${runId} HEARTBEAT RUNNING`,
      expect.stringMatching(/^lease RENEWED /),
      `state ${runId} progress v1 {"step":1}`,
      `state ${runId} progress v2 {"step":2}`,
      "workspace v2",
      `run ${runId} STATUS_CHANGED SUCCEEDED`,
      "lease RELEASED",
    ]);
    await expect(elsewhere.next(300)).rejects.toThrow(/no subscription payload/);
  });

  it("an agent's token hears its own runs' events and state, not another agent's; another company is NOT_FOUND", async () => {
    const sub = watch(A, agent.token, companyId);
    await sub.ready;
    const foreignIssue = await createIssue(B.url, companyId, "other's work");
    const { startRun: foreign } = await gqlData(B.url, otherAgent.token, StartRun, { input: { agentId: otherAgent.id, issueId: foreignIssue, environmentId } });
    await gqlData(B.url, otherAgent.token, SetState, { input: { runId: foreign.id, key: "secret", value: 1 } });
    const ownIssue = await createIssue(B.url, companyId, "own work");
    const { startRun: own } = await gqlData(B.url, agent.token, StartRun, { input: { agentId: agent.id, issueId: ownIssue, environmentId } });
    await gqlData(B.url, agent.token, SetState, { input: { runId: own.id, key: "mine", value: 2 } });
    expect((await sub.take(2, 10_000)).map(summary)).toEqual([`run ${own.id} STATUS_CHANGED QUEUED`, `state ${own.id} mine v1 2`]);

    const refused = watch(A, agent.token, otherCompanyId);
    await refused.ready;
    await expect(refused.next(5_000)).rejects.toThrow(/NOT_FOUND/);
  });
});

describe("companyEvents: what heartbeats write", () => {
  it("a heartbeat on B reaches A's companyEvents and leaseEvents subscribers as its RunEvent, a RuntimeStateChange per entry and its lease's renewal; a batch's events one by one", async () => {
    // A company of its own, so the counts below stay the other tests' own.
    const seed = await seedCompany(B.url, { company: "beats-co", agents: ["beater", "neighbour"], environment: { name: "local", capacity: 3 } });
    const [agent, otherAgent] = seed.agents as [Agent, Agent];
    const { companyId, environmentId } = seed;
    const sub = watch(A, TEST_ADMIN_TOKEN, companyId);
    const own = watch(A, agent.token, companyId);
    const leases = subscribe<{ leaseEvents: { kind: string; fencingToken: number; expiresAt: string; lease: { id: string } } }>(
      A.wsUrl,
      TEST_ADMIN_TOKEN,
      "subscription($environmentId: ID!) { leaseEvents(environmentId: $environmentId) { kind fencingToken expiresAt lease { id } } }",
      { environmentId },
    );
    subscriptions.push(leases);
    await Promise.all([sub.ready, own.ready, leases.ready]);
    const running = async (who: Agent, pid: number) => {
      const issueId = await createIssue(B.url, companyId, `beating ${pid}`);
      const { startRun } = await gqlData(B.url, who.token, StartRun, { input: { agentId: who.id, issueId, environmentId } });
      const { claimRun } = await gqlData(B.url, who.token, ClaimRun, { input: { runId: startRun.id, runnerId: "ce-beats", pid } });
      return { runId: startRun.id, lease: claimRun.lease };
    };
    const mine = await running(agent, 41);
    const theirs = await running(otherAgent, 42);
    // Skip what the claims published.
    await sub.take(6, 10_000);
    await own.take(3, 10_000);
    await leases.take(2, 10_000);

    // Sent together, so B's group commit may write them in one batch: one message per topic, heard one event at a time.
    await Promise.all([
      gqlData(B.url, agent.token, Heartbeat, { input: { runId: mine.runId, pid: 41, state: [{ key: "step", value: 1 }, { key: "note", value: "a" }] } }),
      gqlData(B.url, otherAgent.token, Heartbeat, { input: { runId: theirs.runId, pid: 42, state: [{ key: "step", value: 7 }] } }),
    ]);
    const heard = (await sub.take(7, 10_000)).map(summary);
    const ofRun = (runId: string, lease: { id: string }) => heard.filter((line) => line.includes(runId) || line === `lease RENEWED ${lease.id}`);
    expect(ofRun(mine.runId, mine.lease)).toEqual([
      `run ${mine.runId} HEARTBEAT RUNNING`,
      `state ${mine.runId} step v1 1`,
      `state ${mine.runId} note v1 "a"`,
      `lease RENEWED ${mine.lease.id}`,
    ]);
    expect(ofRun(theirs.runId, theirs.lease)).toEqual([`run ${theirs.runId} HEARTBEAT RUNNING`, `state ${theirs.runId} step v1 7`, `lease RENEWED ${theirs.lease.id}`]);
    // An agent's token: its own run's heartbeat and state, and the company's lease events.
    const ownHeard = (await own.take(5, 10_000)).map(summary);
    expect(ownHeard.filter((line) => line.startsWith("run") || line.startsWith("state"))).toEqual([
      `run ${mine.runId} HEARTBEAT RUNNING`,
      `state ${mine.runId} step v1 1`,
      `state ${mine.runId} note v1 "a"`,
    ]);
    const renewals = (await leases.take(2, 10_000)).map((e) => e.leaseEvents);
    expect(renewals.map((e) => [e.kind, e.lease.id, e.fencingToken]).sort()).toEqual(
      [["RENEWED", mine.lease.id, mine.lease.fencingToken], ["RENEWED", theirs.lease.id, theirs.lease.fencingToken]].sort(),
    );
    expect(renewals.every((e) => new Date(e.expiresAt).getTime() > Date.now())).toBe(true);
  });
});

describe("companyEvents: the providers' breakers", () => {
  it("failed prepare() calls on B reach A's subscribers as the provider's failures, its breaker opening, and its probe closing it", async () => {
    // A company of its own, so the counts below stay the other tests' own.
    const seed = await seedCompany(B.url, { company: "flaky-co", agents: ["prober"], environment: { name: "flaky", providerKey: "flaky", capacity: 2 } });
    const [prober] = seed.agents as [Agent];
    const sub = watch(A, TEST_ADMIN_TOKEN, seed.companyId);
    await sub.ready;
    const claimOnce = async (pid: number) => {
      const issueId = await createIssue(B.url, seed.companyId, `flaky work ${pid}`);
      const { startRun } = await gqlData(B.url, prober.token, StartRun, { input: { agentId: prober.id, issueId, environmentId: seed.environmentId } });
      await gql(B.url, prober.token, ClaimRun, { input: { runId: startRun.id, runnerId: "ce-flaky", pid } });
      return startRun.id;
    };
    await claimOnce(1);
    await claimOnce(2);
    // Past the 300 ms cool-down the next claim is the probe; it succeeds and closes the breaker.
    await new Promise((resolve) => setTimeout(resolve, 400));
    flaky.failing = false;
    const probe = await claimOnce(3);
    await gqlData(B.url, prober.token, FinishRun, { input: { runId: probe, status: "SUCCEEDED", exitCode: 0 } });

    const heard: string[] = [];
    while (heard.length < 3) {
      const event = await sub.next(10_000);
      if (event.companyEvents.__typename === "SandboxProvider") heard.push(summary(event));
    }
    expect(heard).toEqual(["provider flaky HEALTHY 1 closed", "provider flaky DEGRADED 2 open", "provider flaky HEALTHY 0 closed"]);
  });
});

describe("totalCount", () => {
  it("counts what the connection lists, whatever page is asked for, as the caller may see it", async () => {
    const admin = await gqlData(A.url, TEST_ADMIN_TOKEN, Counts, { companyId });
    const all = admin.runs.totalCount;
    expect(all).toBeGreaterThanOrEqual(3);
    expect(admin.runs.edges).toHaveLength(all);
    expect(admin.queued.totalCount).toBe(2);
    expect(admin.queuedRuns.totalCount).toBe(2);
    expect(admin.queuedRuns.edges).toHaveLength(1);
    expect(admin.issues.totalCount).toBe(3);
    expect(admin.environments.totalCount).toBe(1);
    expect(admin.node).toMatchObject({ agents: { totalCount: 2 }, runs: { totalCount: all } });
    // An agent counts only its own runs, whatever agentId it names.
    const mine = await gqlData(A.url, agent.token, Counts, { companyId, agentId: otherAgent.id });
    expect(mine.runs.totalCount).toBe(all - 1);
    expect(mine.queuedRuns.totalCount).toBe(1);
  });
});
