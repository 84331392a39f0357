// Bearer tokens: who may call at all (UNAUTHENTICATED), and what each token may touch: operators stay
// inside their company, agents inside their own runs, only the admin creates companies. A row a token
// may not see is answered exactly as a missing one (null from node/run, NOT_FOUND from the rest, the
// same message), so other tenants' ids cannot be probed; FORBIDDEN is for a row it can see but may not
// change. Tokens are stored hashed. graphql-ws refuses a bad token at connection time (4403).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { connect } from "node:net";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import {
  gql,
  gqlData,
  operationText,
  subscribe,
  SubscriptionClosedError,
  SubscriptionGraphQLErrors,
  type GqlResponse,
} from "./support/graphql-client.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

const CreateCompany = graphql(`
  mutation AuthCreateCompany($name: String!) {
    createCompany(input: { name: $name }) {
      id
      name
    }
  }
`);

const CreateOperatorToken = graphql(`
  mutation AuthCreateOperatorToken($companyId: ID!, $name: String!) {
    createOperatorToken(input: { companyId: $companyId, name: $name }) {
      token
      apiToken {
        id
        kind
      }
    }
  }
`);

const RevokeApiToken = graphql(`
  mutation AuthRevokeApiToken($id: ID!) {
    revokeApiToken(input: { id: $id }) {
      id
      revokedAt
    }
  }
`);

const CreateAgent = graphql(`
  mutation AuthCreateAgent($companyId: ID!, $name: String!) {
    createAgent(input: { companyId: $companyId, name: $name }) {
      token
      agent {
        id
      }
    }
  }
`);

const CreateIssue = graphql(`
  mutation AuthCreateIssue($companyId: ID!, $title: String!) {
    createIssue(input: { companyId: $companyId, title: $title }) {
      id
      title
    }
  }
`);

const UpdateIssueTitle = graphql(`
  mutation AuthUpdateIssueTitle($id: ID!, $title: String!) {
    updateIssue(input: { id: $id, title: $title }) {
      id
      title
    }
  }
`);

const CreateEnvironment = graphql(`
  mutation AuthCreateEnvironment($companyId: ID!, $name: String!) {
    createEnvironment(input: { companyId: $companyId, name: $name, providerKey: "local", capacity: 5 }) {
      id
    }
  }
`);

const StartRun = graphql(`
  mutation AuthStartRun($agentId: ID!, $issueId: ID!, $environmentId: ID!) {
    startRun(input: { agentId: $agentId, issueId: $issueId, environmentId: $environmentId }) {
      id
      status
    }
  }
`);

const ClaimRun = graphql(`
  mutation AuthClaimRun($runId: ID!) {
    claimRun(input: { runId: $runId, runnerId: "auth-test", pid: 4242 }) {
      run {
        id
        status
      }
    }
  }
`);

const Heartbeat = graphql(`
  mutation AuthHeartbeat($runId: ID!) {
    heartbeat(input: { runId: $runId, pid: 4242 }) {
      cancelRequested
    }
  }
`);

const SetRuntimeState = graphql(`
  mutation AuthSetRuntimeState($runId: ID!) {
    setRuntimeState(input: { runId: $runId, key: "k", value: 1 }) {
      version
    }
  }
`);

const CancelRun = graphql(`
  mutation AuthCancelRun($runId: ID!) {
    cancelRun(input: { runId: $runId }) {
      id
      status
    }
  }
`);

const Companies = graphql(`
  query AuthCompanies {
    companies(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const Node = graphql(`
  query AuthNode($id: ID!) {
    node(id: $id) {
      __typename
      id
    }
  }
`);

const RunById = graphql(`
  query AuthRun($id: ID!) {
    run(id: $id) {
      id
      status
    }
  }
`);

const Runs = graphql(`
  query AuthRuns($companyId: ID!) {
    runs(companyId: $companyId, first: 50) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const Issues = graphql(`
  query AuthIssues($companyId: ID!) {
    issues(companyId: $companyId, first: 50) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const RunEvents = graphql(`
  subscription AuthRunEvents($runId: ID!) {
    runEvents(runId: $runId) {
      kind
      status
    }
  }
`);

const IssueWithRuns = graphql(`
  query AuthIssueWithRuns($id: ID!) {
    node(id: $id) {
      ... on Issue {
        title
        runs(first: 10) {
          edges {
            node {
              id
              status
            }
          }
        }
      }
    }
  }
`);

interface Company {
  id: string;
  operatorToken: string;
  operatorTokenId: string;
}

let db: TestDatabase;
let server: TestServer;
let url: string;
let companyA: Company;
let companyB: Company;
let issueA: string;
let environmentA: string;
let agentA1: { id: string; token: string };
let agentA2: { id: string; token: string };
let runA1: string;
let runA2: string;
let issueB: string;
let runB: string;

/** A response with every uuid (and the global ids made of them) replaced: what tells two answers apart besides the id asked for. */
function withoutIds(response: GqlResponse<unknown>): string {
  return JSON.stringify(response)
    .replace(/[A-Za-z0-9+/]{40,}={0,2}/g, (text) => (/^[A-Za-z]+:[0-9a-f-]{36}$/.test(Buffer.from(text, "base64").toString("utf8")) ? "<id>" : text))
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>");
}

/** A global id of `globalId`'s type for a row that does not exist. */
function missingLike(globalId: string): string {
  return encodeGlobalID(decodeGlobalID(globalId).typename, randomUUID());
}

/** The error codes of a response, in order. */
function codes(response: GqlResponse<unknown>): Array<string | undefined> {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

async function createCompany(name: string): Promise<Company> {
  const { createCompany } = await gqlData(url, TEST_ADMIN_TOKEN, CreateCompany, { name });
  const { createOperatorToken } = await gqlData(url, TEST_ADMIN_TOKEN, CreateOperatorToken, { companyId: createCompany.id, name: `${name} ops` });
  expect(createOperatorToken.apiToken.kind).toBe("OPERATOR");
  return { id: createCompany.id, operatorToken: createOperatorToken.token, operatorTokenId: createOperatorToken.apiToken.id };
}

/** POST /graphql with exactly this Authorization header (or none). */
async function withAuthorizationHeader(authorization: string | undefined, query: string): Promise<{ status: number; body: GqlResponse<unknown> }> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json" };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as GqlResponse<unknown> };
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url, redisUrl: null });
  url = server.url;

  companyA = await createCompany("auth A");
  companyB = await createCompany("auth B");
  issueA = (await gqlData(url, companyA.operatorToken, CreateIssue, { companyId: companyA.id, title: "A's issue" })).createIssue.id;
  environmentA = (await gqlData(url, companyA.operatorToken, CreateEnvironment, { companyId: companyA.id, name: "A env" })).createEnvironment.id;
  const a1 = (await gqlData(url, companyA.operatorToken, CreateAgent, { companyId: companyA.id, name: "a1" })).createAgent;
  const a2 = (await gqlData(url, companyA.operatorToken, CreateAgent, { companyId: companyA.id, name: "a2" })).createAgent;
  agentA1 = { id: a1.agent.id, token: a1.token };
  agentA2 = { id: a2.agent.id, token: a2.token };
  runA1 = (await gqlData(url, companyA.operatorToken, StartRun, { agentId: agentA1.id, issueId: issueA, environmentId: environmentA })).startRun.id;
  runA2 = (await gqlData(url, companyA.operatorToken, StartRun, { agentId: agentA2.id, issueId: issueA, environmentId: environmentA })).startRun.id;

  issueB = (await gqlData(url, companyB.operatorToken, CreateIssue, { companyId: companyB.id, title: "B's issue" })).createIssue.id;
  const environmentB = (await gqlData(url, companyB.operatorToken, CreateEnvironment, { companyId: companyB.id, name: "B env" })).createEnvironment.id;
  const b1 = (await gqlData(url, companyB.operatorToken, CreateAgent, { companyId: companyB.id, name: "b1" })).createAgent;
  runB = (await gqlData(url, companyB.operatorToken, StartRun, { agentId: b1.agent.id, issueId: issueB, environmentId: environmentB })).startRun.id;
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe("without valid credentials", () => {
  it("refuses a request with no token as UNAUTHENTICATED, queries and mutations alike", async () => {
    const query = await gql(url, null, Companies);
    expect(codes(query)).toEqual(["UNAUTHENTICATED"]);
    expect(query.data?.companies ?? null).toBeNull();

    const mutation = await gql(url, null, CreateCompany, { name: "nobody's" });
    expect(codes(mutation)).toEqual(["UNAUTHENTICATED"]);
    expect(mutation.data?.createCompany ?? null).toBeNull();
  });

  it("refuses a malformed Authorization header as UNAUTHENTICATED", async () => {
    const query = "{ companies(first: 1) { edges { node { id } } } }";
    for (const header of [`Token ${TEST_ADMIN_TOKEN}`, "Bearer", `Bearer ${TEST_ADMIN_TOKEN} extra`, TEST_ADMIN_TOKEN, "Basic dXNlcjpwYXNz"]) {
      const { status, body } = await withAuthorizationHeader(header, query);
      expect(status, header).toBeLessThan(500);
      expect(codes(body), header).toEqual(["UNAUTHENTICATED"]);
    }
    // The same query with a well-formed header is fine: the refusals above are about the header.
    const { body } = await withAuthorizationHeader(`Bearer ${TEST_ADMIN_TOKEN}`, query);
    expect(body.errors).toBeUndefined();
  });

  it("refuses an unknown token, and one of impossible length, as UNAUTHENTICATED", async () => {
    for (const token of [`ry_op_${randomBytes(24).toString("base64url")}`, "short", "x".repeat(2000)]) {
      const response = await gql(url, token, Companies);
      expect(codes(response), token.slice(0, 20)).toEqual(["UNAUTHENTICATED"]);
    }
  });

  it("answers any document with 401 UNAUTHENTICATED when the header names no valid token: { __typename } and introspection too", async () => {
    const unknown = `Bearer ry_op_${randomBytes(24).toString("base64url")}`;
    for (const header of [unknown, `Token ${TEST_ADMIN_TOKEN}`, "Bearer short"]) {
      for (const query of ["{ __typename }", "{ __schema { queryType { name } } }", operationText(Companies)]) {
        const { status, body } = await withAuthorizationHeader(header, query);
        expect([status, codes(body)], `${header.slice(0, 20)}: ${query}`).toEqual([401, ["UNAUTHENTICATED"]]);
        expect(body.data ?? null).toBeNull();
      }
    }
  });

  it("lets an anonymous request have GraphiQL's page, and nothing else: { __typename } and introspection are 401", async () => {
    const page = await fetch(`${url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/graphiql/i);
    for (const query of ["{ __typename }", "{ __schema { queryType { name } } }"]) {
      const { status, body } = await withAuthorizationHeader(undefined, query);
      expect([status, codes(body)], query).toEqual([401, ["UNAUTHENTICATED"]]);
    }
    // The same documents with a valid token are answered.
    const { status, body } = await withAuthorizationHeader(`Bearer ${TEST_ADMIN_TOKEN}`, "{ __typename __schema { queryType { name } } }");
    expect([status, body]).toEqual([200, { data: { __typename: "Query", __schema: { queryType: { name: "Query" } } } }]);
  });

  /** One raw HTTP/1.1 exchange (fetch would normalise the target first): the whole answer as text. */
  const exchange = (head: string, body = "{}") =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(url).port), "127.0.0.1", () =>
        socket.end(`${head}\r\nContent-Length: ${body.length}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`),
      );
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
  const host = () => `Host: 127.0.0.1:${new URL(url).port}`;

  it("serves GraphQL at exactly /graphql: other spellings yoga would route there are 404, not a way past the token check", async () => {
    const introspection = JSON.stringify({ query: "{ __schema { queryType { name } } }" });
    for (const path of ["/graphql/", "//graphql", "/./graphql", "/x/../graphql", "/GRAPHQL"]) {
      const answer = await exchange(`POST ${path} HTTP/1.1\r\n${host()}`, introspection);
      expect(answer.split("\r\n")[0], path).toBe("HTTP/1.1 404 Not Found");
      expect(answer, path).not.toContain("queryType");
    }
  });

  it("answers a request target or Host that is not a URL with 400, and no stack", async () => {
    for (const head of [
      `POST ${url}/graphql HTTP/1.1\r\n${host()}`,
      `POST * HTTP/1.1\r\n${host()}`,
      `POST /graphql HTTP/1.1\r\nHost: [zz\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}`,
    ]) {
      const answer = await exchange(head);
      expect(answer.split("\r\n")[0], head).toBe("HTTP/1.1 400 Bad Request");
      expect(answer, head).not.toMatch(/node_modules|\.ts:|\.js:|at /);
    }
  });

  it("refuses a revoked operator token from the moment it is revoked", async () => {
    const { createOperatorToken } = await gqlData(url, TEST_ADMIN_TOKEN, CreateOperatorToken, { companyId: companyA.id, name: "to revoke" });
    const token = createOperatorToken.token;
    expect((await gqlData(url, token, Issues, { companyId: companyA.id })).issues.edges.map((e) => e.node.id)).toEqual([issueA]);

    // Revoked by another operator of the same company.
    const { revokeApiToken } = await gqlData(url, companyA.operatorToken, RevokeApiToken, { id: createOperatorToken.apiToken.id });
    expect(revokeApiToken.revokedAt).not.toBeNull();

    expect(codes(await gql(url, token, Issues, { companyId: companyA.id }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await gql(url, token, CreateIssue, { companyId: companyA.id, title: "after revoke" }))).toEqual(["UNAUTHENTICATED"]);
    // The other operator token of A still works.
    expect((await gql(url, companyA.operatorToken, Issues, { companyId: companyA.id })).errors).toBeUndefined();
  });

  it("refuses a revoked agent token", async () => {
    const created = (await gqlData(url, companyA.operatorToken, CreateAgent, { companyId: companyA.id, name: "revoked agent" })).createAgent;
    const run = (await gqlData(url, companyA.operatorToken, StartRun, { agentId: created.agent.id, issueId: issueA, environmentId: environmentA })).startRun.id;
    expect((await gqlData(url, created.token, RunById, { id: run })).run?.id).toBe(run);

    // Its token id is not returned by createAgent; the database row is the agent's only token.
    const tokenId = await onDatabase((client) =>
      client.query<{ id: string }>(`SELECT id FROM "ApiToken" WHERE "agentId" = $1`, [globalIdToUuid(created.agent.id)]),
    );
    expect(tokenId.rows).toHaveLength(1);
    await gqlData(url, companyA.operatorToken, RevokeApiToken, { id: encodeGlobalID("ApiToken", tokenId.rows[0]!.id) });

    expect(codes(await gql(url, created.token, RunById, { id: run }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await gql(url, created.token, CancelRun, { runId: run }))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("another company's operator token", () => {
  it("sees only its own company in `companies`", async () => {
    const { companies } = await gqlData(url, companyB.operatorToken, Companies);
    expect(companies.edges.map((edge) => edge.node.id)).toEqual([companyB.id]);
  });

  it("cannot read company A's rows: node(id:) and nodes(ids:) of A's rows are null, as for ids that do not exist", async () => {
    const foreign = [runA1, issueA, companyA.id, environmentA, agentA1.id, companyA.operatorTokenId];
    for (const id of foreign) {
      const response = await gql(url, companyB.operatorToken, Node, { id });
      expect(response, id).toEqual({ data: { node: null } });
      expect(await gql(url, companyB.operatorToken, Node, { id: missingLike(id) }), id).toEqual(response);
    }
    const nodes = await gql(url, companyB.operatorToken, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [...foreign, runB] });
    expect(nodes).toEqual({ data: { nodes: [...foreign.map(() => null), { id: runB }] } });
    // Its own rows it can read.
    for (const id of [runB, issueB, companyB.id]) {
      expect((await gqlData(url, companyB.operatorToken, Node, { id })).node?.id).toBe(id);
    }
  });

  it("cannot list A's runs or issues, or read one of A's runs by id: answered as for a company or run that does not exist", async () => {
    const runs = await gql(url, companyB.operatorToken, Runs, { companyId: companyA.id });
    expect(codes(runs)).toEqual(["NOT_FOUND"]);
    expect(runs.data?.runs ?? null).toBeNull();
    expect(withoutIds(await gql(url, companyB.operatorToken, Runs, { companyId: missingLike(companyA.id) }))).toBe(withoutIds(runs));

    const issues = await gql(url, companyB.operatorToken, Issues, { companyId: companyA.id });
    expect(codes(issues)).toEqual(["NOT_FOUND"]);
    expect(withoutIds(await gql(url, companyB.operatorToken, Issues, { companyId: missingLike(companyA.id) }))).toBe(withoutIds(issues));

    const run = await gql(url, companyB.operatorToken, RunById, { id: runA1 });
    expect(run).toEqual({ data: { run: null } });
    expect(await gql(url, companyB.operatorToken, RunById, { id: missingLike(runA1) })).toEqual(run);
  });

  it("cannot mutate A's rows: NOT_FOUND, answered exactly as for ids that do not exist; A's rows are unchanged", async () => {
    // Each attempt with A's ids, and with ids of the same types that do not exist.
    const attempts: Array<(id: (globalId: string) => string) => Promise<GqlResponse<unknown>>> = [
      (id) => gql(url, companyB.operatorToken, CreateIssue, { companyId: id(companyA.id), title: "planted by B" }),
      (id) => gql(url, companyB.operatorToken, UpdateIssueTitle, { id: id(issueA), title: "renamed by B" }),
      (id) => gql(url, companyB.operatorToken, CreateAgent, { companyId: id(companyA.id), name: "B's spy" }),
      (id) => gql(url, companyB.operatorToken, CreateEnvironment, { companyId: id(companyA.id), name: "B's env" }),
      (id) => gql(url, companyB.operatorToken, CreateOperatorToken, { companyId: id(companyA.id), name: "B's key to A" }),
      (id) => gql(url, companyB.operatorToken, RevokeApiToken, { id: id(companyA.operatorTokenId) }),
      (id) => gql(url, companyB.operatorToken, StartRun, { agentId: id(agentA1.id), issueId: id(issueA), environmentId: id(environmentA) }),
      (id) => gql(url, companyB.operatorToken, CancelRun, { runId: id(runA1) }),
      (id) => gql(url, companyB.operatorToken, SetRuntimeState, { runId: id(runA1) }),
      (id) => gql(url, companyB.operatorToken, ClaimRun, { runId: id(runA1) }),
      (id) => gql(url, companyB.operatorToken, Heartbeat, { runId: id(runA1) }),
    ];
    for (const [i, attempt] of attempts.entries()) {
      const foreign = await attempt((globalId) => globalId);
      expect(codes(foreign), `attempt ${i}`).toEqual(["NOT_FOUND"]);
      expect(withoutIds(await attempt(missingLike)), `attempt ${i}`).toBe(withoutIds(foreign));
    }

    // Nothing changed in A: same title, same two runs still QUEUED, A's operator token still works.
    const issue = await gqlData(url, companyA.operatorToken, IssueWithRuns, { id: issueA });
    const node = issue.node as { title: string; runs: { edges: Array<{ node: { id: string; status: string } }> } };
    expect(node.title).toBe("A's issue");
    const statuses = new Map(node.runs.edges.map((edge) => [edge.node.id, edge.node.status]));
    expect(statuses.get(runA1)).toBe("QUEUED");
    expect(statuses.get(runA2)).toBe("QUEUED");
    const rows = await onDatabase((client) =>
      client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Issue" WHERE "companyId" = $1`, [globalIdToUuid(companyA.id)]),
    );
    expect(rows.rows[0]!.n).toBe(1);
  });
});

describe("agent tokens", () => {
  it("act on their own run; another agent's run is answered as a missing one, starting runs for another agent is FORBIDDEN", async () => {
    // Reading: its own run yes, its sibling's no (null, as for a run that does not exist).
    expect((await gqlData(url, agentA1.token, RunById, { id: runA1 })).run?.id).toBe(runA1);
    expect(await gql(url, agentA1.token, RunById, { id: runA2 })).toEqual({ data: { run: null } });
    expect(await gql(url, agentA1.token, Node, { id: runA2 })).toEqual({ data: { node: null } });

    // Listing the company's runs shows only its own.
    const { runs } = await gqlData(url, agentA1.token, Runs, { companyId: companyA.id });
    expect(runs.edges.map((edge) => edge.node.id)).toEqual([runA1]);

    // Acting on the sibling's run: as on a run that does not exist.
    for (const [name, attempt] of [
      ["claimRun", (runId: string) => gql(url, agentA1.token, ClaimRun, { runId })],
      ["heartbeat", (runId: string) => gql(url, agentA1.token, Heartbeat, { runId })],
      ["setRuntimeState", (runId: string) => gql(url, agentA1.token, SetRuntimeState, { runId })],
      ["cancelRun", (runId: string) => gql(url, agentA1.token, CancelRun, { runId })],
    ] as const) {
      const sibling = await attempt(runA2);
      expect(codes(sibling), name).toEqual(["NOT_FOUND"]);
      expect(withoutIds(await attempt(missingLike(runA2))), name).toBe(withoutIds(sibling));
    }
    // The sibling agent it can see: starting runs for it is a permission it lacks.
    const start = await gql(url, agentA1.token, StartRun, { agentId: agentA2.id, issueId: issueA, environmentId: environmentA });
    expect(codes(start)).toEqual(["FORBIDDEN"]);
    // The sibling's run is untouched.
    expect((await gqlData(url, agentA2.token, RunById, { id: runA2 })).run?.status).toBe("QUEUED");

    // And another company's run is out of reach too.
    expect(codes(await gql(url, agentA1.token, CancelRun, { runId: runB }))).toEqual(["NOT_FOUND"]);
  });

  it("get FORBIDDEN on a sibling's lease, which they can see; another company's lease is answered as a missing one", async () => {
    const acquire = `mutation ($environmentId: ID!, $runId: ID!) { acquireLease(input: { environmentId: $environmentId, runId: $runId, ttlSeconds: 60 }) { id fencingToken } }`;
    const release = `mutation ($leaseId: ID!, $fencingToken: Int!) { releaseLease(input: { leaseId: $leaseId, fencingToken: $fencingToken }) { status } }`;
    const renew = `mutation ($leaseId: ID!, $fencingToken: Int!) { renewLease(input: { leaseId: $leaseId, fencingToken: $fencingToken, ttlSeconds: 60 }) { status } }`;
    const { acquireLease: lease } = await gqlData<{ acquireLease: { id: string; fencingToken: number } }>(url, agentA2.token, acquire, { environmentId: environmentA, runId: runA2 });
    for (const mutation of [release, renew]) {
      expect(codes(await gql(url, agentA1.token, mutation, { leaseId: lease.id, fencingToken: lease.fencingToken }))).toEqual(["FORBIDDEN"]);
      const foreign = await gql(url, companyB.operatorToken, mutation, { leaseId: lease.id, fencingToken: lease.fencingToken });
      expect(codes(foreign)).toEqual(["NOT_FOUND"]);
      expect(withoutIds(await gql(url, companyB.operatorToken, mutation, { leaseId: missingLike(lease.id), fencingToken: lease.fencingToken }))).toBe(withoutIds(foreign));
    }
    expect((await gqlData<{ releaseLease: { status: string } }>(url, agentA2.token, release, { leaseId: lease.id, fencingToken: lease.fencingToken })).releaseLease.status).toBe("RELEASED");
  });

  it("get FORBIDDEN for an operator's mutation on their own company's rows, which they can see", async () => {
    for (const [name, response] of [
      ["updateIssue", await gql(url, agentA1.token, UpdateIssueTitle, { id: issueA, title: "renamed by an agent" })],
      ["createIssue", await gql(url, agentA1.token, CreateIssue, { companyId: companyA.id, title: "planted by an agent" })],
      ["createAgent", await gql(url, agentA1.token, CreateAgent, { companyId: companyA.id, name: "an agent's agent" })],
    ] as const) {
      expect(codes(response), name).toEqual(["FORBIDDEN"]);
    }
    // Another company's rows it cannot see: as if they did not exist.
    expect(codes(await gql(url, agentA1.token, UpdateIssueTitle, { id: issueB, title: "renamed by A's agent" }))).toEqual(["NOT_FOUND"]);
    expect(codes(await gql(url, agentA1.token, CreateIssue, { companyId: companyB.id, title: "planted by A's agent" }))).toEqual(["NOT_FOUND"]);
  });

  it("cannot create companies, nor can operators: createCompany is admin-only", async () => {
    for (const token of [companyA.operatorToken, agentA1.token]) {
      const response = await gql(url, token, CreateCompany, { name: "not allowed" });
      expect(codes(response)).toEqual(["FORBIDDEN"]);
      expect(response.data?.createCompany ?? null).toBeNull();
    }
    const rows = await onDatabase((client) => client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Company" WHERE name = 'not allowed'`));
    expect(rows.rows[0]!.n).toBe(0);
  });
});

describe("graphql-ws", () => {
  it("refuses a connection with a bad, missing or revoked token: the server closes it with 4403", async () => {
    const { createOperatorToken } = await gqlData(url, TEST_ADMIN_TOKEN, CreateOperatorToken, { companyId: companyA.id, name: "ws revoked" });
    await gqlData(url, TEST_ADMIN_TOKEN, RevokeApiToken, { id: createOperatorToken.apiToken.id });

    for (const token of [`ry_op_${randomBytes(24).toString("base64url")}`, null, createOperatorToken.token]) {
      const subscription = subscribe(server.wsUrl, token, RunEvents, { runId: runA1 });
      const refusal = await subscription.ready.then(
        () => undefined,
        (error: unknown) => error,
      );
      await subscription.close();
      expect(refusal, String(token)).toBeInstanceOf(SubscriptionClosedError);
      expect((refusal as SubscriptionClosedError).closeCode, String(token)).toBe(4403);
    }
  });

  it("lets a good token connect but refuses a subscription to another company's run as to a missing run (NOT_FOUND)", async () => {
    const foreign = subscribe(server.wsUrl, companyB.operatorToken, RunEvents, { runId: runA1 });
    const rejection = await foreign.next(10_000).then(
      () => undefined,
      (error: unknown) => error,
    );
    await foreign.close();
    expect(rejection).toBeInstanceOf(SubscriptionGraphQLErrors);
    expect((rejection as SubscriptionGraphQLErrors).errors.map((error) => error.extensions?.code)).toEqual(["NOT_FOUND"]);

    // The owner's operator gets the events of that run.
    const own = subscribe(server.wsUrl, companyA.operatorToken, RunEvents, { runId: runA1 });
    try {
      await own.ready;
      await gqlData(url, companyA.operatorToken, CancelRun, { runId: runA1 });
      expect(await own.next()).toMatchObject({ runEvents: { kind: "STATUS_CHANGED", status: "CANCELLED" } });
    } finally {
      await own.close();
    }
  });
});

describe("subscriptions to another company's rows", () => {
  /** The errors a subscription is refused with (it must be refused). */
  async function refusalOf(query: string, variables: Record<string, unknown>): Promise<GqlResponse<unknown>> {
    const subscription = subscribe(server.wsUrl, companyB.operatorToken, query, variables);
    const rejection = await subscription.next(10_000).then(
      () => undefined,
      (error: unknown) => error,
    );
    await subscription.close();
    expect(rejection).toBeInstanceOf(SubscriptionGraphQLErrors);
    return { errors: (rejection as SubscriptionGraphQLErrors).errors };
  }

  it("are refused as subscriptions to rows that do not exist (NOT_FOUND, the same message)", async () => {
    const workspaceA = (await gqlData<{ node: { workspace: { id: string } } }>(url, companyA.operatorToken, `query ($id: ID!) { node(id: $id) { ... on Issue { workspace { id } } } }`, { id: issueA })).node.workspace.id;
    for (const [query, name, id] of [
      [`subscription ($id: ID!) { runEvents(runId: $id) { kind } }`, "runEvents(runId)", runA1],
      [`subscription ($id: ID!) { runEvents(agentId: $id) { kind } }`, "runEvents(agentId)", agentA1.id],
      [`subscription ($id: ID!) { leaseEvents(environmentId: $id) { kind } }`, "leaseEvents", environmentA],
      [`subscription ($id: ID!) { workspaceChanged(issueId: $id) { id } }`, "workspaceChanged(issueId)", issueA],
      [`subscription ($id: ID!) { workspaceChanged(workspaceId: $id) { id } }`, "workspaceChanged(workspaceId)", workspaceA],
    ] as const) {
      const foreign = await refusalOf(query, { id });
      expect(codes(foreign), name).toEqual(["NOT_FOUND"]);
      expect(withoutIds(await refusalOf(query, { id: missingLike(id) })), name).toBe(withoutIds(foreign));
    }
  });
});

describe("tokens at rest", () => {
  it("stores only SHA-256 hashes: no ApiToken row holds a token in the clear", async () => {
    const tokens = [TEST_ADMIN_TOKEN, companyA.operatorToken, companyB.operatorToken, agentA1.token, agentA2.token];
    const { rows } = await onDatabase((client) => client.query<{ tokenHash: string; kind: string }>(`SELECT "tokenHash", kind FROM "ApiToken"`));
    const hashes = new Set(rows.map((row) => row.tokenHash));
    for (const token of tokens) {
      expect(hashes.has(token)).toBe(false);
      for (const hash of hashes) expect(hash.includes(token)).toBe(false);
      expect(hashes.has(createHash("sha256").update(token).digest("hex"))).toBe(true);
    }
    // Every row is a hash: 64 hex digits.
    for (const row of rows) expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

async function onDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function globalIdToUuid(globalId: string): string {
  return decodeGlobalID(globalId).id;
}
