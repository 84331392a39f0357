// A caller's mistake is answered as one (BAD_USER_INPUT naming the field, or the transport's 400),
// never as INTERNAL: strings PostgreSQL cannot store (a lone UTF-16 surrogate), JSON nested deeper
// than MAX_JSON_DEPTH (in variables or in the document), unreadable GET variables, cursors we never
// issued. Nothing is written by a refused mutation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { claimRun, seedCompany, startRun } from "./support/fixtures.js";
import { gql, subscribe, SubscriptionGraphQLErrors, type GqlResponse } from "./support/graphql-client.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

let db: TestDatabase;
let server: TestServer;
let url: string;
let companyId: string;
let runId: string;
let agentToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url, redisUrl: null });
  url = server.url;
  const seed = await seedCompany(url, { company: "mistakes", agents: ["careless"], issue: "inputs", environment: { capacity: 2 } });
  companyId = seed.companyId;
  agentToken = seed.agents[0]!.token;
  runId = (await startRun(url, seed.agents[0]!, seed)).id;
  await claimRun(url, agentToken, runId, { runnerId: "mistakes", pid: 4242 });
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

/** The one error of a refused request: its code and the field it names. */
function refusal(response: GqlResponse<unknown>): { code: unknown; field: unknown } {
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  const { extensions } = response.errors![0]!;
  return { code: extensions?.code, field: extensions?.field };
}

/** JSON arrays nested `depth` levels: [[[…1…]]]. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** The text of nestedArrays(depth), written without JSON.stringify (whose recursion a deep value overflows). */
function nestedArraysJson(depth: number): string {
  return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}

/** POSTs a body written by hand (for variables too deep for the client's own JSON.stringify). */
async function postRaw(token: string, body: string): Promise<GqlResponse<unknown>> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", authorization: `Bearer ${token}` },
    body,
  });
  return (await response.json()) as GqlResponse<unknown>;
}

const SetState = `mutation ($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }`;
const HeartbeatState = `mutation ($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }`;
const CreateIssue = `mutation ($input: CreateIssueInput!) { createIssue(input: $input) { id } }`;
const CreateCompany = `mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
const FinishRun = `mutation ($input: FinishRunInput!) { finishRun(input: $input) { id } }`;

describe("a lone UTF-16 surrogate", () => {
  it("in a string input is BAD_USER_INPUT naming the field", async () => {
    for (const name of ["\ud800", "x\udc00y", "\udbff"]) {
      expect(refusal(await gql(url, TEST_ADMIN_TOKEN, CreateCompany, { input: { name } })), JSON.stringify(name)).toEqual({ code: "BAD_USER_INPUT", field: "name" });
    }
    const finish = await gql(url, agentToken, FinishRun, { input: { runId, status: "FAILED", error: "bad \ud800" } });
    expect(refusal(finish)).toEqual({ code: "BAD_USER_INPUT", field: "error" });
    // A well-formed pair (an emoji) is fine.
    expect((await gql(url, TEST_ADMIN_TOKEN, CreateCompany, { input: { name: "rocket \ud83d\ude80" } })).errors).toBeUndefined();
  });

  it("in a JSON key or value is BAD_USER_INPUT naming the field", async () => {
    for (const value of [{ "\ud800": 1 }, "x\udc00", { deep: ["ok", { "fine\ud83d\ude80": "x\udbff" }] }]) {
      const set = await gql(url, agentToken, SetState, { input: { runId, key: "k", value } });
      expect(refusal(set), JSON.stringify(value)).toEqual({ code: "BAD_USER_INPUT", field: "value" });
      const beat = await gql(url, agentToken, HeartbeatState, { input: { runId, pid: 4242, state: [{ key: "k", value }] } });
      expect(refusal(beat), JSON.stringify(value)).toEqual({ code: "BAD_USER_INPUT", field: "state.0.value" });
      const issue = await gql(url, TEST_ADMIN_TOKEN, CreateIssue, { input: { companyId, title: "t", workspaceConfig: value } });
      expect(refusal(issue), JSON.stringify(value)).toEqual({ code: "BAD_USER_INPUT", field: "workspaceConfig" });
    }
  });
});

describe("deeply nested JSON", () => {
  it("in variables, at 1,000 and 100,000 levels, is BAD_USER_INPUT naming the field", async () => {
    for (const depth of [1_000, 100_000]) {
      const value = nestedArraysJson(depth);
      const set = await postRaw(agentToken, `{"query":${JSON.stringify(SetState)},"variables":{"input":{"runId":"${runId}","key":"k","value":${value}}}}`);
      expect(refusal(set), `${depth}`).toEqual({ code: "BAD_USER_INPUT", field: "value" });
      const beat = await postRaw(agentToken, `{"query":${JSON.stringify(HeartbeatState)},"variables":{"input":{"runId":"${runId}","pid":4242,"state":[{"key":"k","value":${value}}]}}}`);
      expect(refusal(beat), `${depth}`).toEqual({ code: "BAD_USER_INPUT", field: "state.0.value" });
      const issue = await postRaw(TEST_ADMIN_TOKEN, `{"query":${JSON.stringify(CreateIssue)},"variables":{"input":{"companyId":"${companyId}","title":"t","workspaceConfig":{"a":${value}}}}}`);
      expect(refusal(issue), `${depth}`).toEqual({ code: "BAD_USER_INPUT", field: "workspaceConfig" });
    }
  });

  it("is accepted up to the limit, 64 levels, and refused one level deeper", async () => {
    const set = await gql(url, agentToken, SetState, { input: { runId, key: "deep", value: nestedArrays(64) } });
    expect(set.errors).toBeUndefined();
    const deeper = await gql(url, agentToken, SetState, { input: { runId, key: "deep", value: { a: nestedArrays(64) } } });
    expect(refusal(deeper)).toEqual({ code: "BAD_USER_INPUT", field: "value" });
  });

  it("as a literal in the document, 3,000 levels deep, is refused as the caller's mistake", async () => {
    const literal = nestedArraysJson(3_000);
    const response = await gql(url, agentToken, `mutation { setRuntimeState(input: { runId: "${runId}", key: "lit", value: ${literal} }) { version } }`);
    expect(refusal(response)).toEqual({ code: "BAD_USER_INPUT", field: "value" });
    // Deeper than JSON may be but shallow enough to parse: refused by the JSON rule, by name.
    const parsed = await gql(url, agentToken, `mutation { setRuntimeState(input: { runId: "${runId}", key: "lit", value: ${nestedArraysJson(100)} }) { version } }`);
    expect(refusal(parsed)).toEqual({ code: "BAD_USER_INPUT", field: "value" });
    // Brackets inside strings and comments are not nesting.
    const inString = await gql(url, TEST_ADMIN_TOKEN, `mutation {\n  # ${"[".repeat(300)}\n  createCompany(input: { name: "${"[".repeat(190)}" }) { id }\n}`);
    expect(inString.errors, JSON.stringify(inString)).toBeUndefined();
    // Selections nested as deep: no field to name, refused all the same.
    const selections = await gql(url, agentToken, `${"{ a ".repeat(3_000)}${"}".repeat(3_000)}`);
    expect(refusal(selections)).toEqual({ code: "BAD_USER_INPUT", field: undefined });
  });
});

it("a document nested 3,000 levels deep over graphql-ws is refused on that subscription, not by closing the socket", async () => {
  const subscription = subscribe(server.wsUrl, agentToken, `subscription { runEvents(runId: "${runId}") { ${"run { ".repeat(3_000)}id${" }".repeat(3_000)} } }`);
  const failure = await subscription.next(10_000).then(
    () => undefined,
    (error: unknown) => error,
  );
  await subscription.close();
  expect(failure).toBeInstanceOf(SubscriptionGraphQLErrors);
  expect((failure as SubscriptionGraphQLErrors).errors.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
});

describe("GET /graphql", () => {
  it("with variables that are not JSON is a 400, not a 500", async () => {
    const response = await fetch(`${url}/graphql?query=${encodeURIComponent("{__typename}")}&variables=${encodeURIComponent("{nope")}`, {
      headers: { accept: "application/graphql-response+json", "x-graphql-yoga-csrf": "1", authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const body = (await response.json()) as GqlResponse<unknown>;
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "variables" });
  });
});

describe("a cursor we never issued", () => {
  const base64 = (text: string) => Buffer.from(text).toString("base64");

  it("is BAD_USER_INPUT naming `after` or `before`, on a root connection and on a nested one", async () => {
    const bad = [base64("GPC:S:x"), base64("GPC:N:5"), base64("GPC:Z:"), base64("GPC:I:12"), base64(`GPC:T:["S:x"]`), "%%%", base64("nope")];
    for (const cursor of bad) {
      const companies = await gql(url, TEST_ADMIN_TOKEN, `query ($c: String) { companies(after: $c) { edges { node { id } } } }`, { c: cursor });
      expect(refusal(companies), cursor).toEqual({ code: "BAD_USER_INPUT", field: "after" });
      const runs = await gql(url, TEST_ADMIN_TOKEN, `query ($id: ID!, $c: String) { node(id: $id) { ... on Company { runs(last: 1, before: $c) { edges { node { id } } } } } }`, {
        id: companyId,
        c: cursor,
      });
      expect(refusal(runs), cursor).toEqual({ code: "BAD_USER_INPUT", field: "before" });
    }
    // A cursor of another connection (a run id) does not page a run's history (bigint ids) nor its state (run and key).
    const { data } = await gql<{ companies: { pageInfo: { endCursor: string } } }>(url, TEST_ADMIN_TOKEN, `{ companies(first: 1) { pageInfo { endCursor } } }`);
    const companyCursor = data!.companies.pageInfo.endCursor;
    for (const connection of ["events", "runtimeState"]) {
      const response = await gql(url, TEST_ADMIN_TOKEN, `query ($id: ID!, $c: String) { run(id: $id) { ${connection}(after: $c) { edges { cursor } } } }`, { id: runId, c: companyCursor });
      expect(refusal(response), connection).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    }
  });

  it("still pages with the cursors it issued", async () => {
    const first = await gql<{ run: { events: { pageInfo: { endCursor: string } }; runtimeState: { pageInfo: { endCursor: string | null } } } }>(
      url,
      TEST_ADMIN_TOKEN,
      `query ($id: ID!) { run(id: $id) { events(first: 1) { pageInfo { endCursor } } runtimeState(first: 1) { pageInfo { endCursor } } } }`,
      { id: runId },
    );
    expect(first.errors).toBeUndefined();
    const { events, runtimeState } = first.data!.run;
    const next = await gql(url, TEST_ADMIN_TOKEN, `query ($id: ID!, $e: String, $s: String) { run(id: $id) { events(after: $e) { edges { cursor } } runtimeState(after: $s) { edges { cursor } } } }`, {
      id: runId,
      e: events.pageInfo.endCursor,
      s: runtimeState.pageInfo.endCursor,
    });
    expect(next.errors).toBeUndefined();
  });
});

it("keeps refusing NUL characters as BAD_USER_INPUT", async () => {
  expect(refusal(await gql(url, TEST_ADMIN_TOKEN, CreateCompany, { input: { name: "a\u0000b" } }))).toEqual({ code: "BAD_USER_INPUT", field: "name" });
  expect(refusal(await gql(url, agentToken, SetState, { input: { runId, key: "k", value: { a: "\u0000" } } }))).toEqual({ code: "BAD_USER_INPUT", field: "value" });
});
