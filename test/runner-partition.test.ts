// A runner cut off from the server stops its child once the agent's heartbeat timeout has passed
// without a heartbeat reaching the server: by then the reaper ends the run (LOST) and may queue a
// retry into the same workspace, where the old child must no longer be working.
import { spawn } from "node:child_process";
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { seedCompany, startRun, type Agent } from "./support/fixtures.js";

const TIMEOUT_S = 2;
let db: TestDatabase;
let server: TestApp;
let agent: Agent;
let seed: { companyId: string; issueId: string; environmentId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url, env: { RUNYARD_DB_POOL_SIZE: "4" } });
  const seeded = await seedCompany(server.url, {
    company: "partition",
    agents: [{ name: "cut-off", heartbeatTimeoutSeconds: TIMEOUT_S }],
    issue: "partition",
    environment: { capacity: 1 },
  });
  [agent] = seeded.agents as [Agent];
  seed = seeded;
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it("the server gone for longer than heartbeatTimeoutSeconds: the runner stops its child and exits", async () => {
  const run = await startRun(server.url, agent, seed);
  const child = `process.stdout.write('::state phase="working"\\n'); setInterval(() => {}, 1000);`;
  const runner = spawn(
    process.execPath,
    ["runner/bin/runyard-runner.js", "--url", server.url, "--run", run.id, "--heartbeat-interval-ms", "200", "--log-flush-timeout-ms", "300", "--", process.execPath, "-e", child],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUNYARD_URL: "", RUNYARD_AGENT_TOKEN: agent.token } },
  );
  let output = "";
  runner.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  runner.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => runner.once("close", resolve));
  try {
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    let childPid: number | null = null;
    try {
      for (let i = 0; i < 150 && childPid === null; i++) {
        const { rows } = await sql.query<{ pid: number | null; phase: unknown }>(
          `SELECT r."pid", s."value" AS "phase" FROM "Run" r LEFT JOIN "RuntimeState" s ON s."runId" = r."id" AND s."key" = 'phase' WHERE r."id" = $1`,
          [decodeGlobalID(run.id).id],
        );
        if (rows[0]?.phase === "working") childPid = rows[0].pid;
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await sql.end();
    }
    expect(childPid, output).not.toBeNull();
    expect(alive(childPid!)).toBe(true);

    await server.stop(); // the runner's server is gone: every heartbeat now fails to connect
    const stoppedBy = Date.now() + (TIMEOUT_S + 8) * 1000;
    while (alive(childPid!) && Date.now() < stoppedBy) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(childPid!), output).toBe(false);
    const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, 10_000, "timeout").unref());
    expect(await Promise.race([exited, timeout]), output).not.toBe("timeout");
    expect(output).toMatch(/no heartbeat reached it for 2 s/);
  } finally {
    if (runner.exitCode === null) runner.kill("SIGKILL");
  }
});
