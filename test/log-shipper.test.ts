// The runner's log shipper against a server that is not there yet: what it buffers is bounded
// (BUFFER_BYTES), past the bound new lines are dropped behind one marker line, and once the server
// comes up everything buffered is stored in order. Long lines go in pieces the server accepts.
import { PassThrough } from "node:stream";
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RunyardClient } from "../runner/client.js";
import { BUFFER_BYTES, LINE_OVERHEAD_BYTES, LogShipper } from "../runner/log-shipper.js";
import { startApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { claimRun, createIssue, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { getFreePort } from "./support/ports.js";
import { startServer, type TestServer } from "./support/server-process.js";

const SERVER_ENV = { RUNYARD_DB_POOL_SIZE: "4" };

let db: TestDatabase;
let sql: pg.Client;
let app: TestServer;
let agent: Agent;
let companyId: string;
let environmentId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  app = await startApp({ databaseUrl: db.url, env: SERVER_ENV });
  const seed = await seedCompany(app.url, { company: "shipper", agents: [{ name: "chatty", maxConcurrentRuns: 5 }], environment: { capacity: 5 } });
  agent = seed.agents[0]!;
  ({ companyId, environmentId } = seed);
});

afterAll(async () => {
  await app?.stop();
  await sql?.end();
  await db?.drop();
});

async function runningRun(title: string): Promise<string> {
  const run = await startRun(app.url, agent, { environmentId, issueId: await createIssue(app.url, companyId, title) });
  await claimRun(app.url, agent.token, run.id, { runnerId: "shipper-test", pid: process.pid });
  return run.id;
}

async function stored(runId: string): Promise<Array<{ seq: number; stream: string; text: string }>> {
  const { rows } = await sql.query(`SELECT "seq", "stream", "text" FROM "RunLogChunk" WHERE "runId" = $1 ORDER BY "seq"`, [decodeGlobalID(runId).id]);
  return rows;
}

it("buffers at most BUFFER_BYTES while the server is down, drops new lines behind one marker, and stores the rest in order once it is up", async () => {
  const runId = await runningRun("down");
  const port = await getFreePort();
  // Nothing listens on `port` yet: every send fails as a network error and is retried.
  const shipper = new LogShipper(new RunyardClient(`http://127.0.0.1:${port}`, agent.token, runId), { flushIntervalMs: 50, flushTimeoutMs: 60_000 });
  const output = new PassThrough();
  shipper.capture(output, "STDOUT");
  const line = (i: number) => `line ${String(i).padStart(6, "0")} ${"x".repeat(90)}`;
  const total = 100_000; // ~10 MB, past the 8 MiB bound
  for (let i = 0; i < total; i++) output.write(`${line(i)}\n`);
  output.end();
  await new Promise((resolve) => setTimeout(resolve, 500));

  const server = await startServer({ databaseUrl: db.url, port, env: SERVER_ENV });
  try {
    await shipper.flush();
  } finally {
    await server.stop();
  }

  const rows = await stored(runId);
  const kept = rows.length - 1;
  const cost = (text: string) => Buffer.byteLength(text) + LINE_OVERHEAD_BYTES;
  const keptBytes = rows.slice(0, kept).reduce((sum, r) => sum + cost(r.text), 0);
  // A prefix of the lines, as many as fit in the bound, then the marker.
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(total);
  expect(keptBytes).toBeLessThanOrEqual(BUFFER_BYTES);
  expect(keptBytes + cost(line(kept))).toBeGreaterThan(BUFFER_BYTES);
  expect(rows.slice(0, kept).every((r, i) => r.seq === i && r.text === line(i) && r.stream === "STDOUT")).toBe(true);
  expect(rows.at(-1)).toEqual({ seq: kept, stream: "STDERR", text: `[runyard-runner: ${total - kept} lines dropped]` });
}, 120_000);

it("sends a line past 16,000 UTF-16 units in pieces, never splitting a surrogate pair, and NUL as U+FFFD", async () => {
  const runId = await runningRun("long");
  const shipper = new LogShipper(new RunyardClient(app.url, agent.token, runId), { flushIntervalMs: 50, flushTimeoutMs: 30_000 });
  const output = new PassThrough();
  shipper.capture(output, "STDERR");
  const long = `${"a".repeat(15_999)}😀${"b".repeat(20_000)}`;
  output.end(`${long}\nnul\0here\n`);
  await shipper.flush();
  const texts = (await stored(runId)).map((r) => r.text);
  expect(texts.slice(0, -1).join("")).toBe(long);
  expect(texts[0]).toBe("a".repeat(15_999));
  expect(texts.at(-1)).toBe("nul\uFFFDhere");
});

it("gives up on lines the server never takes after flushTimeoutMs, so the run can still be finished", async () => {
  const runId = await runningRun("never");
  const port = await getFreePort(); // nothing will listen there
  const shipper = new LogShipper(new RunyardClient(`http://127.0.0.1:${port}`, agent.token, runId), { flushIntervalMs: 50, flushTimeoutMs: 500 });
  const output = new PassThrough();
  shipper.capture(output, "STDOUT");
  output.end("lost 1\nlost 2\n");
  // Resolves (the test's own timeout would catch a flush that waits for ever).
  await shipper.flush();
  expect(await stored(runId)).toEqual([]);
}, 10_000);
