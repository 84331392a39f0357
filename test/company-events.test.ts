// What a dashboard reads: companyEvents (one subscription for a company's run, lease and workspace
// events, from every replica; an agent's token hears only its own runs) and totalCount on connections.
import { print } from "graphql";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gqlData, subscribe, type Subscription } from "./support/graphql-client.js";
import { ClaimRun, createIssue, FinishRun, Heartbeat, seedCompany, StartRun, type Agent } from "./support/fixtures.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

const SERVER_ENV = { RUNYARD_DB_POOL_SIZE: "5" };

const CompanyEvents = graphql(`
  subscription CeCompanyEvents($companyId: ID!) {
    companyEvents(companyId: $companyId) {
      __typename
      ... on RunEvent { kind status run { id } }
      ... on LeaseEvent { leaseKind: kind slot fencingToken lease { id } }
      ... on Workspace { id configVersion }
    }
  }
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
  | { __typename: "Workspace"; id: string; configVersion: number };

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
  [A, B] = await Promise.all([startApp({ databaseUrl: db.url, env: SERVER_ENV }), startApp({ databaseUrl: db.url, env: SERVER_ENV })]);
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

const summary = ({ companyEvents: e }: { companyEvents: Event }) =>
  e.__typename === "RunEvent" ? `run ${e.run.id} ${e.kind} ${e.status}` : e.__typename === "LeaseEvent" ? `lease ${e.leaseKind}` : `workspace v${e.configVersion}`;

describe("companyEvents", () => {
  it("an operator on A hears B's run, lease and workspace events in order, and nothing of another company", async () => {
    const sub = watch(A, TEST_ADMIN_TOKEN, companyId);
    const elsewhere = watch(A, TEST_ADMIN_TOKEN, otherCompanyId);
    await Promise.all([sub.ready, elsewhere.ready]);
    const issueId = await createIssue(B.url, companyId, "watched work", { v: 1 });
    const { startRun } = await gqlData(B.url, agent.token, StartRun, { input: { agentId: agent.id, issueId, environmentId } });
    const runId = startRun.id;
    await gqlData(B.url, agent.token, ClaimRun, { input: { runId, runnerId: "ce", pid: 7 } });
    await gqlData(B.url, agent.token, Heartbeat, { input: { runId, pid: 7 } });
    await gqlData(B.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: { v: 2 } } });
    await gqlData(B.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });

    expect((await sub.take(7, 15_000)).map(summary)).toEqual([
      `run ${runId} STATUS_CHANGED QUEUED`,
      `run ${runId} STATUS_CHANGED RUNNING`,
      "lease GRANTED",
      `run ${runId} HEARTBEAT RUNNING`,
      "workspace v2",
      `run ${runId} STATUS_CHANGED SUCCEEDED`,
      "lease RELEASED",
    ]);
    await expect(elsewhere.next(300)).rejects.toThrow(/no subscription payload/);
  });

  it("an agent's token hears its own runs' events, not another agent's; another company is NOT_FOUND", async () => {
    const sub = watch(A, agent.token, companyId);
    await sub.ready;
    const foreignIssue = await createIssue(B.url, companyId, "other's work");
    await gqlData(B.url, otherAgent.token, StartRun, { input: { agentId: otherAgent.id, issueId: foreignIssue, environmentId } });
    const ownIssue = await createIssue(B.url, companyId, "own work");
    const { startRun: own } = await gqlData(B.url, agent.token, StartRun, { input: { agentId: agent.id, issueId: ownIssue, environmentId } });
    expect((await sub.next(10_000)).companyEvents).toMatchObject({ __typename: "RunEvent", status: "QUEUED", run: { id: own.id } });

    const refused = watch(A, agent.token, otherCompanyId);
    await refused.ready;
    await expect(refused.next(5_000)).rejects.toThrow(/NOT_FOUND/);
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
