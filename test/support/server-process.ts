// Runs the real server (`node --import tsx server/main.ts`) as a child process, the way it runs in
// production, and waits until it reports ready. The tests' and the benchmarks' one way to spawn a
// replica (nothing here runs vitest hooks at import).
import { spawn } from "node:child_process";
import { afterEach } from "vitest";
import { REPO_ROOT, TEST_REDIS_URL } from "./env.js";
import { getFreePort } from "./ports.js";

/** The RUNYARD_ADMIN_TOKEN every test server gets. */
export const TEST_ADMIN_TOKEN = "runyard-test-admin-token-0123456789abcdef";

const READY_TIMEOUT_MS = 30_000;
// The server gives its own drain 15 s before it exits on its own.
const STOP_TIMEOUT_MS = 20_000;

export interface StartServerOptions {
  /** Omitted: the child gets no DATABASE_URL, so the server starts its embedded PostgreSQL. */
  databaseUrl?: string;
  /** Omitted: the test Redis; null: no REDIS_URL, so in-process pubsub and locks. */
  redisUrl?: string | null;
  env?: Record<string, string>;
  port?: number;
  /** Omitted: TEST_ADMIN_TOKEN; null: no RUNYARD_ADMIN_TOKEN, so the server generates one on a fresh database. */
  adminToken?: string | null;
  /** How long to wait for /readyz (default 30 s); an embedded first start runs initdb, which is slower. */
  readyTimeoutMs?: number;
  /** Prefixes its echoed log lines (DEBUG_SERVER=1). */
  label?: string;
}

/** A replica a test talks to, in its own process or in the test's (test/support/app.ts). */
export interface TestServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT/graphql */
  wsUrl: string;
  /** Everything the replica logged so far. */
  output(): string;
  /** Drains the replica and waits until it has stopped. */
  stop(): Promise<void>;
}

export interface ServerProcess extends TestServer {
  pid: number;
  /** Sends the signal (SIGTERM by default); resolves with the exit code (null if a signal ended it). */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

// Servers a test file or benchmark left running (e.g. an assertion failed before stop()); tests stop
// them after each file (test/support/setup.ts), benchmarks at their cleanup. A process `exit`
// handler would not do: vitest ends its fork workers with SIGTERM, which skips `exit` handlers.
// Stopping gracefully also stops an embedded Postgres.
const running = new Set<ServerProcess>();

export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}

export async function startServer(opts: StartServerOptions = {}): Promise<ServerProcess> {
  const port = opts.port ?? (await getFreePort());
  const url = `http://127.0.0.1:${port}`;

  // A small pool per test server: test files run in parallel, each with a few replicas, against one
  // PostgreSQL whose connections are limited (100 by default). Files may ask for more in opts.env.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), RUNYARD_DB_POOL_SIZE: "8" };
  // Never inherit these from the shell running the tests: each test says what it wants.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.RUNYARD_ADMIN_TOKEN;
  // The caller's own loader flags (vitest's, tsx's) are not the server's unless asked for.
  delete env.NODE_OPTIONS;
  const adminToken = opts.adminToken === undefined ? TEST_ADMIN_TOKEN : opts.adminToken;
  if (adminToken !== null) env.RUNYARD_ADMIN_TOKEN = adminToken;
  if (opts.databaseUrl !== undefined) env.DATABASE_URL = opts.databaseUrl;
  const redisUrl = opts.redisUrl === undefined ? TEST_REDIS_URL : opts.redisUrl;
  if (redisUrl !== null) env.REDIS_URL = redisUrl;
  Object.assign(env, opts.env);

  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });

  let output = "";
  const echo = process.env.DEBUG_SERVER === "1";
  const capture = (chunk: Buffer): void => {
    const text = chunk.toString("utf8");
    output += text;
    if (echo) process.stderr.write(text.replace(/^(?=.)/gm, `[${opts.label ?? `server :${port}`}] `));
  };
  child.stdout.on("data", capture);
  child.stderr.on("data", capture);

  let server: ServerProcess | undefined;
  let exitCode: number | null | undefined; // undefined while running
  const exited = new Promise<number | null>((resolve) => {
    const settle = (code: number | null): void => {
      if (server) running.delete(server);
      exitCode = code;
      resolve(code);
    };
    child.once("exit", (code) => settle(code));
    child.once("error", (error) => {
      output += `\n[spawn error] ${error.message}\n`;
      settle(null);
    });
  });

  const kill = async (signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> => {
    if (exitCode === undefined) child.kill(signal);
    return exited;
  };

  await waitUntilReady(url, opts.readyTimeoutMs ?? READY_TIMEOUT_MS, exited, () => exitCode !== undefined, () => output).catch(async (error: unknown) => {
    await kill("SIGKILL");
    throw error;
  });

  server = {
    url,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    pid: child.pid ?? -1,
    output: () => output,
    kill,
    async stop() {
      const timer = new Promise<"timeout">((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, "timeout").unref());
      if ((await Promise.race([kill("SIGTERM"), timer])) === "timeout") {
        await kill("SIGKILL");
        throw new Error(`server :${port} did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM; output:\n${output}`);
      }
    },
  };
  if (exitCode === undefined) running.add(server);
  return server;
}

/** Polls /readyz until 200: the database answers and every provider has registered (or failed). */
export async function waitUntilReady(
  url: string,
  timeoutMs: number,
  exited: Promise<number | null>,
  hasExited: () => boolean,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastAnswer = "no answer yet";
  for (;;) {
    if (hasExited()) {
      throw new Error(`server exited with code ${String(await exited)} before it was ready; output:\n${output()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`server not ready within ${timeoutMs} ms (last /readyz: ${lastAnswer}); output:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastAnswer = `${response.status} ${await response.text()}`;
    } catch (error) {
      lastAnswer = String(error); // not listening yet
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), exited]);
  }
}

/**
 * The servers' own account of INTERNAL errors (each logged with its stack, which the GraphQL answer
 * masks), to explain a failure: every "internal error" entry of their output, 1500 characters at most.
 */
export function internalErrors(servers: readonly TestServer[]): string {
  return servers
    .map((server) =>
      server
        .output()
        .split("\n")
        .filter((line) => line.includes('"msg":"internal error'))
        .map((line) => line.slice(0, 1500))
        .join("\n"),
    )
    .filter(Boolean)
    .join("\n---\n");
}

/** After each test of the file, prints what internalErrors() finds in the servers' output so far. */
export function reportInternalErrorsAfterEach(servers: () => readonly TestServer[] | undefined): void {
  afterEach(() => {
    const internal = internalErrors(servers() ?? []);
    if (internal) console.error(`[servers] internal errors so far:\n${internal}`);
  });
}
