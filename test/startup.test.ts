// A start that cannot succeed, as an operator meets it: one line naming the problem and the
// variable, a non-zero exit, no stack, and no admin token generated before the failure.
import { spawn } from "node:child_process";
import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { getFreePort } from "./support/ports.js";
import { TEST_ADMIN_TOKEN } from "./support/server-process.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** Runs `npm start`'s command with exactly `env` (plus PATH) and returns its exit code and output. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function expectOneClearLine(output: string, pattern: RegExp): void {
  const failure = output.split("\n").filter((line) => line.includes("cannot start"));
  expect(failure, output).toHaveLength(1);
  expect(failure[0]).toMatch(pattern);
  expect(output).not.toMatch(/\n\s+at /); // no stack frames
  expect(output).not.toContain("generated the admin token");
}

async function adminTokens(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "ApiToken" WHERE "kind" = 'ADMIN'`);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

// Concurrent: each is a process of its own that fails on its own, and none writes (that is the point).
describe.concurrent("a start that cannot succeed", () => {
  it("a bad knob names the variable", async () => {
    const { code, output } = await runServer({ DATABASE_URL: db.url, RUNYARD_REAPER_INTERVAL_MS: "soon" });
    expect(code).toBe(1);
    expectOneClearLine(output, /RUNYARD_REAPER_INTERVAL_MS must be an integer/);
  });

  it("a taken port names PORT and generates no admin token", async () => {
    const blocker = net.createServer();
    const port = await getFreePort();
    await new Promise<void>((resolve) => blocker.listen(port, resolve));
    try {
      const { code, output } = await runServer({ DATABASE_URL: db.url, PORT: String(port) });
      expect(code).toBe(1);
      expectOneClearLine(output, new RegExp(`PORT ${port} is already in use`));
      expect(await adminTokens(db.url)).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it("an unreachable DATABASE_URL names it, without its password", async () => {
    const port = await getFreePort();
    const { code, output } = await runServer({ DATABASE_URL: `postgresql://postgres:s3cret@127.0.0.1:${port}/runyard`, PORT: "0" });
    expect(code).toBe(1);
    expectOneClearLine(output, new RegExp(`DATABASE_URL: cannot reach postgresql://127\\.0\\.0\\.1:${port}/runyard`));
    expect(output).not.toContain("s3cret");
  });

  it("an unreachable REDIS_URL names it and generates no admin token", async () => {
    const port = await getFreePort();
    const { code, output } = await runServer({ DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${port}`, PORT: "0" });
    expect(code).toBe(1);
    expectOneClearLine(output, new RegExp(`REDIS_URL: cannot reach redis://127\\.0\\.0\\.1:${port}`));
    expect(await adminTokens(db.url)).toBe(0);
  });
});

describe("npm start, the README's command", () => {
  it("drains on SIGTERM sent to the npm process a supervisor started", async () => {
    const port = await getFreePort();
    const child = spawn("npm", ["start"], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATABASE_URL: db.url, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!output.includes("serving on port")) {
      if (Date.now() > deadline) throw new Error(`no start within 30 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill("SIGTERM");
    // The server itself must drain and stop: its port closes and it logs "stopped".
    const stopDeadline = Date.now() + 20_000;
    while (!output.includes('"msg":"stopped"')) {
      if (Date.now() > stopDeadline) throw new Error(`the server did not drain after SIGTERM to npm:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stillServing = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false);
    expect(stillServing, output).toBe(false);
  });
});

describe("the server's log", () => {
  it("every line on stdout is one JSON object with level and time; a request is logged with its id, operation, duration and code", async () => {
    const port = await getFreePort();
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: db.url, PORT: String(port), RUNYARD_ADMIN_TOKEN: TEST_ADMIN_TOKEN, LOG_LEVEL: "debug" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const deadline = Date.now() + 30_000;
    while (!stdout.includes("serving on port")) {
      if (Date.now() > deadline) throw new Error(`no start within 30 s:\n${stdout}${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const post = (query: string, requestId?: string) =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(requestId ? { "x-request-id": requestId } : {}) },
        body: JSON.stringify({ query }),
      });
    const probe = await post("query Probe { __typename }", "probe-1");
    expect(probe.headers.get("x-request-id")).toBe("probe-1");
    const bad = await post(`mutation Bad { cancelRun(input: { runId: "not-an-id" }) { id } }`, "has spaces, not used");
    const badId = bad.headers.get("x-request-id");
    expect(badId).toMatch(/^[0-9a-f-]{36}$/);
    // Both answers read to their end before the signal: their request lines are written by then.
    await Promise.all([probe.text(), bad.text()]);
    child.kill("SIGTERM");
    await exited;

    expect(stderr).toBe("");
    const lines = stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) {
      expect(line.level, JSON.stringify(line)).toMatch(/^(trace|debug|info|warn|error|fatal)$/);
      expect(new Date(String(line.time)).toISOString(), JSON.stringify(line)).toBe(line.time);
      expect(typeof line.msg).toBe("string");
    }
    expect(lines.filter((line) => line.msg === "request" && line.replica)).toEqual([
      expect.objectContaining({ level: "debug", reqId: "probe-1", operation: "Probe", status: 200, durationMs: expect.any(Number) }),
      expect.objectContaining({ level: "info", reqId: badId, operation: "Bad", code: "BAD_USER_INPUT" }),
    ]);
    expect(lines.at(-1)).toMatchObject({ level: "info", msg: "stopped" });
  });
});
