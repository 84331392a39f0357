// Usage and budgets through the API, on two in-process replicas of one database and Redis:
// heartbeats' cumulative totals merged per key (a resend counts once, whichever replica takes it),
// the sums of Agent.usage / Company.usage, the budget decided by the heartbeat statement (both of
// two runs crossing it at once on two replicas are stopped), wakes and claims refused until the
// budget is raised or the month turns, and bad input refused by name.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { claimRun, createAgent, createIssue, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { startApp, type TestApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN } from "./support/server-process.js";

const UsageHeartbeat = graphql(`
  mutation UsageHeartbeat($input: HeartbeatInput!) {
    heartbeat(input: $input) { cancelRequested cancelReason run { status cancelReason usage { inputTokens outputTokens costCents other } } }
  }
`);
const RunUsage = graphql(`
  query UsageRun($id: ID!) { run(id: $id) { status cancelReason error usage { inputTokens outputTokens costCents other } } }
`);
const SetBudget = graphql(`
  mutation UsageSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { id monthlyBudgetCents } }
`);
const Wake = graphql(`
  mutation UsageWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id status } } }
`);
const Sums = graphql(`
  query UsageSums($agentId: ID!, $companyId: ID!, $since: DateTime) {
    agent: node(id: $agentId) { ... on Agent { monthlyBudgetCents usage { costCents inputTokens other } since: usage(since: $since) { costCents inputTokens other } } }
    company: node(id: $companyId) { ... on Company { usage { costCents outputTokens } since: usage(since: $since) { costCents outputTokens } } }
  }
`);

const ClaimNext = graphql(`
  mutation UsageClaimNext($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id } } }
`);
const Cancel = graphql(`
  mutation UsageCancel($input: CancelRunInput!) { cancelRun(input: $input) { status cancelReason } }
`);

let db: TestDatabase;
let sql: pg.Client;
let replicaA: TestApp;
let replicaB: TestApp;
let companyId: string;
let environmentId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  // Small pools: the shared PostgreSQL serves every test file running in parallel.
  [replicaA, replicaB] = await Promise.all([
    startApp({ databaseUrl: db.url, env: { RUNYARD_DB_POOL_SIZE: "5" } }),
    startApp({ databaseUrl: db.url, env: { RUNYARD_DB_POOL_SIZE: "5" } }),
  ]);
  ({ companyId, environmentId } = await seedCompany(replicaA.url, { company: "usage", agents: [], environment: { name: "local", capacity: 50 } }));
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await replicaA?.stop();
  await replicaB?.stop();
  await db?.drop();
});

let agents = 0;
async function newAgent(maxConcurrentRuns = 5): Promise<Agent> {
  const { id, token } = await createAgent(replicaA.url, companyId, { name: `agent ${++agents}`, maxConcurrentRuns });
  return { id, token };
}

/** A RUNNING run of the agent, on an issue of its own. */
async function runningRun(agent: Agent): Promise<string> {
  const issueId = await createIssue(replicaA.url, companyId, "usage");
  const run = await startRun(replicaA.url, agent, { issueId, environmentId });
  await claimRun(replicaA.url, agent.token, run.id, { runnerId: "usage-test", pid: 4242 });
  return run.id;
}

function beat(replica: TestApp, agent: Agent, runId: string, usage?: unknown) {
  return gqlData(replica.url, agent.token, UsageHeartbeat, { input: { runId, pid: 4242, usage } });
}

async function monthCost(agent: Agent): Promise<number> {
  const { rows } = await sql.query<{ costCents: number }>(`SELECT "costCents" FROM "AgentMonthlyCost" WHERE "agentId" = $1`, [decodeGlobalID(agent.id).id]);
  return rows.reduce((sum, row) => sum + row.costCents, 0);
}

async function setBudget(agent: Agent, monthlyBudgetCents: number | null) {
  return gql(replicaA.url, TEST_ADMIN_TOKEN, SetBudget, { input: { id: agent.id, monthlyBudgetCents } });
}

async function wake(agent: Agent) {
  const issueId = await createIssue(replicaA.url, companyId, "wake");
  return gql(replicaB.url, agent.token, Wake, { input: { agentId: agent.id, issueId, environmentId } });
}

describe("usage", () => {
  it("keeps per key the largest total: a heartbeat sent twice, to either replica, counts once", async () => {
    const agent = await newAgent();
    const runId = await runningRun(agent);
    const totals = { inputTokens: 1000, outputTokens: 200, costCents: 40, cacheReadTokens: 7 };
    await beat(replicaA, agent, runId, totals);
    // The same heartbeat again, then both replicas at once, then an older total and one naming fewer keys.
    await beat(replicaA, agent, runId, totals);
    await Promise.all([beat(replicaA, agent, runId, totals), beat(replicaB, agent, runId, totals)]);
    await beat(replicaB, agent, runId, { inputTokens: 900, costCents: 30 });
    const last = await beat(replicaB, agent, runId, { costCents: 55.5 });
    expect(last.heartbeat.run.usage).toEqual({ inputTokens: 1000, outputTokens: 200, costCents: 55.5, other: { cacheReadTokens: 7 } });
    // A heartbeat without usage leaves it.
    await beat(replicaA, agent, runId);
    const { run } = await gqlData(replicaA.url, agent.token, RunUsage, { id: runId });
    expect(run?.usage).toEqual({ inputTokens: 1000, outputTokens: 200, costCents: 55.5, other: { cacheReadTokens: 7 } });
    // The agent's month counted the rises only: 40, then 15.5.
    expect(await monthCost(agent)).toBe(55.5);
  });

  it("counts a rise once when both replicas write the same run's heartbeat at the same moment", async () => {
    const agent = await newAgent();
    const runId = await runningRun(agent);
    for (let cost = 1; cost <= 15; cost++) {
      // Each replica's writer holds its own batch; the two statements race on the run's row.
      await Promise.all([beat(replicaA, agent, runId, { costCents: cost }), beat(replicaB, agent, runId, { costCents: cost })]);
    }
    expect(await monthCost(agent)).toBe(15);
  });

  it("sums runs into Agent.usage and Company.usage, this month by default, or since a given time", async () => {
    const { companyId: otherCompany, environmentId: otherEnvironment, agents: [first, second] } = await seedCompany(replicaA.url, {
      company: "sums",
      agents: [{ name: "first", maxConcurrentRuns: 3 }, "second"],
      environment: { capacity: 10 },
    });
    const runOf = async (agent: Agent) => {
      const issueId = await createIssue(replicaA.url, otherCompany, "sums");
      const run = await startRun(replicaA.url, agent, { issueId, environmentId: otherEnvironment });
      await claimRun(replicaA.url, agent.token, run.id, { runnerId: "sums", pid: 1 });
      return run.id;
    };
    const [old, recent, ofSecond] = [await runOf(first!), await runOf(first!), await runOf(second!)];
    await beat(replicaA, first!, old, { costCents: 1000, inputTokens: 1, outputTokens: 2 });
    await beat(replicaA, first!, recent, { costCents: 10, inputTokens: 3, outputTokens: 4, toolCalls: 2 });
    await beat(replicaB, second!, ofSecond, { costCents: 5, outputTokens: 6 });
    // The old run was created two months ago: outside this month.
    await sql.query(`UPDATE "Run" SET "createdAt" = date_trunc('month', now()) - interval '40 days' WHERE "id" = $1`, [decodeGlobalID(old).id]);
    const since = new Date(Date.now() - 100 * 24 * 3600 * 1000).toISOString();
    const sums = await gqlData(replicaA.url, TEST_ADMIN_TOKEN, Sums, { agentId: first!.id, companyId: otherCompany, since });
    expect(sums.agent).toEqual({
      monthlyBudgetCents: null,
      usage: { costCents: 10, inputTokens: 3, other: { toolCalls: 2 } },
      since: { costCents: 1010, inputTokens: 4, other: { toolCalls: 2 } },
    });
    expect(sums.company).toEqual({ usage: { costCents: 15, outputTokens: 10 }, since: { costCents: 1015, outputTokens: 12 } });
  });

  it("refuses usage that is not an object of non-negative numbers, naming the field, and writes nothing", async () => {
    const agent = await newAgent();
    const runId = await runningRun(agent);
    await beat(replicaA, agent, runId, { costCents: 5 });
    for (const [usage, field] of [
      [{ costCents: -1 }, "usage.costCents"],
      [{ costCents: "12" }, "usage.costCents"],
      [{ inputTokens: 1, outputTokens: null }, "usage.outputTokens"],
      [[1, 2], "usage"],
      [42, "usage"],
      [{ "bad key": 1 }, "usage.bad key"],
    ] as const) {
      const { errors } = await gql(replicaA.url, agent.token, UsageHeartbeat, { input: { runId, pid: 4242, usage } });
      expect(errors?.[0]?.extensions, JSON.stringify(usage)).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    const { run } = await gqlData(replicaA.url, agent.token, RunUsage, { id: runId });
    expect(run?.usage.costCents).toBe(5);
    const negative = await setBudget(agent, -1);
    expect(negative.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "monthlyBudgetCents" });
    // Not an Int: refused by GraphQL's own coercion of the variable, as every Int input is.
    expect((await setBudget(agent, 1.5)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("budgets", () => {
  it("cancels the run whose heartbeat reaches the budget, refuses wakes and claims, and lets them again when raised or the month turns", async () => {
    const agent = await newAgent();
    expect((await setBudget(agent, 100)).data?.updateAgent).toEqual({ id: agent.id, monthlyBudgetCents: 100 });
    const runId = await runningRun(agent);
    const queued = await startRun(replicaA.url, agent, { issueId: await createIssue(replicaA.url, companyId, "queued"), environmentId });
    expect((await beat(replicaA, agent, runId, { costCents: 60 })).heartbeat.cancelRequested).toBe(false);
    const crossed = await beat(replicaB, agent, runId, { costCents: 100 });
    expect(crossed.heartbeat).toMatchObject({ cancelRequested: true, cancelReason: "BUDGET_EXCEEDED", run: { status: "CANCELLED", cancelReason: "BUDGET_EXCEEDED" } });
    // Its next heartbeat (a runner slow to stop) hears the same.
    expect((await beat(replicaA, agent, runId, { costCents: 100 })).heartbeat).toMatchObject({ cancelRequested: true, cancelReason: "BUDGET_EXCEEDED" });
    const { run } = await gqlData(replicaA.url, agent.token, RunUsage, { id: runId });
    expect(run).toMatchObject({ status: "CANCELLED", cancelReason: "BUDGET_EXCEEDED", usage: { costCents: 100 } });

    expect((await wake(agent)).errors?.[0]?.extensions).toMatchObject({ code: "BUDGET_EXCEEDED", monthlyBudgetCents: 100, monthCostCents: 100 });
    const claim = await gql(replicaA.url, agent.token, graphql(`mutation UsageClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }`), {
      input: { runId: queued.id, runnerId: "usage-test", pid: 1 },
    });
    expect(claim.errors?.[0]?.extensions?.code).toBe("BUDGET_EXCEEDED");
    const claimNext = await gql(replicaB.url, agent.token, ClaimNext, { input: { runnerId: "usage-test", pid: 1, waitSeconds: 0 } });
    expect(claimNext.errors?.[0]?.extensions?.code).toBe("BUDGET_EXCEEDED");

    // Raised: wakes again; lowered back under the cost: refused again.
    await setBudget(agent, 150);
    expect((await wake(agent)).errors).toBeUndefined();
    await setBudget(agent, 100);
    expect((await wake(agent)).errors?.[0]?.extensions?.code).toBe("BUDGET_EXCEEDED");
    // The cost is kept by calendar month (UTC, the database's clock)...
    const { rows: months } = await sql.query(
      `SELECT "month" = (date_trunc('month', now() AT TIME ZONE 'UTC'))::date AS "thisMonth" FROM "AgentMonthlyCost" WHERE "agentId" = $1`,
      [decodeGlobalID(agent.id).id],
    );
    expect(months).toEqual([{ thisMonth: true }]);
    // ...so when the month turns, this month's cost is last month's.
    await sql.query(`UPDATE "AgentMonthlyCost" SET "month" = ("month" - interval '1 month')::date WHERE "agentId" = $1`, [decodeGlobalID(agent.id).id]);
    expect((await wake(agent)).errors).toBeUndefined();
    // Cleared: no budget at all.
    await setBudget(agent, null);
    expect((await wake(agent)).errors).toBeUndefined();
  });

  it("gives cancelRun's runs cancelReason REQUESTED, in the run and in the next heartbeat's answer", async () => {
    const agent = await newAgent();
    const runId = await runningRun(agent);
    expect((await gqlData(replicaA.url, TEST_ADMIN_TOKEN, Cancel, { input: { runId } })).cancelRun).toEqual({ status: "CANCELLED", cancelReason: "REQUESTED" });
    expect((await beat(replicaB, agent, runId, { costCents: 1 })).heartbeat).toMatchObject({ cancelRequested: true, cancelReason: "REQUESTED" });
  });

  it("stops both of two runs that cross the budget at once on two replicas", async () => {
    for (let round = 0; round < 5; round++) {
      const agent = await newAgent();
      await setBudget(agent, 100);
      const [first, second] = [await runningRun(agent), await runningRun(agent)];
      // Together 120: each alone is under the budget, so whichever statement commits second decides.
      const answers = await Promise.all([beat(replicaA, agent, first, { costCents: 60 }), beat(replicaB, agent, second, { costCents: 60 })]);
      expect(answers.filter((a) => a.heartbeat.cancelReason === "BUDGET_EXCEEDED").length, `round ${round}`).toBeGreaterThanOrEqual(1);
      // Each run's next heartbeat (carrying the same totals, as a runner resends them) stops it.
      const next = await Promise.all([beat(replicaB, agent, first, { costCents: 60 }), beat(replicaA, agent, second, { costCents: 60 })]);
      for (const answer of next) expect(answer.heartbeat).toMatchObject({ cancelRequested: true, cancelReason: "BUDGET_EXCEEDED", run: { status: "CANCELLED" } });
      expect(await monthCost(agent)).toBe(120);
    }
  });
});
