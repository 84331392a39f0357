// Runs a replica in the test's own process (createRunyard on port 0, as yoga's integration tests
// do): the same composition as `npm start`, without a process to spawn. Tests where a process is
// the point (SIGKILL, drain, the embedded start, the README's command line) use server-process.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRunyard, type Runyard } from "../../server/app.js";
import { readConfig } from "../../server/config.js";
import type { SandboxProvider } from "../../resolvers/providers.js";
import { TEST_REDIS_URL } from "./env.js";
import { TEST_ADMIN_TOKEN, waitUntilReady, type TestServer } from "./server-process.js";
import { createLogger } from "../../server/logger.js";

export interface StartAppOptions {
  databaseUrl: string;
  /** Omitted: the test Redis; null: in-process pubsub and locks. */
  redisUrl?: string | null;
  /** Knobs, exactly as the environment would give them to `npm start`. */
  env?: Record<string, string>;
  /** Omitted: TEST_ADMIN_TOKEN; null: none configured, so the replica generates one on a fresh database. */
  adminToken?: string | null;
  providers?: SandboxProvider[];
}

export interface TestApp extends TestServer {
  app: Runyard;
}

const READY_TIMEOUT_MS = 30_000;
const running = new Set<TestApp>();

/** Stops the replicas a test file left running (test/support/setup.ts calls it after each file). */
export async function stopAllApps(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}

export async function startApp(opts: StartAppOptions): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "runyard-app-"));
  const redisUrl = opts.redisUrl === undefined ? TEST_REDIS_URL : opts.redisUrl;
  const adminToken = opts.adminToken === undefined ? TEST_ADMIN_TOKEN : opts.adminToken;
  const config = readConfig({
    PORT: "0",
    RUNYARD_DB_POOL_SIZE: "8",
    RUNYARD_DATA_DIR: dataDir,
    DATABASE_URL: opts.databaseUrl,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...(adminToken ? { RUNYARD_ADMIN_TOKEN: adminToken } : {}),
    ...opts.env,
  });
  // The replica's JSON log lines, as `npm start` would print them.
  let output = "";
  const echo = process.env.DEBUG_SERVER === "1";
  const logger = createLogger(config.logLevel, {
    write(line: string) {
      output += line;
      if (echo) process.stderr.write(`[app] ${line}`);
    },
  });
  const logged = () => output;
  const app = await createRunyard(config, { logger, providers: opts.providers });
  const { port } = await app.start(0);
  const server: TestApp = {
    app,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    output: logged,
    async stop() {
      if (!running.delete(server)) return;
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  running.add(server);
  await waitUntilReady(server.url, READY_TIMEOUT_MS, new Promise(() => {}), () => false, logged);
  return server;
}
