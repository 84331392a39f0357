// The runner's log shipping survives its server replica dying: a child prints 20,000 stdout and
// 1,000 stderr lines while the replica the runner talks to is SIGKILLed and started again on the
// same port. Every line is stored exactly once and in order, a runLogs subscriber on a second
// replica (same database and Redis) hears them live, and the run is finished after its last chunk.
// The runner and the killed replica are real processes; the watching replica runs in-process.
// And the pool ships each of its runs' output to that run.
import { spawn } from "node:child_process";
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { print } from "graphql";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { startApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { subscribe } from "./support/graphql-client.js";
import { createIssue, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { getFreePort } from "./support/ports.js";
import { startServer, type ServerProcess, type TestServer } from "./support/server-process.js";

const STDOUT_LINES = 20_000;
const STDERR_EVERY = 20; // one stderr line after every 20th stdout line: 1,000 of them
const SERVER_ENV = { RUNYARD_DB_POOL_SIZE: "5" };

const LiveLogs = graphql(`
  subscription KillLiveLogs($runId: ID!) { runLogs(runId: $runId) { seq stream text } }
`);

// Prints the first half at once, protocol lines among it, then the second half once GO exists.
const CHILD_SCRIPT = `
import { existsSync } from "node:fs";
const go = process.argv[2];
let out = 0, err = 0;
const burst = (n) => {
  for (let i = 0; i < n; i++) {
    process.stdout.write("out " + out++ + "\\n");
    if (out % ${STDERR_EVERY} === 0) process.stderr.write("err " + err++ + "\\n");
  }
};
process.stdout.write('::state phase="first"\\n');
process.stdout.write('::usage {"inputTokens":1,"outputTokens":2,"costCents":3}\\n');
burst(${STDOUT_LINES / 2});
const wait = setInterval(() => {
  if (!existsSync(go)) return;
  clearInterval(wait);
  burst(${STDOUT_LINES / 2});
}, 20);
`;

let db: TestDatabase;
let sql: pg.Client;
let watcher: TestServer;
let dir: string;
let agent: Agent;
let target: { issueId: string; environmentId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  dir = await mkdtemp(path.join(tmpdir(), "runyard-log-kill-"));
  await writeFile(path.join(dir, "child.mjs"), CHILD_SCRIPT);
  watcher = await startApp({ databaseUrl: db.url, env: SERVER_ENV });
  const seed = await seedCompany(watcher.url, { company: "log-kill", agents: ["printer"], issue: "loud", environment: { capacity: 2 } });
  agent = seed.agents[0]!;
  target = seed;
});

afterAll(async () => {
  await watcher?.stop();
  await sql?.end();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function stored(runId: string): Promise<Array<{ seq: number; stream: string; text: string; createdAt: Date }>> {
  const { rows } = await sql.query(`SELECT "seq", "stream", "text", "createdAt" FROM "RunLogChunk" WHERE "runId" = $1 ORDER BY "seq"`, [runId]);
  return rows;
}

async function storedCount(runId: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RunLogChunk" WHERE "runId" = $1`, [runId]);
  return rows[0]!.n;
}

it("20,000 stdout and 1,000 stderr lines across a SIGKILL and restart of the runner's replica: each stored once, in order, streamed live, finished after", async () => {
  const port = await getFreePort();
  let replica: ServerProcess = await startServer({ databaseUrl: db.url, port, env: SERVER_ENV, label: "killed" });
  const run = await startRun(watcher.url, agent, target);
  const runId = decodeGlobalID(run.id).id;

  const sub = subscribe<{ runLogs: { seq: number; stream: string; text: string } }>(watcher.wsUrl, agent.token, print(LiveLogs), { runId: run.id });
  await sub.ready;
  const heard: Array<{ seq: number; stream: string; text: string }> = [];
  let listening = true;
  const listen = (async () => {
    while (listening) {
      try {
        heard.push((await sub.next(1_000)).runLogs);
      } catch (error) {
        if (!/no subscription payload/.test(String(error))) throw error;
      }
    }
  })();

  const go = path.join(dir, "GO");
  const runner = spawn(
    process.execPath,
    [
      "runner/bin/runyard-runner.js",
      "--url", replica.url,
      "--run", run.id,
      "--heartbeat-interval-ms", "200",
      "--log-flush-timeout-ms", "60000",
      "--", process.execPath, path.join(dir, "child.mjs"), go,
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUNYARD_URL: "", RUNYARD_AGENT_TOKEN: agent.token } },
  );
  let stdout = "";
  let stderr = "";
  runner.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  runner.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => runner.once("close", (code) => resolve(code)));

  try {
    // Mid-shipping: some of the first half stored, then the replica dies without a word.
    const deadline = Date.now() + 30_000;
    while ((await storedCount(runId)) < 1_000 && Date.now() < deadline) await sleep(10);
    expect(await replica.kill("SIGKILL")).toBe(null);
    const heardBeforeKill = heard.length;
    const storedBeforeKill = await storedCount(runId);
    // The second half is printed while nothing answers: the runner buffers it.
    await writeFile(go, "");
    await sleep(1_500);
    replica = await startServer({ databaseUrl: db.url, port, env: SERVER_ENV, label: "restarted" });

    expect(await exited, stderr).toBe(0);
    // Wait for the subscriber to have heard the tail (published after the last commit).
    const tail = Date.now() + 15_000;
    while (heard.at(-1)?.seq !== STDOUT_LINES + STDOUT_LINES / STDERR_EVERY - 1 && Date.now() < tail) await sleep(50);
    listening = false;
    await listen;

    const rows = await stored(runId);
    const expectedOut = Array.from({ length: STDOUT_LINES }, (_, i) => `out ${i}`);
    const expectedErr = Array.from({ length: STDOUT_LINES / STDERR_EVERY }, (_, i) => `err ${i}`);
    // Exactly once: as many rows as lines, seq 0 … n-1 without a gap, each stream's lines in the order printed.
    expect(rows.length).toBe(expectedOut.length + expectedErr.length);
    expect(rows.every((row, i) => row.seq === i)).toBe(true);
    expect(rows.filter((r) => r.stream === "STDOUT").map((r) => r.text)).toEqual(expectedOut);
    expect(rows.filter((r) => r.stream === "STDERR").map((r) => r.text)).toEqual(expectedErr);
    // The protocol lines are not output.
    expect(rows.some((r) => r.text.startsWith("::"))).toBe(false);
    // The runner still printed the child's output as before (protocol lines left out of stdout).
    expect(stdout.split("\n").filter((l) => l.startsWith("out ")).length).toBe(STDOUT_LINES);
    expect(stderr.split("\n").filter((l) => l.startsWith("err ")).length).toBe(expectedErr.length);
    // The kill hit the shipping: lines were stored before it and after it, and sends failed meanwhile.
    expect(storedBeforeKill).toBeGreaterThan(0);
    expect(storedBeforeKill).toBeLessThan(rows.length);
    expect(stderr).toMatch(/could not send log lines/);

    // Live: the watcher's subscriber heard lines before the kill and after the restart, in seq order,
    // each as stored. (A chunk committed by the killed replica in the instant before it could
    // publish is stored but never streamed: its resend is a duplicate.)
    expect(heardBeforeKill).toBeGreaterThan(0);
    expect(heard.at(-1)?.seq).toBe(rows.length - 1);
    expect(heard.every((h, i) => i === 0 || h.seq > heard[i - 1]!.seq)).toBe(true);
    expect(heard.every((h) => rows[h.seq]!.text === h.text && rows[h.seq]!.stream === h.stream)).toBe(true);
    console.log(`[run-logs-kill] ${rows.length} lines stored; ${storedBeforeKill} before the kill; the subscriber heard ${heard.length} (${heardBeforeKill} before the kill)`);

    // Finished after the last chunk: the finish's time is not before any chunk's, and the status change is the last event.
    const { rows: [finished] } = await sql.query<{ status: string; finishedAt: Date }>(`SELECT "status", "finishedAt" FROM "Run" WHERE "id" = $1`, [runId]);
    expect(finished!.status).toBe("SUCCEEDED");
    const lastChunkAt = Math.max(...rows.map((r) => r.createdAt.getTime()));
    expect(finished!.finishedAt.getTime()).toBeGreaterThanOrEqual(lastChunkAt);
    const { rows: events } = await sql.query<{ status: string; at: Date }>(
      `SELECT "status", "at" FROM "RunEvent" WHERE "runId" = $1 AND "kind" = 'STATUS_CHANGED' ORDER BY "id"`,
      [runId],
    );
    expect(events.at(-1)!.status).toBe("SUCCEEDED");
    expect(events.at(-1)!.at.getTime()).toBeGreaterThanOrEqual(lastChunkAt);
  } finally {
    listening = false;
    if (runner.exitCode === null) runner.kill("SIGKILL");
    await sub.close();
    await replica.stop().catch(() => {});
  }
}, 180_000);

it("the pool ships each run's output to that run's log, before finishing it", async () => {
  const poolAgent = await seedCompany(watcher.url, { company: "log-pool", agents: [{ name: "pool", maxConcurrentRuns: 2 }], environment: { capacity: 2 } });
  const who = poolAgent.agents[0]!;
  const runIds: string[] = [];
  for (const title of ["first", "second"]) {
    const run = await startRun(watcher.url, who, { issueId: await createIssue(watcher.url, poolAgent.companyId, title), environmentId: poolAgent.environmentId });
    runIds.push(decodeGlobalID(run.id).id);
  }
  // Each child prints its run id on both streams, 300 lines each.
  const script = path.join(dir, "pool-child.mjs");
  await writeFile(
    script,
    `const id = process.env.RUNYARD_RUN_ID;
     for (let i = 0; i < 300; i++) { process.stdout.write(id + " out " + i + "\\n"); process.stderr.write(id + " err " + i + "\\n"); }`,
  );
  const pool = spawn(
    process.execPath,
    ["runner/bin/runyard-runner.js", "--url", watcher.url, "--concurrency", "2", "--wait-seconds", "1", "--heartbeat-interval-ms", "200", "--", process.execPath, script],
    { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, RUNYARD_URL: "", RUNYARD_AGENT_TOKEN: who.token } },
  );
  let stderr = "";
  pool.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => pool.once("close", (code) => resolve(code)));
  try {
    const deadline = Date.now() + 30_000;
    const finished = async () =>
      (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Run" WHERE "id" = ANY($1::uuid[]) AND "status" = 'SUCCEEDED'`, [runIds])).rows[0]!.n;
    while ((await finished()) < 2 && Date.now() < deadline) await sleep(100);
    expect(await finished(), stderr).toBe(2);
    for (const runId of runIds) {
      const rows = await stored(runId);
      const id = encodeGlobalID("Run", runId);
      expect(rows.filter((r) => r.stream === "STDOUT").map((r) => r.text)).toEqual(Array.from({ length: 300 }, (_, i) => `${id} out ${i}`));
      expect(rows.filter((r) => r.stream === "STDERR").map((r) => r.text)).toEqual(Array.from({ length: 300 }, (_, i) => `${id} err ${i}`));
      const { rows: [run] } = await sql.query<{ finishedAt: Date }>(`SELECT "finishedAt" FROM "Run" WHERE "id" = $1`, [runId]);
      expect(run!.finishedAt.getTime()).toBeGreaterThanOrEqual(Math.max(...rows.map((r) => r.createdAt.getTime())));
    }
    pool.kill("SIGTERM");
    expect(await exited).toBe(0);
  } finally {
    if (pool.exitCode === null) pool.kill("SIGKILL");
  }
}, 60_000);
