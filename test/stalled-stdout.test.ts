// A replica whose stdout reader stalls (a log shipper, a `| tee` on a full disk, a paused terminal)
// keeps serving: the log is written asynchronously into a bounded buffer (server/logger.ts), and a
// flood of 401s is logged at debug. Written synchronously, the first line past the pipe's 64 KiB
// blocked the event loop: heartbeats, lease renewals, /healthz, everything.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { REPO_ROOT } from "./support/env.js";
import { TEST_ADMIN_TOKEN } from "./support/server-process.js";

let db: TestDatabase;
let child: ChildProcess | undefined;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  if (child?.pid && child.exitCode === null) child.kill("SIGKILL");
  await db?.drop();
});

it("a replica whose stdout reader stalls keeps answering /healthz", async () => {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATABASE_URL: db.url, RUNYARD_ADMIN_TOKEN: TEST_ADMIN_TOKEN, RUNYARD_DB_POOL_SIZE: "4" };
  delete env.NODE_OPTIONS;
  delete env.REDIS_URL;
  const proc = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
  child = proc;
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("serving on port")) {
        proc.stdout!.off("data", onData);
        // The log collector stalls: nothing reads the pipe from here on.
        proc.stdout!.pause();
        resolve();
      }
    };
    proc.stdout!.on("data", onData);
    proc.once("exit", (code) => reject(new Error(`server exited ${code}: ${seen}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  expect((await fetch(`${url}/healthz`)).status).toBe(200);

  // Callers without a token: a 401 each, and a log line each at the default level.
  for (let batch = 0; batch < 20; batch++) {
    await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer not-a-valid-token-at-all-xxxxxxxx" },
          body: JSON.stringify({ query: "{ __typename }" }),
          signal: AbortSignal.timeout(2_000),
        }).then(
          (r) => r.text(),
          () => undefined,
        ),
      ),
    );
  }

  const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3_000) }).then(
    (r) => r.status,
    (e: Error) => e.name,
  );
  expect(health).toBe(200);
}, 60_000);
