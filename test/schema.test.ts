// The GraphQL layer itself: the committed SDL is the schema the code builds; a malformed request is
// a GraphQL error, never a 500 with a stack; an internal failure is answered as a masked INTERNAL.
// (Reads without N+1: test/query-counts.test.ts.)
import { readFile } from "node:fs/promises";
import path from "node:path";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { isObjectType, printSchema } from "graphql";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_TYPES } from "../schema/builder.js";
import { schema } from "../schema/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { gql, gqlData, subscribe, SubscriptionGraphQLErrors } from "./support/graphql-client.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";


describe("schema.graphql", () => {
  it("is the SDL the code builds (run `npm run codegen` after changing the schema)", async () => {
    const committed = await readFile(path.join(REPO_ROOT, "schema.graphql"), "utf8");
    const built = printSchema(schema);
    expect(
      committed === built,
      "schema.graphql differs from the schema built by schema/index.ts: run `npm run codegen` and commit schema.graphql",
    ).toBe(true);
  });

  it("lists every Node type in NODE_TYPES, which node(id:) accepts", () => {
    const implementers = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && type.getInterfaces().some((iface) => iface.name === "Node"))
      .map((type) => type.name)
      .sort();
    expect([...NODE_TYPES].sort()).toEqual(implementers);
  });
});

describe("bad requests and internal failures over HTTP", () => {
  let db: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startApp({ databaseUrl: db.url, redisUrl: null });
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  interface Answer {
    status: number;
    text: string;
    body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  }

  async function post(body: string): Promise<Answer> {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body,
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Answer["body"] };
  }

  /** A GraphQL error answer: 200 or 400, an error message, nothing of the server's insides. */
  function expectCleanError(answer: Answer, label: string): void {
    expect([200, 400], `${label}: ${answer.text}`).toContain(answer.status);
    expect(typeof answer.body.errors?.[0]?.message, `${label}: ${answer.text}`).toBe("string");
    expectNoInsides(answer.text, label);
  }

  function expectNoInsides(text: string, label: string): void {
    for (const leak of [/stack/i, /\n\s+at /, /node_modules/, /\.ts:\d/, /prisma/i, /\bSELECT\b/, /postgres/i]) {
      expect(leak.test(text), `${label} leaks ${String(leak)}: ${text}`).toBe(false);
    }
  }

  it("answers a malformed query with a GraphQL parse error", async () => {
    const answer = await post(JSON.stringify({ query: "{ companies(first: 1) { edges { node { id }" }));
    expectCleanError(answer, "syntax error");
    expect(answer.body.errors?.[0]?.message).toMatch(/Syntax Error/);
  });

  it("answers an unknown field with a GraphQL validation error", async () => {
    const answer = await post(JSON.stringify({ query: "{ companies(first: 1) { edges { node { id secretSauce } } } }" }));
    expectCleanError(answer, "unknown field");
    expect(answer.body.errors?.[0]?.message).toMatch(/Cannot query field "secretSauce" on type "Company"/);
  });

  it("answers other malformed requests with errors, never a 500", async () => {
    const cases: Array<[string, string]> = [
      ["body that is not JSON", "{ this is not json"],
      ["no query", JSON.stringify({ variables: {} })],
      ["a variable of the wrong type", JSON.stringify({ query: "query($n: Int!) { companies(first: $n) { edges { node { id } } } }", variables: { n: "many" } })],
      ["a missing variable", JSON.stringify({ query: "query($n: Int!) { companies(first: $n) { edges { node { id } } } }" })],
      ["an unknown operation name", JSON.stringify({ query: "query A { __typename }", operationName: "B" })],
      ["a batch", JSON.stringify([{ query: "{ __typename }" }])],
      ["a negative page size", JSON.stringify({ query: "{ companies(first: -1) { edges { node { id } } } }" })],
      ["a cursor we never issued", JSON.stringify({ query: '{ companies(after: "bogus") { edges { node { id } } } }' })],
      ["a malformed node id", JSON.stringify({ query: '{ node(id: "not-a-global-id") { id } }' })],
      ["a node id whose uuid is malformed", JSON.stringify({ query: `{ node(id: "${encodeGlobalID("Run", "not-a-uuid")}") { id } }` })],
      ["a node id of an unknown type", JSON.stringify({ query: `{ node(id: "${encodeGlobalID("Secret", "00000000-0000-0000-0000-000000000000")}") { id } }` })],
      ["a run id whose uuid is malformed", JSON.stringify({ query: `{ run(id: "${encodeGlobalID("Run", "1")}") { id } }` })],
      ["an id of the wrong type", JSON.stringify({ query: `{ runs(companyId: "${encodeGlobalID("Run", "00000000-0000-0000-0000-000000000000")}") { edges { node { id } } } }` })],
    ];
    for (const [label, body] of cases) {
      const answer = await post(body);
      expect(answer.status, `${label}: ${answer.text}`).toBeLessThan(500);
      if (answer.body.errors) expectCleanError(answer, label);
      else expect(answer.body.data, `${label}: ${answer.text}`).toBeDefined();
    }
    // The ones that are the caller's fault at the field or variable level carry BAD_USER_INPUT.
    for (const [label, body] of cases.slice(2, 4).concat(cases.slice(6, 13))) {
      const answer = await post(body);
      expect(answer.body.errors?.map((error) => error.extensions?.code), `${label}: ${answer.text}`).toEqual(["BAD_USER_INPUT"]);
    }
  });

  it("answers a malformed subscription over graphql-ws with errors on that subscription, not a closed socket", async () => {
    for (const [query, code] of [
      ["subscription { runEvents(runId: ", "GRAPHQL_PARSE_FAILED"],
      ["subscription { secretSauce }", "GRAPHQL_VALIDATION_FAILED"],
    ] as const) {
      const subscription = subscribe(server.wsUrl, TEST_ADMIN_TOKEN, query);
      const failure = await subscription.next(10_000).then(
        () => undefined,
        (error: unknown) => error,
      );
      await subscription.close();
      expect(failure, query).toBeInstanceOf(SubscriptionGraphQLErrors);
      expect((failure as SubscriptionGraphQLErrors).errors.map((error) => error.extensions?.code), query).toEqual([code]);
      expectNoInsides(JSON.stringify((failure as SubscriptionGraphQLErrors).errors), query);
    }
  });

  it("refuses a body it cannot read with 415, not a 500", async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      // With the CSRF header: without it the server refuses a text/plain body before reading it (403).
      headers: { "content-type": "text/plain", authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "x-graphql-yoga-csrf": "1" },
      body: "{ __typename }",
    });
    expect(response.status).toBe(415);
    expectNoInsides(await response.text(), "text/plain body");
  });

  it("answers node(id:) of a row that does not exist with null", async () => {
    const { node } = await gqlData<{ node: unknown }>(server.url, TEST_ADMIN_TOKEN, `{ node(id: "${encodeGlobalID("Run", "00000000-0000-0000-0000-000000000000")}") { id } }`);
    expect(node).toBeNull();
  });

  // Last in this file: it drops the server's database under it.
  it("masks an internal failure (its database vanished) as INTERNAL, and logs it", async () => {
    const answerBefore = await gql(server.url, TEST_ADMIN_TOKEN, "{ companies(first: 1) { edges { node { id } } } }");
    expect(answerBefore.errors).toBeUndefined();

    const databaseName = new URL(db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: db.url.replace(`/${databaseName}`, "/postgres") });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE ${databaseName} WITH (FORCE)`);
    } finally {
      await admin.end();
    }

    const answer = await post(JSON.stringify({ query: `mutation { createCompany(input: { name: "doomed" }) { id } }` }));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([["INTERNAL", "Internal server error"]]);
    expectNoInsides(answer.text, "internal error");
    expect(answer.text).not.toContain(databaseName);
    expect(answer.text).not.toContain(TEST_ADMIN_TOKEN);

    // The operator sees what happened in the log.
    expect(server.output()).toContain("internal error:");
    // The replica itself is still up.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
