// The dashboard's server side, without a browser: GET / and the build's assets (content types,
// caching, nothing outside the build reachable), the page a missing build answers, the viewer
// query for each kind of token, and every document the pages send answered within the query limits.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgentsPageDocument,
  DashboardCompanyEventsDocument,
  EnvironmentsPageDocument,
  ProvidersPageDocument,
  QueueReasonsDocument,
  RunFiltersDocument,
  RunLogTailDocument,
  RunPageDocument,
  RunsPageDocument,
  SignInViewerDocument,
} from "../dashboard/src/gql/graphql.js";
import { DASHBOARD_DIST, dashboardHandler } from "../server/dashboard.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { graphql } from "./gql/index.js";
import { claimRun, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { gql, gqlData, subscribe } from "./support/graphql-client.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

const Viewer = graphql(`
  query DashboardServerViewer { viewer { kind agent { id name } companies(first: 10) { totalCount edges { node { id name } } } } }
`);
const CreateOperatorToken = graphql(`
  mutation DashboardServerOperatorToken($input: CreateOperatorTokenInput!) { createOperatorToken(input: $input) { token } }
`);

let db: TestDatabase;
let server: TestServer;
let companyId: string;
let otherCompanyId: string;
let agent: Agent;
let operatorToken: string;
let runId: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with its path exactly as given (fetch would normalise `..` and `%2e`). */
function raw(base: string, method: string, target: string): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path: target }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url });
  const seed = await seedCompany(server.url, { company: "served", agents: ["worker"], issue: "page", environment: { capacity: 2 } });
  companyId = seed.companyId;
  [agent] = seed.agents as [Agent];
  otherCompanyId = (await seedCompany(server.url, { company: "elsewhere", agents: [] })).companyId;
  operatorToken = (await gqlData(server.url, TEST_ADMIN_TOKEN, CreateOperatorToken, { input: { companyId, name: "ops" } })).createOperatorToken.token;
  runId = (await startRun(server.url, agent, seed)).id;
  await claimRun(server.url, agent.token, runId, { runnerId: "served", pid: 7 });
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe("GET / and the build's assets", () => {
  it("serves the page uncached with its content type and CSP, and its hashed assets as immutable", async () => {
    const page = await raw(server.url, "GET", "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect(page.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(page.body).toContain('<div id="root">');
    const assets = [...page.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
    for (const asset of assets) {
      const answer = await raw(server.url, "GET", asset);
      expect(answer.status, asset).toBe(200);
      expect(answer.headers["content-type"], asset).toBe(asset.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
      expect(answer.headers["cache-control"], asset).toBe("public, max-age=31536000, immutable");
    }
    expect((await raw(server.url, "GET", "/index.html")).status).toBe(200);
    const head = await raw(server.url, "HEAD", "/");
    expect([head.status, head.body]).toEqual([200, ""]);
  });

  it("answers 404 for anything else: unknown files, directories, other methods, and nothing outside the build", async () => {
    const built = await readdir(path.join(DASHBOARD_DIST, "assets"));
    expect(built.length).toBeGreaterThan(0);
    for (const target of [
      "/nope",
      "/nope.js",
      "/assets",
      "/assets/",
      "/assets/nope.js",
      "/package.json",
      "/assets/../../../package.json",
      "/../../package.json",
      "/assets/../../index.html",
      "/%2e%2e/package.json",
      "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
      "/assets/..%2f..%2fpackage.json",
      "/.gitignore",
      "/server/app.ts",
      "/dashboard/dist/index.html",
      `/assets//${built[0]}`,
      "/assets\\..\\..\\package.json",
    ]) {
      const answer = await raw(server.url, "GET", target);
      expect(answer.status, target).toBe(404);
      expect(answer.body, target).not.toContain('"name": "runyard"');
    }
    expect((await raw(server.url, "POST", "/")).status).toBe(404);
    expect((await raw(server.url, "DELETE", `/assets/${built[0]}`)).status).toBe(404);
  });

  it("without a build, / says how to make one (503, plain text) and assets are 404", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "runyard-no-dashboard-"));
    const serve = dashboardHandler(empty);
    const plain: Server = createServer((req, res) => {
      void serve(req, res, req.url!).then((answered) => answered || res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(plain.address() as { port: number }).port}`;
      const page = await raw(base, "GET", "/");
      expect(page.status).toBe(503);
      expect(page.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(page.body).toContain("npm run build:dashboard");
      expect((await raw(base, "GET", "/assets/index-abc.js")).status).toBe(404);
    } finally {
      await new Promise((resolve) => plain.close(resolve));
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe("viewer", () => {
  it("the admin token: kind ADMIN, no agent, every company", async () => {
    const { viewer } = await gqlData(server.url, TEST_ADMIN_TOKEN, Viewer);
    expect(viewer.kind).toBe("ADMIN");
    expect(viewer.agent).toBeNull();
    expect(viewer.companies.totalCount).toBe(2);
    expect(viewer.companies.edges.map((e) => e.node.id)).toEqual([companyId, otherCompanyId]);
  });

  it("an operator token: kind OPERATOR, its own company only", async () => {
    const { viewer } = await gqlData(server.url, operatorToken, Viewer);
    expect(viewer).toEqual({ kind: "OPERATOR", agent: null, companies: { totalCount: 1, edges: [{ node: { id: companyId, name: "served" } }] } });
  });

  it("an agent token: kind AGENT, its agent, its company", async () => {
    const { viewer } = await gqlData(server.url, agent.token, Viewer);
    expect(viewer).toEqual({ kind: "AGENT", agent: { id: agent.id, name: "worker" }, companies: { totalCount: 1, edges: [{ node: { id: companyId, name: "served" } }] } });
  });

  it("no token or a bad one: 401 UNAUTHENTICATED", async () => {
    for (const token of [null, "ry_op_not-a-real-token-at-all"]) {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: "{ viewer { kind } }" }),
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
    }
  });
});

describe("Run.events(kinds:)", () => {
  it("keeps the kinds asked for: a timeline without the heartbeats, the latest with last", async () => {
    for (let i = 0; i < 3; i++) await gqlData(server.url, agent.token, `mutation($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }`, { input: { runId, pid: 7 } });
    type Events = { run: { all: { edges: Array<{ node: { kind: string } }> }; changes: { totalCount: number; edges: Array<{ node: { kind: string; status: string } }> }; latest: { edges: Array<{ node: { status: string } }> } } };
    const { run } = await gqlData<Events>(
      server.url,
      operatorToken,
      `query($id: ID!) { run(id: $id) {
        all: events(first: 100) { edges { node { kind } } }
        changes: events(kinds: [STATUS_CHANGED, WAKE_MERGED], first: 100) { totalCount edges { node { kind status } } }
        latest: events(kinds: [STATUS_CHANGED], last: 1) { edges { node { status } } }
      } }`,
      { id: runId },
    );
    // History keeps the heartbeats that say something new (the run's first, here), not every beat.
    expect(run.all.edges.filter((e) => e.node.kind === "HEARTBEAT").length).toBeGreaterThanOrEqual(1);
    expect(run.changes.edges.map((e) => `${e.node.kind} ${e.node.status}`)).toEqual(["STATUS_CHANGED QUEUED", "STATUS_CHANGED RUNNING"]);
    expect(run.changes.totalCount).toBe(2);
    expect(run.latest.edges.map((e) => e.node.status)).toEqual(["RUNNING"]);
  });
});

describe("the pages' documents", () => {
  it("every query a page sends is answered without errors (within the query limits), for an operator and an agent", async () => {
    const queries = [
      [SignInViewerDocument, {}],
      [RunsPageDocument, { companyId, first: 50, after: null, status: null, agentId: null }],
      [RunsPageDocument, { companyId, first: 50, after: null, status: "RUNNING", agentId: agent.id }],
      [RunFiltersDocument, { companyId }],
      [QueueReasonsDocument, { companyId, agentId: null }],
      [RunPageDocument, { id: runId }],
      [RunLogTailDocument, { id: runId, last: 200 }],
      [AgentsPageDocument, { companyId }],
      [EnvironmentsPageDocument, { companyId, withRuns: true }],
      [ProvidersPageDocument, {}],
    ] as const;
    for (const token of [operatorToken, agent.token]) {
      for (const [document, variables] of queries) {
        const name = (document.definitions[0] as { name?: { value: string } }).name?.value;
        const answer = await gql(server.url, token, document as never, variables as never);
        expect(answer.errors, `${name}: ${JSON.stringify(answer.errors)}`).toBeUndefined();
      }
    }
    // The agent token's environments page leaves out the runs holding slots (a sibling's is not its to read).
    const sibling = await gql(server.url, agent.token, EnvironmentsPageDocument, { companyId, withRuns: false });
    expect(sibling.errors).toBeUndefined();
  });

  it("the companyEvents subscription the app holds is accepted and carries a run's event", async () => {
    const sub = subscribe(server.wsUrl, operatorToken, DashboardCompanyEventsDocument, { companyId });
    try {
      await sub.ready;
      await gqlData(server.url, agent.token, `mutation($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }`, { input: { runId, pid: 7 } });
      // The heartbeat's RunEvent (a lease renewal may come with it).
      for (;;) {
        const { companyEvents } = (await sub.next()) as { companyEvents: { __typename: string; kind?: string; run?: { id: string } } };
        if (companyEvents.__typename !== "RunEvent") continue;
        expect(companyEvents).toMatchObject({ kind: "HEARTBEAT", run: { id: runId } });
        break;
      }
    } finally {
      await sub.close();
    }
  });
});
