// A budget met by a real runner process: its child prints `::usage` totals rising past the agent's
// monthlyBudgetCents, the runner sends the latest with each heartbeat, the heartbeat that carries
// the crossing cancels the run (BUDGET_EXCEEDED), and the runner stops the child and says why.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { createIssue, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { startApp, type TestApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN } from "./support/server-process.js";

const HEARTBEAT_MS = 200;

const SetBudget = graphql(`
  mutation BrSetBudget($input: UpdateAgentInput!) { updateAgent(input: $input) { monthlyBudgetCents } }
`);
const Wake = graphql(`
  mutation BrWake($input: WakeAgentInput!) { wakeAgent(input: $input) { run { id } } }
`);
const RunDetails = graphql(`
  query BrRun($id: ID!) {
    run(id: $id) {
      status cancelReason finishedAt heartbeatCount
      usage { inputTokens outputTokens costCents other }
    }
  }
`);
const AgentUsage = graphql(`
  query BrAgentUsage($id: ID!) { node(id: $id) { ... on Agent { usage { costCents } } } }
`);

// Spends 40, then 80 cents (and a line the runner must refuse), waits for the test's GO file,
// then crosses the budget of 100 with 120, notes when, and waits to be stopped.
const CHILD_SCRIPT = `
import { existsSync, writeFileSync } from "node:fs";
const [dir] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + "\\n");
say('::usage {"inputTokens":100,"outputTokens":10,"costCents":40,"cacheReadTokens":5}');
say('::usage {"inputTokens":200,"outputTokens":20,"costCents":80}');
say('::usage {"costCents":-5}');
const go = setInterval(() => {
  if (!existsSync(dir + "/GO")) return;
  clearInterval(go);
  say('::usage {"inputTokens":300,"outputTokens":30,"costCents":120}');
  writeFileSync(dir + "/crossed", String(Date.now()));
}, 20);
process.on("SIGTERM", () => { writeFileSync(dir + "/stopped", "SIGTERM"); process.exit(143); });
setInterval(() => {}, 1000);
`;

let db: TestDatabase;
let server: TestApp;
let companyId: string;
let environmentId: string;
let agent: Agent;
let dir: string;
let runner: ChildProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "runyard-budget-"));
  await writeFile(path.join(dir, "child.mjs"), CHILD_SCRIPT);
  server = await startApp({ databaseUrl: db.url, env: { RUNYARD_DB_POOL_SIZE: "5" } });
  const seed = await seedCompany(server.url, { company: "budget", agents: ["spender"], environment: { capacity: 5 } });
  ({ companyId, environmentId } = seed);
  agent = seed.agents[0]!;
});

afterAll(async () => {
  if (runner && runner.exitCode === null && runner.signalCode === null) runner.kill("SIGKILL");
  await server?.stop();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("a runner's child spending past its agent's budget", () => {
  it("is stopped by the heartbeat carrying the crossing; the run CANCELLED with BUDGET_EXCEEDED, wakes refused until the budget is raised", async () => {
    await gqlData(server.url, TEST_ADMIN_TOKEN, SetBudget, { input: { id: agent.id, monthlyBudgetCents: 100 } });
    const issueId = await createIssue(server.url, companyId, "spend");
    const { id: runId } = await startRun(server.url, agent, { issueId, environmentId });
    const child = spawn(
      process.execPath,
      [
        "runner/bin/runyard-runner.js",
        "--url", server.url,
        "--agent-token", agent.token,
        "--run", runId,
        "--runner-id", "budget-test",
        "--heartbeat-interval-ms", String(HEARTBEAT_MS),
        "--", process.execPath, path.join(dir, "child.mjs"), dir,
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUNYARD_URL: "", RUNYARD_AGENT_TOKEN: "" } },
    );
    runner = child;
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
    const details = async () => (await gqlData(server.url, agent.token, RunDetails, { id: runId })).run!;

    // 80 of 100 spent, heartbeat after heartbeat resending the totals: still RUNNING, counted once.
    await until(`usage of 80 (runner output:\n${output})`, async () => ((await details()).usage.costCents === 80 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 3 * HEARTBEAT_MS));
    expect(await details()).toMatchObject({ status: "RUNNING", usage: { costCents: 80 } });
    expect(output).toContain("::usage ignored: costCents is -5");

    const beatsBefore = (await details()).heartbeatCount;
    await writeFile(path.join(dir, "GO"), "");
    const run = await until("the run CANCELLED", async () => {
      const now = await details();
      return now.status === "RUNNING" ? undefined : now;
    });
    expect(run).toMatchObject({
      status: "CANCELLED",
      cancelReason: "BUDGET_EXCEEDED",
      usage: { inputTokens: 300, outputTokens: 30, costCents: 120, other: { cacheReadTokens: 5 } },
    });
    // Within one heartbeat of crossing: besides one that may go out while the child (polling every
    // 20 ms) notices GO and one already on its way when it printed the line, the next one carried
    // it and was the last the run took (heartbeatCount counts every heartbeat, kept in history or not).
    expect(run.heartbeatCount - beatsBefore).toBeLessThanOrEqual(3);
    expect(existsSync(path.join(dir, "crossed"))).toBe(true);

    // The runner stopped the child, said why, and left the run as the server ended it.
    expect(await exited).not.toBe(0);
    expect(existsSync(path.join(dir, "stopped"))).toBe(true);
    expect(output).toContain("BUDGET_EXCEEDED");
    expect((await details()).status).toBe("CANCELLED");
    const spent = await gqlData(server.url, TEST_ADMIN_TOKEN, AgentUsage, { id: agent.id });
    expect(spent.node).toEqual({ usage: { costCents: 120 } });

    const wake = () => gql(server.url, agent.token, Wake, { input: { agentId: agent.id, issueId, environmentId } });
    expect((await wake()).errors?.[0]?.extensions?.code).toBe("BUDGET_EXCEEDED");
    await gqlData(server.url, TEST_ADMIN_TOKEN, SetBudget, { input: { id: agent.id, monthlyBudgetCents: 500 } });
    expect((await wake()).errors).toBeUndefined();
  });
});
