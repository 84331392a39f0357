// Query limits (server/query-limits.ts): documents that would make a replica do unbounded work are
// refused with QUERY_TOO_COMPLEX before any resolver runs, over HTTP and graphql-ws, and the replica
// goes on serving; a real dashboard page fits under them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nestedAgentsQuery, aliasFloodQuery } from "../bench/query-cost.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { seedCompany, startRun } from "./support/fixtures.js";
import { startApp } from "./support/app.js";
import { gql, gqlData, subscribe, SubscriptionGraphQLErrors, type GqlResponse } from "./support/graphql-client.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

let db: TestDatabase;
let server: TestServer;
let companyId: string;
let agentToken: string;
let runId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url, redisUrl: null });
  // Two agents: a connection of first: 1 then has a row past its page.
  const seed = await seedCompany(server.url, { company: "limits", agents: ["a", "b"], issue: "i", environment: { capacity: 2 } });
  companyId = seed.companyId;
  agentToken = seed.agents[0]!.token;
  runId = (await startRun(server.url, seed.agents[0]!, seed)).id;
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

function refusal(answer: GqlResponse<unknown>): Array<[string | undefined, string]> {
  return (answer.errors ?? []).map((error) => [error.extensions?.code, error.message]);
}

async function expectStillServing(): Promise<void> {
  expect(await gql(server.url, TEST_ADMIN_TOKEN, "{ __typename }")).toEqual({ data: { __typename: "Query" } });
}

// The runs page of a dashboard: what the limits were sized for.
const DASHBOARD_RUNS_PAGE = `query RunsPage($companyId: ID!) {
  queued: runs(companyId: $companyId, status: QUEUED) { totalCount }
  runs(companyId: $companyId, first: 50) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id status createdAt startedAt finishedAt exitCode error pid runnerId claimedByReplica lastHeartbeatAt cancelRequestedAt
      agent { id name heartbeatTimeoutSeconds }
      issue { id title status }
      environment { id name providerKey capacity }
      workspace { id configVersion status }
      leases(first: 10) { edges { node { id slot status fencingToken expiresAt releaseReason } } }
      runtimeState(first: 50) { edges { node { key value version updatedAt } } }
      events(first: 50) { edges { node { id kind status fromStatus pid at } } }
    } }
  }
}`;

describe("over HTTP", () => {
  it("answers a dashboard's runs page", async () => {
    const { runs } = await gqlData<{ runs: { edges: Array<{ node: { id: string; events: { edges: unknown[] } } }> } }>(
      server.url,
      TEST_ADMIN_TOKEN,
      DASHBOARD_RUNS_PAGE,
      { companyId },
    );
    expect(runs.edges.map((edge) => edge.node.id)).toEqual([runId]);
    expect(runs.edges[0]!.node.events.edges).toHaveLength(1);
  });

  it("refuses agents → company nested 25 times (an agent's token) for its depth", async () => {
    const answer = await gql(server.url, agentToken, nestedAgentsQuery(companyId, 25));
    expect(answer.data ?? null).toBeNull();
    expect(refusal(answer)).toEqual([["QUERY_TOO_COMPLEX", "Query depth limit of 12 exceeded, found 102."]]);
    await expectStillServing();
  });

  it("refuses 10,000 aliases of companies(first: 100) for their tokens, and 21 for the aliases", async () => {
    const flood = await gql(server.url, TEST_ADMIN_TOKEN, aliasFloodQuery(10_000));
    expect(refusal(flood)).toEqual([["QUERY_TOO_COMPLEX", "Token limit of 2000 exceeded."]]);
    const aliases = await gql(server.url, TEST_ADMIN_TOKEN, `{ ${Array.from({ length: 21 }, (_, i) => `c${i}: companies(first: 1) { edges { node { id } } }`).join(" ")} }`);
    expect(refusal(aliases)).toEqual([["QUERY_TOO_COMPLEX", "Aliases limit of 20 exceeded, found 21."]]);
    await expectStillServing();
  });

  it("refuses a document whose answer could hold too much, counting page sizes given in variables or left out", async () => {
    const nestedPages = `query($n: Int) { companies(first: $n) { edges { node { runs(first: $n) { edges { node { events { edges { node { id } } } } } } } } } }`;
    const answer = await gql(server.url, TEST_ADMIN_TOKEN, nestedPages, { n: 100 });
    expect(refusal(answer)).toEqual([["QUERY_TOO_COMPLEX", expect.stringMatching(/^Query Cost limit of 100000 exceeded, found \d+\.$/)]]);
    // The same document on small pages is fine.
    expect((await gql(server.url, TEST_ADMIN_TOKEN, nestedPages, { n: 2 })).errors).toBeUndefined();
    await expectStillServing();
  });

  it("prices totalCount as a count, not a scalar: a few per request, never one per row of a list", async () => {
    const counts = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `c${i}: runs(companyId: "${companyId}", first: 1) { totalCount }`).join(" ")} }`;
    expect((await gql(server.url, TEST_ADMIN_TOKEN, counts(5))).errors).toBeUndefined();
    expect(refusal(await gql(server.url, TEST_ADMIN_TOKEN, counts(19)))).toEqual([["QUERY_TOO_COMPLEX", expect.stringMatching(/^Query Cost limit of 100000 exceeded/)]]);
    const perRow = `{ companies(first: 100) { edges { node { runs { totalCount } } } } }`;
    expect(refusal(await gql(server.url, TEST_ADMIN_TOKEN, perRow))).toEqual([["QUERY_TOO_COMPLEX", expect.stringMatching(/^Query Cost limit of 100000 exceeded/)]]);
    await expectStillServing();
  });

  it("refuses nodes(ids:) over 100 ids, which a variable hides from the token and cost limits", async () => {
    const nodes = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Company { agents(first: 100) { edges { node { id } } } } } }`;
    const ids = (n: number) => Array.from({ length: n }, () => companyId);
    const answer = await gql(server.url, TEST_ADMIN_TOKEN, nodes, { ids: ids(101) });
    expect(answer.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([["BAD_USER_INPUT", "ids"]]);
    expect((await gql(server.url, TEST_ADMIN_TOKEN, nodes, { ids: ids(100) })).errors).toBeUndefined();
  });

  it("refuses more than 20 directives", async () => {
    const answer = await gql(server.url, TEST_ADMIN_TOKEN, `{ ${"__typename @include(if: true) ".repeat(21)} }`);
    expect(refusal(answer)).toEqual([["QUERY_TOO_COMPLEX", "Directives limit of 20 exceeded, found 21."]]);
  });
});

describe("over graphql-ws", () => {
  async function subscriptionRefusal(query: string): Promise<Array<[string | undefined, string]>> {
    const subscription = subscribe(server.wsUrl, TEST_ADMIN_TOKEN, query);
    const failure = await subscription.next(10_000).then(
      () => undefined,
      (error: unknown) => error,
    );
    await subscription.close();
    expect(failure).toBeInstanceOf(SubscriptionGraphQLErrors);
    return (failure as SubscriptionGraphQLErrors).errors.map((error) => [error.extensions?.code, error.message]);
  }

  it("applies the same limits to a subscription: depth, tokens, cost", async () => {
    let deep = "id";
    for (let level = 0; level < 4; level++) deep = `company { agents(first: 1) { edges { node { ${deep} } } } }`;
    expect(await subscriptionRefusal(`subscription { runEvents(runId: "${runId}") { run { agent { ${deep} } } } }`)).toEqual([
      ["QUERY_TOO_COMPLEX", "Query depth limit of 12 exceeded, found 20."],
    ]);
    expect(await subscriptionRefusal(`subscription { runEvents(runId: "${runId}") { ${"id ".repeat(2_000)} } }`)).toEqual([
      ["QUERY_TOO_COMPLEX", "Token limit of 2000 exceeded."],
    ]);
    const costly = `subscription { runEvents(runId: "${runId}") { run { agent { company { runs(first: 100) { edges { node { events(first: 100) { edges { node { id kind status fromStatus pid at } } } } } } } } } } }`;
    expect(await subscriptionRefusal(costly)).toEqual([["QUERY_TOO_COMPLEX", expect.stringMatching(/^Query Cost limit of 100000 exceeded/)]]);
    await expectStillServing();
  });
});
