// `npm run demo` against a replica: it seeds a company, agent, environment and issue through the
// API, starts a run and serves it with the real runner, whose child prints log lines, state and
// usage; the run ends SUCCEEDED with all of it recorded. A second demo reuses the company and
// environment.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { graphql } from "./gql/index.js";
import { gqlData } from "./support/graphql-client.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

const DemoRun = graphql(`
  query DemoRun($id: ID!) {
    run(id: $id) {
      status
      exitCode
      agent { name company { name } }
      environment { name }
      issue { title }
      runtimeState(first: 10) { edges { node { key value } } }
      usage { inputTokens outputTokens costCents }
      logs(first: 100) { edges { node { stream text } } }
    }
  }
`);
const Companies = graphql(`
  query DemoCompanies { companies(first: 10) { edges { node { name environments(first: 10) { edges { node { name } } } } } } }
`);

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url });
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

function demo(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "server/demo.ts"), "--steps", "4", "--step-ms", "150"], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("npm run demo", () => {
  it("seeds, starts a run and serves it with the runner: the run SUCCEEDS with its log, state and usage", async () => {
    const { code, output } = await demo({ RUNYARD_URL: server.url, RUNYARD_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    expect(code, output).toBe(0);
    const runId = /Started run (\S+) of company "Demo"/.exec(output)?.[1];
    expect(runId, output).toBeDefined();
    expect(output).toContain(`Watch it: ${server.url}/#/runs/${encodeURIComponent(runId!)}`);
    const { run } = await gqlData(server.url, TEST_ADMIN_TOKEN, DemoRun, { id: runId! });
    expect(run).toMatchObject({ status: "SUCCEEDED", exitCode: 0, agent: { company: { name: "Demo" } }, environment: { name: "demo-sandbox" } });
    const state = Object.fromEntries(run!.runtimeState.edges.map(({ node }) => [node.key, node.value]));
    expect(state).toEqual({ step: "writing the summary", progress: { done: 4, of: 4 } });
    expect(run!.usage.costCents).toBeGreaterThan(0);
    expect(run!.usage.inputTokens).toBeGreaterThan(0);
    const lines = run!.logs.edges.map(({ node }) => node.text);
    expect(lines[0]).toBe("[1/4] cloning the repository…");
    expect(lines).toContain("done: the change is ready for review");
    expect(run!.logs.edges.some(({ node }) => node.stream === "STDERR")).toBe(true);
    // ::state and ::usage lines are the runner's, not the log's.
    expect(lines.some((line) => line.startsWith("::"))).toBe(false);
  });

  it("a second demo reuses the Demo company and its environment", async () => {
    const { code, output } = await demo({ RUNYARD_URL: server.url, RUNYARD_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    expect(code, output).toBe(0);
    const { companies } = await gqlData(server.url, TEST_ADMIN_TOKEN, Companies);
    expect(companies.edges.map(({ node }) => [node.name, node.environments.edges.map((e) => e.node.name)])).toEqual([["Demo", ["demo-sandbox"]]]);
  });

  it("without the admin token, says where to find it; with a wrong one, says the server refused it", async () => {
    const missing = await demo({ RUNYARD_URL: server.url, RUNYARD_ADMIN_TOKEN: "" });
    expect(missing.code).toBe(2);
    expect(missing.output).toContain("Set RUNYARD_ADMIN_TOKEN to the admin token `npm start` printed");
    const wrong = await demo({ RUNYARD_URL: server.url, RUNYARD_ADMIN_TOKEN: "ry_admin_not-the-token-at-all" });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain("demo: UNAUTHENTICATED: invalid or revoked token");
  });
});
