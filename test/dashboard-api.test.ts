// API a dashboard (and any client) needs beyond part one: a company's tokens listed by id and
// revoked (an agent token's id included), and rerunRun.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { ClaimRun, createIssue, FinishRun, seedCompany, StartRun, type Agent } from "./support/fixtures.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

const CreateAgentWithToken = graphql(`
  mutation DaCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token apiToken { id kind name agent { id } } } }
`);
const CreateOperatorToken = graphql(`
  mutation DaCreateOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token apiToken { id } } }
`);
const Tokens = graphql(`
  query DaTokens($id: ID!, $includeRevoked: Boolean) {
    node(id: $id) { ... on Company { apiTokens(includeRevoked: $includeRevoked) { totalCount edges { node { id kind revokedAt agent { id } } } } } }
  }
`);
const Revoke = graphql(`
  mutation DaRevoke($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { id revokedAt } }
`);
const Rerun = graphql(`
  mutation DaRerun($input: RerunRunInput!) { rerunRun(input: $input) { coalesced run { id status wakeReasons wakeCount priority issue { id } } } }
`);
const HeartbeatRun = graphql(`
  mutation DaHeartbeat($input: HeartbeatInput!) {
    heartbeat(input: $input) { run { id attempt wakeCount wakeReasons priority notBefore retryOf { id } notRetriedReason cancelReason usage { costCents } logsTruncated } }
  }
`);
const CloseIssue = graphql(`
  mutation DaCloseIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id status } }
`);

let db: TestDatabase;
let server: TestServer;
let companyId: string;
let environmentId: string;
let agent: Agent;
let stranger: Agent;
let operatorToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url, env: { RUNYARD_DB_POOL_SIZE: "4" } });
  const seed = await seedCompany(server.url, { company: "dashboard-api", agents: ["worker"], environment: { name: "local", capacity: 4 } });
  ({ companyId, environmentId } = seed);
  [agent] = seed.agents as [Agent];
  [stranger] = (await seedCompany(server.url, { company: "elsewhere", agents: ["stranger"] })).agents as [Agent];
  operatorToken = (await gqlData(server.url, TEST_ADMIN_TOKEN, CreateOperatorToken, { input: { companyId, name: "ops" } })).createOperatorToken.token;
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe("a company's tokens", () => {
  it("createAgent says its token's id; operators list the company's tokens and revoke one by id; agents may not list", async () => {
    const { createAgent } = await gqlData(server.url, operatorToken, CreateAgentWithToken, { input: { companyId, name: "listed" } });
    expect(createAgent.apiToken).toMatchObject({ kind: "AGENT", agent: { id: createAgent.agent.id } });

    const listed = await gqlData(server.url, operatorToken, Tokens, { id: companyId });
    const tokens = listed.node && "apiTokens" in listed.node ? listed.node.apiTokens : null;
    expect(tokens?.totalCount).toBe(3); // the seeded agent's, the operator's, the new agent's (the admin's is no company's)
    expect(tokens?.edges.map((e) => e.node.kind).sort()).toEqual(["AGENT", "AGENT", "OPERATOR"]);
    expect(tokens?.edges[0]?.node.id).toBe(createAgent.apiToken.id); // newest first

    const { revokeApiToken } = await gqlData(server.url, operatorToken, Revoke, { input: { id: createAgent.apiToken.id } });
    expect(revokeApiToken.revokedAt).not.toBeNull();
    const refused = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${createAgent.token}` },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(refused.status).toBe(401);
    const after = await gqlData(server.url, operatorToken, Tokens, { id: companyId });
    expect(after.node && "apiTokens" in after.node ? after.node.apiTokens.totalCount : null).toBe(2);
    const withRevoked = await gqlData(server.url, operatorToken, Tokens, { id: companyId, includeRevoked: true });
    expect(withRevoked.node && "apiTokens" in withRevoked.node ? withRevoked.node.apiTokens.totalCount : null).toBe(3);

    const asAgent = await gql(server.url, agent.token, Tokens, { id: companyId });
    expect(asAgent.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("rerunRun", () => {
  it("queues another run of an ended run's agent, issue and environment; a second merges into it; others' runs are NOT_FOUND", async () => {
    const issueId = await createIssue(server.url, companyId, "rerun me");
    const { startRun } = await gqlData(server.url, agent.token, StartRun, { input: { agentId: agent.id, issueId, environmentId } });
    await gqlData(server.url, agent.token, ClaimRun, { input: { runId: startRun.id, runnerId: "da", pid: 3 } });
    // The heartbeat's answer is a whole run: any of its fields can be asked for.
    const { heartbeat } = await gqlData(server.url, agent.token, HeartbeatRun, { input: { runId: startRun.id, pid: 3 } });
    expect(heartbeat.run).toMatchObject({ id: startRun.id, attempt: 1, wakeCount: 1, wakeReasons: ["manual"], priority: 0, notBefore: null, retryOf: null });
    await gqlData(server.url, agent.token, FinishRun, { input: { runId: startRun.id, status: "FAILED", exitCode: 1 } });

    const first = await gqlData(server.url, operatorToken, Rerun, { input: { runId: startRun.id } });
    expect(first.rerunRun).toMatchObject({ coalesced: false, run: { status: "QUEUED", wakeReasons: ["rerun"], wakeCount: 1, issue: { id: issueId } } });
    expect(first.rerunRun.run.id).not.toBe(startRun.id);
    const second = await gqlData(server.url, agent.token, Rerun, { input: { runId: startRun.id } });
    expect(second.rerunRun).toMatchObject({ coalesced: true, run: { id: first.rerunRun.run.id, wakeCount: 2, wakeReasons: ["rerun"] } });

    const foreign = await gql(server.url, stranger.token, Rerun, { input: { runId: startRun.id } });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", id: startRun.id });

    await gqlData(server.url, operatorToken, CloseIssue, { input: { id: issueId, status: "DONE" } });
    const closed = await gql(server.url, operatorToken, Rerun, { input: { runId: startRun.id } });
    expect(closed.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "issueId" });
  });
});
