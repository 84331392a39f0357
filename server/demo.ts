// `npm run demo`: a run to watch on the dashboard. Against a running server (RUNYARD_URL, default
// http://localhost:4000) with the admin token (RUNYARD_ADMIN_TOKEN: the one `npm start` printed), it
// seeds a company "Demo" (reused), an agent, an environment "demo-sandbox" (reused) and an issue,
// starts a run and serves it with the real runner (runner/bin/runyard-runner.js), whose child is
// this file again in `--child` mode: it prints log lines, `::state` and `::usage` for a while and
// exits 0. Everything goes through the public GraphQL API, as any client's would.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const RUNNER_BIN = fileURLToPath(new URL("../runner/bin/runyard-runner.js", import.meta.url));
const DEFAULT_STEPS = 20;
const DEFAULT_STEP_MS = 2_000;

const STEPS = ["cloning the repository", "installing dependencies", "reading the issue", "planning a change", "editing src/login.ts", "running the tests", "writing the summary"];

/** The child the runner supervises: what an agent would print while it works. */
async function child(steps: number, stepMs: number): Promise<void> {
  let inputTokens = 0;
  let outputTokens = 0;
  for (let i = 0; i < steps; i++) {
    // Spread over the steps, the last one last.
    const step = STEPS[steps === 1 ? STEPS.length - 1 : Math.round((i * (STEPS.length - 1)) / (steps - 1))]!;
    inputTokens += 900 + ((i * 137) % 400);
    outputTokens += 150 + ((i * 61) % 90);
    console.log(`[${i + 1}/${steps}] ${step}…`);
    if (i % 4 === 3) console.error(`warning: step ${i + 1} took longer than expected`);
    console.log(`::state step=${JSON.stringify(step)}`);
    console.log(`::state progress=${JSON.stringify({ done: i + 1, of: steps })}`);
    console.log(`::usage ${JSON.stringify({ inputTokens, outputTokens, costCents: Number(((inputTokens * 0.3 + outputTokens * 1.5) / 1000).toFixed(3)) })}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  console.log("done: the change is ready for review");
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

function client(url: string, token: string) {
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    }).catch((error: unknown) => {
      throw new Error(`cannot reach ${url} (${error instanceof Error ? error.message : String(error)}): is \`npm start\` running?`);
    });
    const answer = (await response.json()) as GraphQLAnswer<T>;
    if (answer.errors?.length) {
      const [first] = answer.errors;
      throw new Error(`${first!.extensions?.code ?? "ERROR"}: ${first!.message}`);
    }
    return answer.data!;
  };
}

type Gql = ReturnType<typeof client>;

/** The company named "Demo", created on the first demo. */
async function demoCompany(admin: Gql): Promise<string> {
  const { companies } = await admin<{ companies: { edges: Array<{ node: { id: string; name: string } }> } }>(`{ companies(first: 100) { edges { node { id name } } } }`);
  const existing = companies.edges.find((edge) => edge.node.name === "Demo");
  if (existing) return existing.node.id;
  const { createCompany } = await admin<{ createCompany: { id: string } }>(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, { input: { name: "Demo" } });
  return createCompany.id;
}

async function demoEnvironment(admin: Gql, companyId: string): Promise<string> {
  const { environments } = await admin<{ environments: { edges: Array<{ node: { id: string; name: string } }> } }>(
    `query($companyId: ID!) { environments(companyId: $companyId, first: 100) { edges { node { id name } } } }`,
    { companyId },
  );
  const existing = environments.edges.find((edge) => edge.node.name === "demo-sandbox");
  if (existing) return existing.node.id;
  const { createEnvironment } = await admin<{ createEnvironment: { id: string } }>(
    `mutation($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { id } }`,
    { input: { companyId, name: "demo-sandbox", providerKey: "local", capacity: 2 } },
  );
  return createEnvironment.id;
}

export interface DemoOptions {
  url: string;
  adminToken: string;
  steps: number;
  stepMs: number;
  /** Where the runner's output goes (the demo's own stdout). */
  out: NodeJS.WritableStream;
}

/** Seeds, starts the run and serves it with the runner; resolves with the run's id and the runner's exit code. */
export async function runDemo(options: DemoOptions): Promise<{ runId: string; exitCode: number }> {
  const { url, adminToken, out } = options;
  const admin = client(url, adminToken);
  const companyId = await demoCompany(admin);
  const environmentId = await demoEnvironment(admin, companyId);
  const stamp = new Date().toISOString().slice(11, 19);
  const { createAgent } = await admin<{ createAgent: { agent: { id: string }; token: string } }>(
    `mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } token } }`,
    { input: { companyId, name: `demo-agent ${stamp}`, heartbeatTimeoutSeconds: 30 } },
  );
  const { createIssue } = await admin<{ createIssue: { id: string } }>(`mutation($input: CreateIssueInput!) { createIssue(input: $input) { id } }`, {
    input: { companyId, title: `Fix the login form (demo ${stamp})`, workspaceConfig: { repo: "demo/web", branch: "main" } },
  });
  const { startRun } = await client(url, createAgent.token)<{ startRun: { id: string } }>(
    `mutation($input: StartRunInput!) { startRun(input: $input) { id } }`,
    { input: { agentId: createAgent.agent.id, issueId: createIssue.id, environmentId } },
  );
  out.write(`Started run ${startRun.id} of company "Demo".\nWatch it: ${url}/#/runs/${encodeURIComponent(startRun.id)} (sign in with the admin token)\n\n`);

  const tsx = import.meta.resolve("tsx");
  const childCommand = [process.execPath, "--import", tsx, fileURLToPath(import.meta.url), "--child", "--steps", String(options.steps), "--step-ms", String(options.stepMs)];
  const runner = spawn(process.execPath, [RUNNER_BIN, "--run", startRun.id, "--heartbeat-interval-ms", "1000", "--", ...childCommand], {
    // The agent's token goes in the environment, not on the command line (ps would show it).
    env: { ...process.env, RUNYARD_URL: url, RUNYARD_AGENT_TOKEN: createAgent.token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  runner.stdout.pipe(out, { end: false });
  runner.stderr.pipe(out, { end: false });
  // Ctrl-C stops the runner, which cancels the run (as it would for any run).
  const forward = (signal: NodeJS.Signals) => runner.kill(signal);
  process.on("SIGINT", forward).on("SIGTERM", forward);
  const exitCode = await new Promise<number>((resolve) => runner.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  process.off("SIGINT", forward).off("SIGTERM", forward);
  out.write(`\nThe runner exited ${exitCode}. The run stays on the dashboard: ${url}/#/runs/${encodeURIComponent(startRun.id)}\n`);
  return { runId: startRun.id, exitCode };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { child: { type: "boolean" }, url: { type: "string" }, steps: { type: "string" }, "step-ms": { type: "string" } },
    strict: true,
  });
  const steps = Number(values.steps ?? DEFAULT_STEPS);
  const stepMs = Number(values["step-ms"] ?? DEFAULT_STEP_MS);
  if (!Number.isInteger(steps) || steps < 1 || !Number.isInteger(stepMs) || stepMs < 0) {
    console.error("--steps must be an integer >= 1 and --step-ms an integer >= 0");
    return 2;
  }
  if (values.child) {
    await child(steps, stepMs);
    return 0;
  }
  const adminToken = process.env.RUNYARD_ADMIN_TOKEN;
  if (!adminToken) {
    console.error("Set RUNYARD_ADMIN_TOKEN to the admin token `npm start` printed (or configured), e.g.\n  RUNYARD_ADMIN_TOKEN=ry_admin_… npm run demo");
    return 2;
  }
  const url = (values.url ?? process.env.RUNYARD_URL ?? `http://localhost:${process.env.PORT ?? 4000}`).replace(/\/+$/, "");
  const { exitCode } = await runDemo({ url, adminToken, steps, stepMs, out: process.stdout });
  return exitCode;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
