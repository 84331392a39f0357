// Retries and checkpoints across two replicas on one PostgreSQL and Redis: a run that ends in one of
// its agent's retryOn statuses before its last attempt queues its next attempt in the transaction
// that ends it (exactly once, whichever replica ends it), after a doubling, jittered backoff, with
// a copy of its runtime state; a cancelled run or an exhausted chain is not retried and says why.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxProvider } from "../resolvers/providers.js";
import { reapOrphanedRuns } from "../resolvers/reaper.js";
import { graphql } from "./gql/index.js";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { gql, gqlData } from "./support/graphql-client.js";
import { CancelRun, claimRun, createAgent, createCompany, createEnvironment, createIssue, FinishRun, startRun, type Agent } from "./support/fixtures.js";
import { reportInternalErrorsAfterEach, TEST_ADMIN_TOKEN } from "./support/server-process.js";

const SetRetryPolicy = graphql(`
  mutation RtSetRetryPolicy($input: UpdateAgentInput!) {
    updateAgent(input: $input) { id retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } }
  }
`);
const AgentPolicy = graphql(`
  query RtAgentPolicy($id: ID!) { node(id: $id) { ... on Agent { retryPolicy { maxAttempts initialBackoffSeconds maxBackoffSeconds retryOn } } } }
`);
const RunChain = graphql(`
  query RtRunChain($id: ID!) {
    run(id: $id) {
      id status attempt notRetriedReason
      retryOf { id attempt }
      retriedBy { id status attempt wakeCount wakeReasons retryOf { id } runtimeState(first: 20) { edges { node { key value version } } } }
    }
  }
`);
const SetRuntimeState = graphql(`
  mutation RtSetRuntimeState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }
`);
const FinishRunWithReason = graphql(`
  mutation RtFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status notRetriedReason retriedBy { id attempt } } }
`);
const ClaimNextRun = graphql(`
  mutation RtClaimNextRun($input: ClaimNextRunInput!) { claimNextRun(input: $input) { run { id attempt status } } }
`);
const WakeAgent = graphql(`
  mutation RtWakeAgent($input: WakeAgentInput!) { wakeAgent(input: $input) { coalesced run { id } } }
`);

const REAPER_INTERVAL_MS = 300;

/** A provider whose prepare() fails for a workspace whose config says so. */
const flakyProvider: SandboxProvider = {
  key: "flaky",
  async register() {},
  async createDriver() {
    return {
      async prepare(workspace) {
        if ((workspace.config as { failPrepare?: boolean }).failPrepare) throw new Error("disk full");
      },
      async release() {},
    };
  },
};

let db: TestDatabase;
let sql: pg.Client;
let A: TestApp;
let B: TestApp;
let companyId: string;
let environmentId: string;
let fixtureDir: string;
const runners = new Set<ChildProcess>();

const uuidOf = (globalId: string): string => decodeGlobalID(globalId).id;
const runGid = (id: string): string => encodeGlobalID("Run", id);
const codeOf = (errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined) => errors?.[0]?.extensions?.code;
const fieldOf = (errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined) => errors?.[0]?.extensions?.field;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let runnerCount = 0;
const runner = () => ({ runnerId: `retry-runner-${++runnerCount}`, pid: 4000 + runnerCount });

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  fixtureDir = await mkdtemp(path.join(tmpdir(), "runyard-retries-"));
  const env = { RUNYARD_REAPER_INTERVAL_MS: String(REAPER_INTERVAL_MS), RUNYARD_DB_POOL_SIZE: "5" };
  const providers = [flakyProvider];
  [A, B] = await Promise.all([startApp({ databaseUrl: db.url, env, providers }), startApp({ databaseUrl: db.url, env, providers })]);
  companyId = await createCompany(A.url, "retries");
  environmentId = (await createEnvironment(A.url, companyId, { name: "wide", capacity: 50 })).id;
});

reportInternalErrorsAfterEach(() => [A, B].filter(Boolean));

afterAll(async () => {
  for (const child of runners) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  await Promise.all([A, B].filter(Boolean).map((server) => server.stop()));
  await sql?.end();
  await db?.drop();
  if (fixtureDir) await rm(fixtureDir, { recursive: true, force: true });
});

type Policy = { maxAttempts?: number; initialBackoffSeconds?: number; maxBackoffSeconds?: number; retryOn?: Array<"FAILED" | "LOST" | "TIMED_OUT"> };

async function newAgent(name: string, retryPolicy: Policy): Promise<Agent> {
  const agent = await createAgent(A.url, companyId, { name });
  await gqlData(A.url, TEST_ADMIN_TOKEN, SetRetryPolicy, { input: { id: agent.id, retryPolicy } });
  return agent;
}

/** A RUNNING run of the agent on a new issue (claimed by id on replica A). */
async function runningRun(agent: Agent, title: string): Promise<{ runId: string; issueId: string }> {
  const issueId = await createIssue(A.url, companyId, title);
  const run = await startRun(A.url, agent, { issueId, environmentId });
  await claimRun(A.url, agent.token, run.id, runner());
  return { runId: run.id, issueId };
}

/** Every run of the issue, first attempt first, as the database has them. */
async function runsOf(issueId: string) {
  const { rows } = await sql.query<{
    id: string;
    status: string;
    attempt: number;
    retryOfId: string | null;
    notBefore: Date | null;
    startedAt: Date | null;
    finishedAt: Date | null;
    wakeCount: number;
    notRetriedReason: string | null;
  }>(
    `SELECT "id", "status", "attempt", "retryOfId", "notBefore", "startedAt", "finishedAt", "wakeCount", "notRetriedReason"
     FROM "Run" WHERE "issueId" = $1 ORDER BY "attempt", "createdAt"`,
    [uuidOf(issueId)],
  );
  return rows;
}

/** Makes a RUNNING run's last heartbeat older than any agent's timeout: the reaper's next pass loses it. */
const staleHeartbeat = (runId: string) =>
  sql.query(`UPDATE "Run" SET "lastHeartbeatAt" = now() - interval '1 hour' WHERE "id" = $1`, [uuidOf(runId)]);

/**
 * A reaper pass, then the issue's runs once its first run has ended: the background reapers of both
 * replicas race this pass, and one of them may hold the run (this pass then skips it) until it commits.
 */
async function reapedRunsOf(issueId: string, server: TestApp = A) {
  await reapOrphanedRuns(server.app.runtime);
  return until("the reaped run's end", async () => {
    const runs = await runsOf(issueId);
    return runs[0]!.status === "RUNNING" ? undefined : runs;
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("a retried chain", () => {
  // The child fails its first two attempts and succeeds on the third; each attempt records, as
  // runtime state, which attempt it was (RUNYARD_ATTEMPT) and the state it started with.
  const CHILD = `
    const attempt = Number(process.env.RUNYARD_ATTEMPT);
    console.log("::state attempt" + attempt + "=" + JSON.stringify({ runId: process.env.RUNYARD_RUN_ID }));
    process.exitCode = attempt < 3 ? 1 : 0;
  `;

  it("maxAttempts 3, a real runner's child failing twice then succeeding: 3 linked attempts, backoff-spaced, each starting with the last one's state", async () => {
    const agent = await newAgent("chain", { maxAttempts: 3, initialBackoffSeconds: 1, maxBackoffSeconds: 60 });
    const issueId = await createIssue(A.url, companyId, "chain");
    const childScript = path.join(fixtureDir, "chain-child.mjs");
    await writeFile(childScript, CHILD);
    // The pool runner: claimNextRun waits 20 s at a time, so each retry reaches it only by being
    // looked for when its notBefore passes (no event announces that).
    const child = spawn(
      process.execPath,
      [
        "runner/bin/runyard-runner.js", "--url", A.url, "--agent-token", agent.token, "--runner-id", "chain-runner",
        "--heartbeat-interval-ms", "200", "--wait-seconds", "20", "--", process.execPath, childScript,
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUNYARD_URL: "", RUNYARD_AGENT_TOKEN: "" } },
    );
    runners.add(child);
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const first = await startRun(B.url, agent, { issueId, environmentId });
    const runs = await until(`three attempts, the last SUCCEEDED (runner output:\n${output})`, async () => {
      const rows = await runsOf(issueId);
      return rows.at(-1)?.status === "SUCCEEDED" ? rows : undefined;
    });
    child.kill("SIGTERM");

    expect(runs.map((r) => [r.attempt, r.status])).toEqual([[1, "FAILED"], [2, "FAILED"], [3, "SUCCEEDED"]]);
    expect(runs[0]!.id).toBe(uuidOf(first.id));
    expect(runs.map((r) => r.retryOfId)).toEqual([null, runs[0]!.id, runs[1]!.id]);
    // Backoff base = initial × 2^(attempt − 1) with equal jitter (½ to 1 of it), from the failed
    // attempt's finishedAt (both on the database's clock, in its transaction), ±1 ms of rounding.
    for (const [n, base] of [[1, 1_000], [2, 2_000]] as const) {
      const spacing = runs[n]!.notBefore!.getTime() - runs[n - 1]!.finishedAt!.getTime();
      expect(spacing).toBeGreaterThanOrEqual(base / 2 - 1);
      expect(spacing).toBeLessThanOrEqual(base + 1);
      // Not claimed before it was due.
      expect(runs[n]!.startedAt!.getTime()).toBeGreaterThanOrEqual(runs[n]!.notBefore!.getTime());
    }
    expect(runs.map((r) => r.notRetriedReason)).toEqual([null, null, null]);
    const lateness = runs.slice(1).map((r) => r.startedAt!.getTime() - r.notBefore!.getTime());
    console.log(`[retries] retries claimed ${lateness.join(" ms, ")} ms after their notBefore (the runner waiting in claimNextRun)`);

    // Through the API: the links both ways, and each attempt's checkpoint.
    const chain = await Promise.all(runs.map((r) => gqlData(A.url, agent.token, RunChain, { id: runGid(r.id) }).then((d) => d.run!)));
    expect(chain.map((r) => [r.retryOf?.id ?? null, r.retriedBy?.id ?? null])).toEqual([
      [null, runGid(runs[1]!.id)],
      [runGid(runs[0]!.id), runGid(runs[2]!.id)],
      [runGid(runs[1]!.id), null],
    ]);
    const stateOf = (n: number) =>
      Object.fromEntries(chain[n - 1]!.retriedBy!.runtimeState.edges.map(({ node }) => [node.key, { value: node.value, version: node.version }]));
    // Attempt 2 starts with attempt 1's state (copied: version 1) and adds its own; attempt 3 has both.
    expect(stateOf(1)).toEqual({ attempt1: { value: { runId: runGid(runs[0]!.id) }, version: 1 }, attempt2: { value: { runId: runGid(runs[1]!.id) }, version: 1 } });
    expect(Object.keys(stateOf(2)).sort()).toEqual(["attempt1", "attempt2", "attempt3"]);
  });

  it("a claimNextRun waiting when a retry's notBefore passes is handed it then, though no event announced it while it waited", async () => {
    const agent = await newAgent("due-look", { maxAttempts: 2, initialBackoffSeconds: 2, maxBackoffSeconds: 2 });
    const { runId, issueId } = await runningRun(agent, "due look");
    await gqlData(B.url, agent.token, FinishRun, { input: { runId, status: "FAILED", exitCode: 1 } });
    const [, retry] = await runsOf(issueId);
    expect(retry).toMatchObject({ status: "QUEUED", attempt: 2 });
    // Queued (and announced) before the call began to wait; due within 1–2 s, well before the 10 s re-check.
    const { claimNextRun } = await gqlData(A.url, agent.token, ClaimNextRun, { input: { ...runner(), waitSeconds: 8 } });
    expect(claimNextRun?.run).toMatchObject({ id: runGid(retry!.id), attempt: 2, status: "RUNNING" });
  });
});

describe("every way a run fails is retried", () => {
  it("TIMED_OUT (the reaper) and a claim whose prepare() failed (FAILED): the next attempt, with the same timeoutSeconds and environment", async () => {
    const agent = await newAgent("every-way", { maxAttempts: 2, initialBackoffSeconds: 0 });
    const issueId = await createIssue(A.url, companyId, "timed out");
    const woken = await gqlData(A.url, agent.token, WakeAgent, { input: { agentId: agent.id, issueId, environmentId, timeoutSeconds: 1 } });
    await claimRun(A.url, agent.token, woken.wakeAgent.run.id, runner());
    await sql.query(`UPDATE "Run" SET "startedAt" = now() - interval '1 hour' WHERE "id" = $1`, [uuidOf(woken.wakeAgent.run.id)]);
    await reapedRunsOf(issueId, B);
    const { rows: timedOut } = await sql.query(
      `SELECT "status", "attempt", "retryOfId", "timeoutSeconds", "environmentId" FROM "Run" WHERE "issueId" = $1 ORDER BY "attempt"`,
      [uuidOf(issueId)],
    );
    expect(timedOut).toEqual([
      { status: "TIMED_OUT", attempt: 1, retryOfId: null, timeoutSeconds: 1, environmentId: uuidOf(environmentId) },
      { status: "QUEUED", attempt: 2, retryOfId: uuidOf(woken.wakeAgent.run.id), timeoutSeconds: 1, environmentId: uuidOf(environmentId) },
    ]);

    const flaky = (await createEnvironment(A.url, companyId, { name: "flaky", providerKey: "flaky", capacity: 5 })).id;
    const failing = await createIssue(A.url, companyId, "prepare fails", { failPrepare: true });
    const run = await startRun(A.url, agent, { issueId: failing, environmentId: flaky });
    const claim = await gql(B.url, agent.token, ClaimNextRun, { input: { ...runner(), environmentIds: [flaky] } });
    expect(codeOf(claim.errors)).toBe("PROVIDER_ERROR");
    const runs = await runsOf(failing);
    expect(runs.map((r) => [r.attempt, r.status, r.retryOfId])).toEqual([[1, "FAILED", null], [2, "QUEUED", uuidOf(run.id)]]);
  });
});

describe("exactly once, whichever replica ends it", () => {
  it("two replicas reaping the same LOST run: one LOST transition, one retry", async () => {
    const agent = await newAgent("reaped", { maxAttempts: 3, initialBackoffSeconds: 0 });
    const { runId, issueId } = await runningRun(agent, "reaped");
    await gqlData(A.url, agent.token, SetRuntimeState, { input: { runId, key: "cursor", value: 41 } });
    await staleHeartbeat(runId);
    // Both replicas' reapers run every 300 ms; these passes race them and each other.
    await Promise.all([reapOrphanedRuns(A.app.runtime), reapOrphanedRuns(B.app.runtime), reapedRunsOf(issueId)]);
    // Further passes of both replicas' reapers find nothing more to do with it.
    await sleep(3 * REAPER_INTERVAL_MS);
    const runs = await runsOf(issueId);
    expect(runs.map((r) => [r.attempt, r.status, r.wakeCount])).toEqual([[1, "LOST", 1], [2, "QUEUED", 1]]);
    expect(runs[1]!.retryOfId).toBe(uuidOf(runId));
    const { rows: events } = await sql.query(
      `SELECT "runId", "status"::text, "kind"::text, "reason" FROM "RunEvent" WHERE "runId" = ANY($1) AND "kind" <> 'HEARTBEAT' ORDER BY "id"`,
      [runs.map((r) => r.id)],
    );
    expect(events.filter((e) => e.status === "LOST")).toHaveLength(1);
    expect(events.filter((e) => e.runId === runs[1]!.id)).toEqual([{ runId: runs[1]!.id, status: "QUEUED", kind: "STATUS_CHANGED", reason: "retry" }]);
    const { rows: state } = await sql.query(`SELECT "key", "value", "version" FROM "RuntimeState" WHERE "runId" = $1`, [runs[1]!.id]);
    expect(state).toEqual([{ key: "cursor", value: 41, version: 1 }]);
  });

  it("finishRun FAILED racing the reaper, 8 times: each run ends once, and once retried", async () => {
    const agent = await newAgent("raced", { maxAttempts: 2, initialBackoffSeconds: 0 });
    const winners: string[] = [];
    for (let i = 0; i < 8; i++) {
      const { runId, issueId } = await runningRun(agent, `raced ${i}`);
      await staleHeartbeat(runId);
      // The in-process pass starts ahead of the HTTP request: delayed by 0–70 ms, either may win.
      const [finished] = await Promise.all([
        gql(B.url, agent.token, FinishRun, { input: { runId, status: "FAILED", exitCode: 1 } }),
        sleep(i * 10).then(() => reapOrphanedRuns(A.app.runtime)),
      ]);
      const runs = await runsOf(issueId);
      // Whoever won ended it; the loser changed nothing (finishRun is then INVALID_RUN_TRANSITION).
      expect(["FAILED", "LOST"]).toContain(runs[0]!.status);
      winners.push(runs[0]!.status);
      if (runs[0]!.status === "LOST") expect(codeOf(finished.errors)).toBe("INVALID_RUN_TRANSITION");
      expect(runs.map((r) => [r.attempt, r.status, r.retryOfId, r.wakeCount]).slice(1)).toEqual([[2, "QUEUED", runs[0]!.id, 1]]);
    }
    console.log(`[retries] finishRun vs reaper, who ended the run: ${winners.join(", ")}`);
  });
});

describe("what is not retried says why", () => {
  it("a cancelled run is never retried", async () => {
    const agent = await newAgent("cancelled", { maxAttempts: 5, initialBackoffSeconds: 0 });
    const { runId, issueId } = await runningRun(agent, "cancelled");
    await gqlData(A.url, agent.token, CancelRun, { input: { runId } });
    const runs = await runsOf(issueId);
    expect(runs.map((r) => [r.status, r.notRetriedReason])).toEqual([["CANCELLED", "not retried: a cancelled run is never retried"]]);
  });

  it("an exhausted chain: the last attempt is not retried and says so, in finishRun's own answer", async () => {
    const agent = await newAgent("exhausted", { maxAttempts: 2, initialBackoffSeconds: 0 });
    const { runId, issueId } = await runningRun(agent, "exhausted");
    const first = await gqlData(A.url, agent.token, FinishRunWithReason, { input: { runId, status: "FAILED", exitCode: 1 } });
    expect(first.finishRun).toMatchObject({ status: "FAILED", notRetriedReason: null, retriedBy: { attempt: 2 } });
    const retryId = first.finishRun.retriedBy!.id;
    await claimRun(B.url, agent.token, retryId, runner());
    const last = await gqlData(B.url, agent.token, FinishRunWithReason, { input: { runId: retryId, status: "FAILED", exitCode: 1 } });
    expect(last.finishRun).toMatchObject({
      status: "FAILED",
      retriedBy: null,
      notRetriedReason: "not retried: retries exhausted (attempt 2 of the agent's retryPolicy.maxAttempts 2)",
    });
    expect((await runsOf(issueId)).map((r) => r.status)).toEqual(["FAILED", "FAILED"]);
  });

  it("retryOn is respected: a policy without LOST does not retry a LOST run; the default policy retries nothing", async () => {
    const agent = await newAgent("no-lost", { maxAttempts: 3, initialBackoffSeconds: 0, retryOn: ["FAILED", "TIMED_OUT"] });
    const { runId, issueId } = await runningRun(agent, "no lost");
    await staleHeartbeat(runId);
    expect((await reapedRunsOf(issueId)).map((r) => [r.status, r.notRetriedReason])).toEqual([
      ["LOST", "not retried: LOST is not in the agent's retryPolicy.retryOn"],
    ]);

    const plain = await createAgent(A.url, companyId, { name: "default-policy" });
    const { data } = await gql(A.url, TEST_ADMIN_TOKEN, AgentPolicy, { id: plain.id });
    expect(data?.node).toEqual({ retryPolicy: { maxAttempts: 1, initialBackoffSeconds: 10, maxBackoffSeconds: 600, retryOn: ["FAILED", "LOST", "TIMED_OUT"] } });
    const failed = await runningRun(plain, "default policy");
    await gqlData(A.url, plain.token, FinishRun, { input: { runId: failed.runId, status: "FAILED", exitCode: 2 } });
    expect((await runsOf(failed.issueId)).map((r) => [r.status, r.notRetriedReason])).toEqual([
      ["FAILED", "not retried: retries exhausted (attempt 1 of the agent's retryPolicy.maxAttempts 1)"],
    ]);
  });
});

describe("a retry while a run of the agent and issue is already QUEUED", () => {
  it("merges into it (wakeCount + 1, reason retry): that run becomes the next attempt, with the checkpoint, keeping its own state", async () => {
    const agent = await newAgent("merging", { maxAttempts: 3, initialBackoffSeconds: 30 });
    const { runId, issueId } = await runningRun(agent, "merging");
    await gqlData(A.url, agent.token, SetRuntimeState, { input: { runId, key: "cursor", value: 7 } });
    await gqlData(A.url, agent.token, SetRuntimeState, { input: { runId, key: "note", value: "from attempt 1" } });
    // A wake while it runs queues the follow-up, which writes state of its own while it waits.
    const followUp = await gqlData(B.url, agent.token, WakeAgent, { input: { agentId: agent.id, issueId, environmentId, reason: "webhook" } });
    expect(followUp.wakeAgent.coalesced).toBe(false);
    await gqlData(A.url, agent.token, SetRuntimeState, { input: { runId: followUp.wakeAgent.run.id, key: "note", value: "queued" } });
    await gqlData(B.url, agent.token, FinishRun, { input: { runId, status: "FAILED", exitCode: 1 } });

    const { run } = await gqlData(A.url, agent.token, RunChain, { id: runId });
    expect(run!.retriedBy).toMatchObject({ id: followUp.wakeAgent.run.id, status: "QUEUED", attempt: 2, wakeCount: 2, wakeReasons: ["webhook", "retry"], retryOf: { id: runId } });
    const state = Object.fromEntries(run!.retriedBy!.runtimeState.edges.map(({ node }) => [node.key, node.value]));
    expect(state).toEqual({ cursor: 7, note: "queued" });
    const runs = await runsOf(issueId);
    expect(runs).toHaveLength(2);
    // It keeps its own notBefore (none): the wake wanted it run, and it does the retry's work too.
    expect(runs[1]!.notBefore).toBeNull();
  });
});

describe("updateAgent retryPolicy", () => {
  it("validates the policy (BAD_USER_INPUT naming the field); fields left out take their defaults", async () => {
    const agent = await createAgent(A.url, companyId, { name: "policy-knobs" });
    const refused = async (retryPolicy: Record<string, unknown>) => {
      const { errors } = await gql(A.url, TEST_ADMIN_TOKEN, SetRetryPolicy, { input: { id: agent.id, retryPolicy } as never });
      return [codeOf(errors), fieldOf(errors)];
    };
    expect(await refused({ maxAttempts: 0 })).toEqual(["BAD_USER_INPUT", "retryPolicy.maxAttempts"]);
    expect(await refused({ maxAttempts: 101 })).toEqual(["BAD_USER_INPUT", "retryPolicy.maxAttempts"]);
    expect(await refused({ initialBackoffSeconds: -1 })).toEqual(["BAD_USER_INPUT", "retryPolicy.initialBackoffSeconds"]);
    expect(await refused({ maxBackoffSeconds: 86_401 })).toEqual(["BAD_USER_INPUT", "retryPolicy.maxBackoffSeconds"]);
    expect(await refused({ initialBackoffSeconds: 60, maxBackoffSeconds: 30 })).toEqual(["BAD_USER_INPUT", "retryPolicy.initialBackoffSeconds"]);
    expect(await refused({ retryOn: ["FAILED", "CANCELLED"] })).toEqual(["BAD_USER_INPUT", "retryPolicy.retryOn.1"]);
    expect(await refused({ retryOn: ["SUCCEEDED"] })).toEqual(["BAD_USER_INPUT", "retryPolicy.retryOn.0"]);
    const self = await gql(A.url, agent.token, SetRetryPolicy, { input: { id: agent.id, retryPolicy: { maxAttempts: 2 } } });
    expect(codeOf(self.errors)).toBe("FORBIDDEN");
    // Nothing was written by the refusals.
    const { data } = await gql(A.url, TEST_ADMIN_TOKEN, AgentPolicy, { id: agent.id });
    expect(data?.node).toMatchObject({ retryPolicy: { maxAttempts: 1 } });
    const set = await gqlData(A.url, TEST_ADMIN_TOKEN, SetRetryPolicy, { input: { id: agent.id, retryPolicy: { maxAttempts: 4, retryOn: ["LOST", "LOST"] } } });
    expect(set.updateAgent.retryPolicy).toEqual({ maxAttempts: 4, initialBackoffSeconds: 10, maxBackoffSeconds: 600, retryOn: ["LOST"] });
  });
});
