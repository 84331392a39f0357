// The runner end to end, as real processes: `node runner/bin/runyard-runner.js … -- node child.mjs`
// against a real server. The child is a small fixture script that records its pid and environment
// in an info file, prints `::state` lines, and exits, waits, or reacts to a config signal.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { gqlData } from "./support/graphql-client.js";
import { CancelRun, createAgent, createEnvironment, createIssue, FinishRun, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { startApp } from "./support/app.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

// A small pool per replica: the shared PostgreSQL (max_connections 100) serves every test file
// running in parallel, and a pool this size still has many writers racing on one row.
const SERVER_ENV = { RUNYARD_DB_POOL_SIZE: "5" };

const DeleteAgent = graphql(`
  mutation RunnerDeleteAgent($input: DeleteAgentInput!) { deleteAgent(input: $input) { id } }
`);
const UpdateIssue = graphql(`
  mutation RnUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { id workspace { configVersion } } }
`);
const RunDetails = graphql(`
  query RnRunDetails($id: ID!) {
    run(id: $id) {
      status exitCode error pid runnerId finishedAt lastHeartbeatAt heartbeatCount
      runtimeState(first: 50) { edges { node { key value version } } }
      events(first: 200) { edges { node { kind status fromStatus pid } } }
      leases(first: 5) { edges { node { status releaseReason } } }
    }
  }
`);


// The child. Modes: succeed, fail3, wait (until killed), config (re-reads the config file on SIGUSR2),
// and, for the pool, where one command serves every run: the mode in the workspace config, with
// "{run}" in the info file's name standing for the run's id. Mode release exits 0 once the file
// RELEASE (next to the info file) exists.
const CHILD_SCRIPT = `
import { existsSync, readFileSync, writeFileSync } from "node:fs";
const [argMode, infoFileArg] = process.argv.slice(2);
const mode = argMode === "pool" ? JSON.parse(readFileSync(process.env.RUNYARD_WORKSPACE_CONFIG, "utf8")).mode : argMode;
const infoFile = infoFileArg.replace("{run}", process.env.RUNYARD_RUN_ID.replace(/[^A-Za-z0-9]/g, ""));
const say = (line) => process.stdout.write(line + "\\n");
if (mode === "config") {
  let signals = 0;
  process.on("SIGUSR2", () => {
    signals += 1;
    const config = JSON.parse(readFileSync(process.env.RUNYARD_WORKSPACE_CONFIG, "utf8"));
    say("::state seen=" + JSON.stringify(config));
    say("::state signals=" + signals);
    if (config.stop) process.exit(0);
  });
}
writeFileSync(infoFile, JSON.stringify({
  pid: process.pid,
  runId: process.env.RUNYARD_RUN_ID,
  workspaceId: process.env.RUNYARD_WORKSPACE_ID,
  configFile: process.env.RUNYARD_WORKSPACE_CONFIG,
  configVersion: process.env.RUNYARD_WORKSPACE_CONFIG_VERSION,
  config: JSON.parse(readFileSync(process.env.RUNYARD_WORKSPACE_CONFIG, "utf8")),
  cwd: process.cwd(),
  workspaceDir: process.env.RUNYARD_WORKSPACE_DIR,
  attempt: process.env.RUNYARD_ATTEMPT,
  sawAgentToken: process.env.RUNYARD_AGENT_TOKEN !== undefined,
}));
if (mode === "succeed") {
  say('::state progress={"pct":50}');
  say("plain output line");
  say('::state progress={"pct":100}');
  say('::state phase="done"');
  say("::state broken={not json");
} else if (mode === "slow") {
  setTimeout(() => {}, 400);
} else if (mode === "release") {
  const release = infoFile.replace(/[^/]*$/, "RELEASE");
  setInterval(() => { if (existsSync(release)) process.exit(0); }, 50);
} else if (mode === "fail3") {
  say('::state progress={"pct":50}');
  process.exitCode = 3;
} else {
  say('::state phase="waiting"');
  setInterval(() => {}, 1000);
}
`;

interface ChildInfo {
  pid: number;
  runId: string;
  workspaceId: string;
  configFile: string;
  configVersion: string;
  config: unknown;
  cwd: string;
  workspaceDir: string | undefined;
  attempt: string;
  sawAgentToken: boolean;
}

interface RunnerProcess {
  process: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  stdout(): string;
  /** The child's info file, once the child has started. */
  info(): Promise<ChildInfo>;
}

const HEARTBEAT_MS = 200;

let db: TestDatabase;
let server: TestServer;
let companyId: string;
let agent: Agent;
/** The pool's agent: claimNextRun takes any of its runs, so no other test queues runs for it. */
let poolAgent: Agent;
let environmentId: string;
let fixtureDir: string;
let childScript: string;
const runners: RunnerProcess[] = [];
const childPids: number[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  fixtureDir = await mkdtemp(path.join(tmpdir(), "runyard-runner-test-"));
  childScript = path.join(fixtureDir, "child.mjs");
  await writeFile(childScript, CHILD_SCRIPT);
  // In-process: the runner is the process under test here.
  server = await startApp({ databaseUrl: db.url, env: SERVER_ENV });
  const seed = await seedCompany(server.url, {
    company: "runner",
    agents: ["runner-agent", { name: "pool-agent", maxConcurrentRuns: 3 }],
    environment: { name: "local", capacity: 10 },
  });
  ({ companyId, environmentId } = seed);
  [agent, poolAgent] = seed.agents as [Agent, Agent];
});

afterEach(async () => {
  // Whatever a failed test left running: the children the runners spawned (first: they may hold
  // the runner's stderr open), then the runners themselves.
  for (const pid of childPids.splice(0)) {
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  for (const runner of runners.splice(0)) {
    if (runner.process.exitCode === null && runner.process.signalCode === null) {
      runner.process.kill("SIGKILL");
      await exitOf(runner, 5_000).catch(() => {});
    }
  }
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
  if (fixtureDir) await rm(fixtureDir, { recursive: true, force: true });
});

/**
 * Whether the process still exists: `kill(pid, 0)` does not throw ESRCH. A zombie counts as gone:
 * it has exited, and only waits to be reaped. (A grandchild whose parent died first is reparented
 * to PID 1, which in some containers never reaps it.)
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
  try {
    // /proc/PID/stat: "pid (comm) state …"; comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false; // gone between the two checks
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function queuedRun(workspaceConfig: unknown = { v: 1 }, by: Agent = agent): Promise<{ runId: string; issueId: string; workspaceId: string }> {
  const issueId = await createIssue(server.url, companyId, "runner", workspaceConfig);
  const run = await startRun(server.url, by, { issueId, environmentId });
  return { runId: run.id, issueId, workspaceId: run.workspace.id };
}

function infoFileFor(runId: string, mode: string): string {
  return path.join(fixtureDir, `info-${runId.replace(/[^A-Za-z0-9]/g, "")}-${mode}.json`);
}

async function readInfo(infoFile: string): Promise<ChildInfo | undefined> {
  if (!existsSync(infoFile)) return undefined;
  try {
    const info = JSON.parse(await readFile(infoFile, "utf8")) as ChildInfo;
    if (!childPids.includes(info.pid)) childPids.push(info.pid);
    return info;
  } catch {
    return undefined; // being written
  }
}

/**
 * Spawns the runner on the fixture child. `shell` wraps the child in `sh -c '…; echo after'`, so
 * the command the runner starts is a shell whose own child is the fixture (which then records its
 * pid, the grandchild's, in the info file).
 */
function startRunner(runId: string | null, mode: string, extraArgs: string[] = [], opts: { shell?: boolean; agent?: Agent } = {}): RunnerProcess {
  // The pool's child names its info file by the run it was given.
  const infoFile = runId === null ? path.join(fixtureDir, `info-{run}-${mode}.json`) : infoFileFor(runId, mode);
  const command = opts.shell
    ? ["/bin/sh", "-c", `"${process.execPath}" "${childScript}" ${mode} "${infoFile}"; echo after`]
    : [process.execPath, childScript, mode, infoFile];
  const child = spawn(
    process.execPath,
    [
      "runner/bin/runyard-runner.js",
      "--url", server.url,
      "--agent-token", (opts.agent ?? agent).token,
      ...(runId === null ? [] : ["--run", runId]),
      "--runner-id", `runner-test-${mode}`,
      "--heartbeat-interval-ms", String(HEARTBEAT_MS),
      ...extraArgs,
      "--", ...command,
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUNYARD_URL: "", RUNYARD_AGENT_TOKEN: "" } },
  );
  let output = "";
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const runner: RunnerProcess = {
    process: child,
    exited,
    output: () => output,
    stdout: () => stdout,
    info: () =>
      until(`the child's info file (runner output so far:\n${output})`, () => readInfo(infoFile)),
  };
  runners.push(runner);
  return runner;
}

/** The runner's exit code, within a bounded wait. */
async function exitOf(runner: RunnerProcess, timeoutMs = 20_000): Promise<number | null> {
  const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, timeoutMs, "timeout").unref());
  const result = await Promise.race([runner.exited, timeout]);
  if (result === "timeout") throw new Error(`the runner did not exit within ${timeoutMs} ms; output:\n${runner.output()}`);
  return result;
}

async function details(runId: string) {
  const { run } = await gqlData(server.url, TEST_ADMIN_TOKEN, RunDetails, { id: runId });
  expect(run).not.toBeNull();
  const state = Object.fromEntries(run!.runtimeState.edges.map(({ node }) => [node.key, { value: node.value, version: node.version }]));
  const statusChanges = run!.events.edges.map(({ node }) => node).filter((e) => e.kind === "STATUS_CHANGED").map((e) => e.status);
  return { ...run!, state, statusChanges, heartbeats: run!.heartbeatCount, leases: run!.leases.edges.map(({ node }) => node) };
}

async function stateValue(runId: string, key: string): Promise<unknown> {
  return (await details(runId)).state[key]?.value;
}

describe("the runner, as a real process", () => {
  it("a child that prints state and exits 0: the run SUCCEEDED with that state; the runner exits 0", async () => {
    const { runId } = await queuedRun();
    const runner = startRunner(runId, "succeed");
    const info = await runner.info();
    expect(await exitOf(runner)).toBe(0);

    expect(info).toMatchObject({ runId, configVersion: "1", config: { v: 1 } });
    const run = await details(runId);
    expect(run).toMatchObject({ status: "SUCCEEDED", exitCode: 0, error: null, runnerId: "runner-test-succeed" });
    expect(run.pid).toBe(info.pid); // heartbeats carry the child's pid
    expect(run.state).toEqual({
      progress: { value: { pct: 100 }, version: 2 },
      phase: { value: "done", version: 1 },
    });
    expect(run.statusChanges).toEqual(["QUEUED", "RUNNING", "SUCCEEDED"]);
    expect(run.heartbeats).toBeGreaterThanOrEqual(1);
    expect(run.leases).toEqual([{ status: "RELEASED", releaseReason: "COMPLETED" }]);
    // Plain lines (and a ::state line that is not JSON) pass through; state lines do not.
    expect(runner.stdout()).toContain("plain output line\n");
    expect(runner.stdout()).toContain("::state broken={not json\n");
    expect(runner.stdout()).not.toContain("::state progress");
    expect(alive(info.pid)).toBe(false);
  });

  it("a child that exits 3: the run FAILED with exitCode 3; the runner exits 3", async () => {
    const { runId } = await queuedRun();
    const runner = startRunner(runId, "fail3");
    const info = await runner.info();
    expect(await exitOf(runner)).toBe(3);
    const run = await details(runId);
    expect(run).toMatchObject({ status: "FAILED", exitCode: 3 });
    expect(run.state).toEqual({ progress: { value: { pct: 50 }, version: 1 } });
    expect(run.statusChanges).toEqual(["QUEUED", "RUNNING", "FAILED"]);
    expect(run.leases).toEqual([{ status: "RELEASED", releaseReason: "COMPLETED" }]);
    expect(alive(info.pid)).toBe(false);
  });

  it("SIGTERM to the runner: the child is stopped and gone, the run CANCELLED", async () => {
    const { runId } = await queuedRun();
    const runner = startRunner(runId, "wait");
    const info = await runner.info();
    await until("the waiting state", async () => ((await stateValue(runId, "phase")) === "waiting" ? true : undefined));
    expect(alive(info.pid)).toBe(true);

    runner.process.kill("SIGTERM");
    // The child died of the forwarded SIGTERM: 128 + 15.
    expect(await exitOf(runner)).toBe(143);
    expect(alive(info.pid)).toBe(false);
    const run = await details(runId);
    expect(run).toMatchObject({ status: "CANCELLED", exitCode: 143 });
    expect(run.statusChanges).toEqual(["QUEUED", "RUNNING", "CANCELLED"]);
    expect(run.leases).toEqual([{ status: "RELEASED", releaseReason: "CANCELLED" }]);
  });

  it("SIGTERM to the runner of a command that forks: the whole process tree is stopped", async () => {
    const { runId } = await queuedRun();
    const runner = startRunner(runId, "wait", [], { shell: true });
    const info = await runner.info(); // the grandchild: sh → node
    await until("the waiting state", async () => ((await stateValue(runId, "phase")) === "waiting" ? true : undefined));

    runner.process.kill("SIGTERM");
    // The shell died of the SIGTERM too (143), before it could print "after".
    expect(await exitOf(runner)).toBe(143);
    expect(alive(info.pid)).toBe(false);
    expect(runner.stdout()).not.toContain("after");
    expect(await details(runId)).toMatchObject({ status: "CANCELLED", exitCode: 143 });
  });

  it("SIGTERM while the claim is still in flight: the run is CANCELLED and the command never starts", async () => {
    const { runId } = await queuedRun();
    // Hold the environment's row lock, which a claim takes to grant the run its lease: the
    // runner's claim request waits on it.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query(`SELECT 1 FROM "Environment" WHERE "id" = $1 FOR UPDATE`, [decodeGlobalID(environmentId).id]);
      const runner = startRunner(runId, "succeed");
      await until("the claim to wait on the environment lock", async () => {
        const { rows } = await blocker.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        return rows[0]!.n > 0 ? true : undefined;
      });
      runner.process.kill("SIGTERM");
      // The runner waits for the claim's answer instead of dying with a RUNNING run behind it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(runner.process.exitCode).toBeNull();
      expect(runner.process.signalCode).toBeNull();
      await blocker.query("ROLLBACK");

      expect(await exitOf(runner)).toBe(143);
      expect(existsSync(infoFileFor(runId, "succeed"))).toBe(false);
      const run = await details(runId);
      expect(run.status).toBe("CANCELLED");
      expect(run.statusChanges).toEqual(["QUEUED", "RUNNING", "CANCELLED"]);
      expect(run.leases).toEqual([{ status: "RELEASED", releaseReason: "CANCELLED" }]);
    } finally {
      await blocker.end();
    }
  });

  it("cancelRun through the API: the runner stops the child on its next heartbeat and exits, without finishing", async () => {
    const { runId } = await queuedRun();
    const runner = startRunner(runId, "wait");
    const info = await runner.info();
    await until("the waiting state", async () => ((await stateValue(runId, "phase")) === "waiting" ? true : undefined));

    const { cancelRun } = await gqlData(server.url, TEST_ADMIN_TOKEN, CancelRun, { input: { runId } });
    expect(cancelRun.status).toBe("CANCELLED");
    // Bounded for liveness only: the next heartbeat (every 200 ms) learns of the cancel.
    expect(await exitOf(runner, 15_000)).toBe(143);
    expect(alive(info.pid)).toBe(false);
    expect(runner.output()).toContain("cancelled through the API");
    const run = await details(runId);
    // The runner did not call finishRun: the cancel stands as the API made it.
    expect(run).toMatchObject({ status: "CANCELLED", exitCode: null });
    expect(run.statusChanges).toEqual(["QUEUED", "RUNNING", "CANCELLED"]);
  });

  it("deleteAgent: the runner's heartbeat is refused UNAUTHENTICATED (its token revoked), it stops the child and exits, without finishing", async () => {
    const doomed = await createAgent(server.url, companyId, { name: "deleted under its runner" });
    const { runId } = await queuedRun({ v: 1 }, doomed);
    const runner = startRunner(runId, "wait", [], { agent: doomed });
    const info = await runner.info();
    await until("the waiting state", async () => ((await stateValue(runId, "phase")) === "waiting" ? true : undefined));

    await gqlData(server.url, TEST_ADMIN_TOKEN, DeleteAgent, { input: { id: doomed.id } });
    // Bounded for liveness only: the next heartbeat (every 200 ms) is refused.
    expect(await exitOf(runner, 15_000)).not.toBeNull();
    expect(alive(info.pid)).toBe(false);
    // Refused (the revocation reached the replica's token cache first), or answered cancelRequested
    // (a beat authenticated from the cache just before): either way it stops and does not finish.
    expect(runner.output()).toMatch(/considers the run over|cancelled through the API/);
    const run = await details(runId);
    expect(run).toMatchObject({ status: "CANCELLED", exitCode: null, error: "agent deleted" });
    expect(run.statusChanges).toEqual(["QUEUED", "RUNNING", "CANCELLED"]);
  });

  it("updateIssue with a new workspaceConfig: the runner rewrites $RUNYARD_WORKSPACE_CONFIG", async () => {
    const { runId, issueId } = await queuedRun({ v: 1, name: "first" });
    const runner = startRunner(runId, "wait");
    const info = await runner.info();
    expect(info).toMatchObject({ configVersion: "1", config: { v: 1, name: "first" } });

    const { updateIssue } = await gqlData(server.url, TEST_ADMIN_TOKEN, UpdateIssue, {
      input: { id: issueId, workspaceConfig: { v: 2, name: "second", nested: { list: [1, 2, 3] } } },
    });
    expect(updateIssue.workspace?.configVersion).toBe(2);
    const config = await until("the rewritten config file", async () => {
      const current = JSON.parse(await readFile(info.configFile, "utf8")) as { v: number };
      return current.v === 2 ? current : undefined;
    });
    expect(config).toEqual({ v: 2, name: "second", nested: { list: [1, 2, 3] } });
    expect(alive(info.pid)).toBe(true); // no --config-signal: the child is left alone

    runner.process.kill("SIGTERM");
    expect(await exitOf(runner)).toBe(143);
    // The runner cleans up its temp dir, config file included.
    expect(existsSync(info.configFile)).toBe(false);
  });

  it("with --config-signal SIGUSR2 the child is signalled after each config change and sees the new config", async () => {
    const { runId, issueId } = await queuedRun({ v: 1 });
    const runner = startRunner(runId, "config", ["--config-signal", "SIGUSR2"]);
    await runner.info();

    await gqlData(server.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: { v: 2 } } });
    await until("the child to see config v2", async () => {
      const seen = await stateValue(runId, "seen");
      return (seen as { v?: number } | undefined)?.v === 2 ? true : undefined;
    });
    await gqlData(server.url, TEST_ADMIN_TOKEN, UpdateIssue, { input: { id: issueId, workspaceConfig: { v: 3, stop: true } } });
    // The child exits 0 when it sees `stop`.
    expect(await exitOf(runner)).toBe(0);
    const run = await details(runId);
    expect(run).toMatchObject({ status: "SUCCEEDED", exitCode: 0 });
    expect(run.state.seen).toEqual({ value: { v: 3, stop: true }, version: 2 });
    expect(run.state.signals).toEqual({ value: 2, version: 2 });
  });

  it("a run it cannot claim: the runner exits 1 and never starts the command", async () => {
    const { runId } = await queuedRun();
    await gqlData(server.url, agent.token, FinishRun, { input: { runId, status: "CANCELLED" } });
    const runner = startRunner(runId, "succeed");
    expect(await exitOf(runner)).toBe(1);
    expect(runner.output()).toMatch(/could not claim run .*INVALID_RUN_TRANSITION/);
    expect(existsSync(infoFileFor(runId, "succeed"))).toBe(false);
    expect((await details(runId)).statusChanges).toEqual(["QUEUED", "CANCELLED"]);
  });
});

describe("the README's command lines, through npm", () => {
  /** `npm run runner -- <args>` with the token in the environment, as the README has it. */
  function runnerThroughNpm(args: string[], token: string): RunnerProcess {
    const npm = spawn("npm", ["run", "runner", "--", "--url", server.url, "--heartbeat-interval-ms", String(HEARTBEAT_MS), ...args], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, RUNYARD_URL: "", RUNYARD_AGENT_TOKEN: token },
    });
    let output = "";
    npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => npm.once("close", (code) => resolve(code)));
    const runner = { process: npm, exited, output: () => output, stdout: () => output, info: () => Promise.reject(new Error("unused")) };
    runners.push(runner);
    return runner;
  }

  /** SIGTERM to the npm process, as a supervisor sends it: the run CANCELLED, the child gone, npm gone. */
  async function terminateThroughNpm(npm: RunnerProcess, runId: string, childPid: number): Promise<void> {
    npm.process.kill("SIGTERM");
    await until("the run to be CANCELLED", async () => ((await details(runId)).status === "CANCELLED" ? true : undefined)).catch((error: unknown) => {
      throw new Error(`${String(error)}; npm output:\n${npm.output()}`);
    });
    await until("the child to be gone", async () => (alive(childPid) ? undefined : true), 10_000);
    const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, 15_000, "timeout").unref());
    expect(await Promise.race([npm.exited, timeout])).not.toBe("timeout");
    expect(await details(runId)).toMatchObject({ status: "CANCELLED", exitCode: 143 });
    expect(npm.output()).toContain("finished as CANCELLED");
    expect(npm.output()).not.toContain(agent.token);
    expect(npm.output()).not.toContain(poolAgent.token);
  }

  it("npm run runner -- --run … with RUNYARD_AGENT_TOKEN, SIGTERM to npm: the run CANCELLED, the child gone, the token never printed", async () => {
    const { runId } = await queuedRun();
    const infoFile = infoFileFor(runId, "npm-wait");
    const npm = runnerThroughNpm(["--run", runId, "--", process.execPath, childScript, "wait", infoFile], agent.token);
    const info = await until(`the child's info file (npm output so far:\n${npm.output()})`, () => readInfo(infoFile));
    await until("the waiting state", async () => ((await stateValue(runId, "phase")) === "waiting" ? true : undefined));
    await terminateThroughNpm(npm, runId, info.pid);
  });

  it("the pool, npm run runner -- --concurrency … --drain-timeout-ms …, SIGTERM to npm: drains, the run CANCELLED, the child gone", async () => {
    const { runId } = await queuedRun({ mode: "wait" }, poolAgent);
    const infoFile = path.join(fixtureDir, "info-{run}-pool.json");
    const npm = runnerThroughNpm(
      ["--concurrency", "2", "--wait-seconds", "1", "--drain-timeout-ms", "1000", "--", process.execPath, childScript, "pool", infoFile],
      poolAgent.token,
    );
    const info = await until(`the child's info file (npm output so far:\n${npm.output()})`, () => readInfo(infoFileFor(runId, "pool")));
    await until("the waiting state", async () => ((await stateValue(runId, "phase")) === "waiting" ? true : undefined));
    await terminateThroughNpm(npm, runId, info.pid);
    expect(npm.output()).toContain("no new claims");
  });
});

describe("the runner as a package of its own", () => {
  const runnerDir = path.join(REPO_ROOT, "runner");

  async function sources(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(
      entries.map((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(full);
        return /\.(ts|js|mjs)$/.test(e.name) ? [full] : [];
      }),
    );
    return nested.flat();
  }

  it("runner/package.json names only the runner's own dependencies, and a runyard-runner bin", async () => {
    const pkg = JSON.parse(await readFile(path.join(runnerDir, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: "runyard-runner", type: "module", bin: { "runyard-runner": "bin/runyard-runner.js" } });
    expect(Object.keys((pkg.dependencies ?? {}) as object)).toEqual(["tsx"]);
    expect(Object.keys((pkg.devDependencies ?? {}) as object).sort()).toEqual(["@graphql-typed-document-node/core", "@types/node"]);
    expect(existsSync(path.join(runnerDir, "bin", "runyard-runner.js"))).toBe(true);
  });

  it("the runner's sources import nothing outside runner/ but node: builtins and its declared dependencies", async () => {
    const pkg = JSON.parse(await readFile(path.join(runnerDir, "package.json"), "utf8")) as Record<string, Record<string, string>>;
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
    const files = await sources(runnerDir);
    expect(files.length).toBeGreaterThan(5);
    const outside: string[] = [];
    for (const file of files) {
      const text = await readFile(file, "utf8");
      // Static `import … from "x"`, `export … from "x"`, bare `import "x"` and dynamic `import("x")`.
      for (const [, specifier = ""] of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)) {
        if (specifier.startsWith("node:")) continue;
        if (specifier.startsWith(".")) {
          const target = path.resolve(path.dirname(file), specifier);
          if (target.startsWith(runnerDir + path.sep)) continue;
        } else {
          const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
          if (declared.has(name)) continue;
        }
        outside.push(`${path.relative(REPO_ROOT, file)}: ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });
});

describe("the runner as a pool (no --run)", () => {
  const poolAgentRowId = () => decodeGlobalID(poolAgent.id).id;

  async function runningCount(client: pg.Client): Promise<number> {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Run" WHERE "agentId" = $1 AND "status" = 'RUNNING'`, [poolAgentRowId()]);
    return rows[0]!.n;
  }

  it("--concurrency 2 over 5 queued runs: all SUCCEEDED, never more than 2 RUNNING, each child in its workspace dir; SIGTERM when idle exits 0", async () => {
    // The agent admits 3 at once: the bound of 2 is the runner's own.
    const queued = [];
    for (let i = 0; i < 5; i++) queued.push(await queuedRun({ mode: "slow" }, poolAgent));
    const sampler = new pg.Client({ connectionString: db.url });
    await sampler.connect();
    try {
      const runner = startRunner(null, "pool", ["--concurrency", "2", "--wait-seconds", "1"], { agent: poolAgent });
      let maxRunning = 0;
      // Sampled from the database in a tight loop until every run has ended.
      await until(
        `all five runs to end (runner output so far:\n${runner.output()})`,
        async () => {
          maxRunning = Math.max(maxRunning, await runningCount(sampler));
          const { rows } = await sampler.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "Run" WHERE "agentId" = $1 AND "status" IN ('QUEUED', 'RUNNING')`,
            [poolAgentRowId()],
          );
          return rows[0]!.n === 0 ? true : undefined;
        },
        30_000,
      );
      expect(maxRunning).toBe(2);
      for (const { runId, workspaceId } of queued) {
        expect(await details(runId)).toMatchObject({ status: "SUCCEEDED", exitCode: 0 });
        const info = (await readInfo(infoFileFor(runId, "pool")))!;
        expect(info).toMatchObject({ runId, workspaceId, attempt: "1", sawAgentToken: false });
        // The local provider's directory for the workspace, with the config it wrote there.
        expect(info.workspaceDir).toMatch(new RegExp(`/workspaces/${decodeGlobalID(workspaceId).id}$`));
        expect(existsSync(path.join(info.workspaceDir!, "runyard-workspace.json"))).toBe(true);
        expect(info.cwd).toBe(info.workspaceDir);
      }
      runner.process.kill("SIGTERM");
      expect(await exitOf(runner)).toBe(0);
    } finally {
      await sampler.end();
    }
  });

  it("SIGTERM drains: no new claims, a child that finishes in time SUCCEEDED, one past --drain-timeout-ms CANCELLED, nothing left RUNNING", async () => {
    const finishing = await queuedRun({ mode: "release" }, poolAgent);
    const lingering = await queuedRun({ mode: "wait" }, poolAgent);
    const runner = startRunner(null, "pool", ["--concurrency", "2", "--wait-seconds", "1", "--drain-timeout-ms", "1500"], { agent: poolAgent });
    for (const { runId } of [finishing, lingering]) {
      await until(`run ${runId}'s child (runner output so far:\n${runner.output()})`, () => readInfo(infoFileFor(runId, "pool")));
    }
    // Queued while both slots are taken: claimable only once one frees, which is during the drain.
    const late = await queuedRun({ mode: "slow" }, poolAgent);
    runner.process.kill("SIGTERM");
    await writeFile(path.join(fixtureDir, "RELEASE"), "");
    try {
      expect(await exitOf(runner)).toBe(0);
    } finally {
      await rm(path.join(fixtureDir, "RELEASE"), { force: true });
    }
    expect(await details(finishing.runId)).toMatchObject({ status: "SUCCEEDED", exitCode: 0 });
    expect(await details(lingering.runId)).toMatchObject({ status: "CANCELLED", exitCode: 143 });
    expect(alive((await readInfo(infoFileFor(lingering.runId, "pool")))!.pid)).toBe(false);
    expect((await details(late.runId)).status).toBe("QUEUED");
    await gqlData(server.url, TEST_ADMIN_TOKEN, CancelRun, { input: { runId: late.runId } });
    const sampler = new pg.Client({ connectionString: db.url });
    await sampler.connect();
    try {
      expect(await runningCount(sampler)).toBe(0);
    } finally {
      await sampler.end();
    }
  });

  it("a run handed to the claimNextRun in flight at SIGTERM is CANCELLED without starting the command, never left RUNNING", async () => {
    const first = await queuedRun({ mode: "slow" }, poolAgent);
    const runner = startRunner(null, "pool", ["--concurrency", "2", "--wait-seconds", "10"], { agent: poolAgent });
    // Once the first run's child is up, the runner's next claimNextRun (sent right after the first
    // answered, while the child's node was still starting) waits on the server: a poll lasts 10 s.
    await until(`the first run's child (runner output so far:\n${runner.output()})`, () => readInfo(infoFileFor(first.runId, "pool")));
    runner.process.kill("SIGTERM");
    await until(`the runner to see the signal (output so far:\n${runner.output()})`, async () => (runner.output().includes("no new claims") ? true : undefined));
    // Queued after the signal: only the claim already in flight can take it.
    const { runId } = await queuedRun({ mode: "succeed" }, poolAgent);
    expect(await exitOf(runner)).toBe(0);
    const run = await details(runId);
    expect(run).toMatchObject({ status: "CANCELLED", exitCode: 143 });
    expect(run.statusChanges).toEqual(["QUEUED", "RUNNING", "CANCELLED"]);
    expect(existsSync(infoFileFor(runId, "pool"))).toBe(false);
    expect(await details(first.runId)).toMatchObject({ status: "SUCCEEDED", exitCode: 0 });
  });
});

describe("the single-run mode waits for admission", () => {
  it("a run whose workspace is busy: the runner asks again until the other run ends, then runs it", async () => {
    const first = await queuedRun({ v: 1 });
    const holder = startRunner(first.runId, "wait");
    await holder.info();
    // Another agent's run of the same issue: the same workspace, RUNNING with the first.
    const second = await startRun(server.url, poolAgent, { issueId: first.issueId, environmentId });
    const waiter = startRunner(second.id, "succeed", ["--wait-seconds", "30"], { agent: poolAgent });
    await until(`the second runner to be told to wait (output so far:\n${waiter.output()})`, async () =>
      waiter.output().includes("WORKSPACE_BUSY") ? true : undefined,
    );
    expect(existsSync(infoFileFor(second.id, "succeed"))).toBe(false);
    holder.process.kill("SIGTERM");
    expect(await exitOf(holder)).toBe(143);
    expect(await exitOf(waiter)).toBe(0);
    expect(await details(second.id)).toMatchObject({ status: "SUCCEEDED", exitCode: 0 });
  });

  it("a run whose environment is full: the runner asks again until the slot frees, then runs it", async () => {
    const single = await createEnvironment(server.url, companyId, { name: "one-slot", capacity: 1 });
    const first = await startRun(server.url, agent, { issueId: await createIssue(server.url, companyId, "runner", { v: 1 }), environmentId: single.id });
    const holder = startRunner(first.id, "wait");
    await holder.info();
    const second = await startRun(server.url, poolAgent, { issueId: await createIssue(server.url, companyId, "runner", { v: 1 }), environmentId: single.id });
    const waiter = startRunner(second.id, "succeed", ["--wait-seconds", "30"], { agent: poolAgent });
    await until(`the second runner to be told to wait (output so far:\n${waiter.output()})`, async () =>
      waiter.output().includes("LEASE_UNAVAILABLE") ? true : undefined,
    );
    expect(existsSync(infoFileFor(second.id, "succeed"))).toBe(false);
    holder.process.kill("SIGTERM");
    expect(await exitOf(holder)).toBe(143);
    expect(await exitOf(waiter)).toBe(0);
    expect(await details(second.id)).toMatchObject({ status: "SUCCEEDED", exitCode: 0 });
  });
});
