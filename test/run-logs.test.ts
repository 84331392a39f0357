// appendRunLogs through the API, on two in-process replicas sharing one database and Redis: a chunk
// sent twice is stored once, whoever sends it and however concurrently; a caller's mistake is
// BAD_USER_INPUT naming the field; a finished run takes its last chunks for the grace only; the
// per-run byte budget truncates; old chunks are pruned; Run.logs pages in seq order, by stream;
// runLogs streams what the other replica stored.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { print } from "graphql";
import pg from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultOf } from "@graphql-typed-document-node/core";
import { graphql } from "./gql/index.js";
import { startApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { claimRun, createIssue, FinishRun, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { gql, gqlData, subscribe, type GqlResponse } from "./support/graphql-client.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";

const GRACE_SECONDS = 2;
const SMALL_MAX_BYTES = 1_000;
const RETENTION_HOURS = 1;
const SERVER_ENV = {
  RUNYARD_DB_POOL_SIZE: "5",
  RUNYARD_RUN_LOG_GRACE_SECONDS: String(GRACE_SECONDS),
  RUNYARD_LOG_RETENTION_HOURS: String(RETENTION_HOURS),
  RUNYARD_REAPER_INTERVAL_MS: "200",
};

const AppendLogs = graphql(`
  mutation LogsAppend($input: AppendRunLogsInput!) { appendRunLogs(input: $input) { accepted duplicates logsTruncated } }
`);
const RunLogs = graphql(`
  query LogsRunLogs($id: ID!, $after: String, $first: Int, $stream: RunLogStream) {
    run(id: $id) {
      logsTruncated
      logs(after: $after, first: $first, stream: $stream) {
        edges { cursor node { seq stream text createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
const RunLogTail = graphql(`
  query LogsRunLogTail($id: ID!, $before: String, $last: Int, $first: Int, $stream: RunLogStream) {
    run(id: $id) {
      logs(before: $before, last: $last, first: $first, stream: $stream) {
        edges { cursor node { seq stream text } }
        pageInfo { hasPreviousPage hasNextPage startCursor }
      }
    }
  }
`);
const LiveLogs = graphql(`
  subscription LogsLive($runId: ID!) { runLogs(runId: $runId) { seq stream text } }
`);

type Stream = "STDOUT" | "STDERR";
interface Chunk {
  seq: number;
  stream: Stream;
  text: string;
}

let db: TestDatabase;
let sql: pg.Client;
let A: TestServer;
let B: TestServer;
/** A replica whose runs may keep only SMALL_MAX_BYTES of log. */
let small: TestServer;
let agent: Agent;
let sibling: Agent;
let foreign: Agent;
let companyId: string;
let environmentId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  [A, B, small] = await Promise.all([
    startApp({ databaseUrl: db.url, env: SERVER_ENV }),
    startApp({ databaseUrl: db.url, env: SERVER_ENV }),
    startApp({ databaseUrl: db.url, env: { ...SERVER_ENV, RUNYARD_RUN_LOG_MAX_BYTES: String(SMALL_MAX_BYTES) } }),
  ]);
  const seed = await seedCompany(A.url, {
    company: "run-logs",
    agents: [{ name: "printer", maxConcurrentRuns: 50 }, "sibling"],
    environment: { capacity: 50 },
  });
  [agent, sibling] = seed.agents as [Agent, Agent];
  ({ companyId, environmentId } = seed);
  const other = await seedCompany(A.url, { company: "run-logs-other", agents: ["foreign"] });
  foreign = other.agents[0]!;
});

afterAll(async () => {
  await Promise.all([A, B, small].filter(Boolean).map((server) => server.stop()));
  await sql?.end();
  await db?.drop();
});

/** A RUNNING run of the agent on an issue of its own. */
async function runningRun(): Promise<string> {
  const issueId = await createIssue(A.url, companyId, "logs");
  const run = await startRun(A.url, agent, { issueId, environmentId });
  await claimRun(B.url, agent.token, run.id, { runnerId: "run-logs-test", pid: 4242 });
  return run.id;
}

const lines = (from: number, count: number, stream: Stream = "STDOUT"): Chunk[] =>
  Array.from({ length: count }, (_, i) => ({ seq: from + i, stream, text: `${stream.toLowerCase()} line ${from + i}` }));

function append(server: TestServer, token: string, runId: string, chunks: unknown[]): Promise<GqlResponse<{ appendRunLogs: { accepted: number; duplicates: number; logsTruncated: boolean } }>> {
  return gql(server.url, token, AppendLogs, { input: { runId, chunks: chunks as Chunk[] } });
}

async function appended(server: TestServer, runId: string, chunks: Chunk[]) {
  const response = await append(server, agent.token, runId, chunks);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!.appendRunLogs;
}

/** The stored rows, straight from the table. */
async function storedRows(runId: string): Promise<Chunk[]> {
  const { rows } = await sql.query<Chunk>(`SELECT "seq", "stream", "text" FROM "RunLogChunk" WHERE "runId" = $1 ORDER BY "seq"`, [decodeGlobalID(runId).id]);
  return rows;
}

function refusal(response: GqlResponse<unknown>): { code: unknown; field: unknown } {
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  const { extensions } = response.errors![0]!;
  return { code: extensions?.code, field: extensions?.field };
}

describe("appendRunLogs", () => {
  it("stores a chunk sent twice once, and answers how many were new", async () => {
    const runId = await runningRun();
    expect(await appended(A, runId, [...lines(2, 1), ...lines(0, 2)])).toEqual({ accepted: 3, duplicates: 0, logsTruncated: false });
    // A resend (the answer was lost) through the other replica, overlapping the next batch.
    expect(await appended(B, runId, lines(1, 4))).toEqual({ accepted: 2, duplicates: 2, logsTruncated: false });
    expect(await storedRows(runId)).toEqual(lines(0, 5));
  });

  it("40 concurrent overlapping batches on two replicas: every seq stored once, the answers add up", async () => {
    const runId = await runningRun();
    // Batch i holds seqs 10i … 10i+29: each seq is sent by up to three batches at once.
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => append(i % 2 ? A : B, agent.token, runId, lines(10 * i, 30))));
    expect(responses.flatMap((r) => r.errors ?? [])).toEqual([]);
    const answers = responses.map((r) => r.data!.appendRunLogs);
    const unique = 10 * 39 + 30;
    expect(answers.reduce((sum, a) => sum + a.accepted, 0)).toBe(unique);
    expect(answers.reduce((sum, a) => sum + a.duplicates, 0)).toBe(40 * 30 - unique);
    expect(await storedRows(runId)).toEqual(lines(0, unique));
    const { rows } = await sql.query<{ logBytes: number }>(`SELECT "logBytes" FROM "Run" WHERE "id" = $1`, [decodeGlobalID(runId).id]);
    expect(rows[0]!.logBytes).toBe(lines(0, unique).reduce((sum, c) => sum + Buffer.byteLength(c.text), 0));
  });

  it("is refused as for a missing run to another agent of the company and to another company; the admin may append", async () => {
    const runId = await runningRun();
    for (const token of [sibling.token, foreign.token]) {
      expect(refusal(await append(A, token, runId, lines(0, 1)))).toEqual({ code: "NOT_FOUND", field: undefined });
    }
    const missing = await append(A, agent.token, "UnVuOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==", lines(0, 1));
    expect(refusal(missing).code).toBe("NOT_FOUND");
    expect(await storedRows(runId)).toEqual([]);
    const admin = await append(A, TEST_ADMIN_TOKEN, runId, lines(0, 1));
    expect(admin.data?.appendRunLogs.accepted).toBe(1);
  });

  it("refuses a caller's mistake as BAD_USER_INPUT naming the field, and stores nothing of the call", async () => {
    const runId = await runningRun();
    const ok = lines(0, 1)[0]!;
    const cases: Array<[unknown[], string]> = [
      [[{ ...ok, seq: -1 }], "chunks.0.seq"],
      [[ok, { ...ok, seq: 1, text: "x".repeat(64 * 1024 + 1) }], "chunks.1.text"],
      [[ok, { ...ok, seq: 1, text: "é".repeat(40 * 1024) }], "chunks.1.text"],
      [[ok, { ...ok, seq: 1, text: "nul \0 here" }], "chunks.1.text"],
      [[ok, { ...ok }], "chunks.1.seq"],
      [[], "chunks"],
      [lines(0, 1_001), "chunks"],
      [Array.from({ length: 20 }, (_, i) => ({ ...ok, seq: i, text: "y".repeat(60 * 1024) })), "chunks"],
    ];
    for (const [chunks, field] of cases) {
      expect(refusal(await append(A, agent.token, runId, chunks)), field).toEqual({ code: "BAD_USER_INPUT", field });
    }
    // A non-integer seq, or one past 2^31 - 1, does not get past GraphQL's Int.
    for (const seq of [1.5, 2 ** 31]) expect(refusal(await append(A, agent.token, runId, [{ ...ok, seq }])).code).toBe("BAD_USER_INPUT");
    expect(await storedRows(runId)).toEqual([]);
  });

  it("takes a finished run's last chunks for the grace, then INVALID_RUN_TRANSITION; a QUEUED run's none", async () => {
    const runId = await runningRun();
    await appended(A, runId, lines(0, 2));
    await gqlData(A.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });
    expect(await appended(B, runId, lines(2, 2))).toMatchObject({ accepted: 2 });
    await sleep(GRACE_SECONDS * 1000 + 500);
    expect(refusal(await append(B, agent.token, runId, lines(4, 1))).code).toBe("INVALID_RUN_TRANSITION");
    expect(await storedRows(runId)).toEqual(lines(0, 4));

    const queued = await startRun(A.url, agent, { issueId: await createIssue(A.url, companyId, "queued"), environmentId });
    expect(refusal(await append(A, agent.token, queued.id, lines(0, 1))).code).toBe("INVALID_RUN_TRANSITION");
  });

  it(`keeps at most RUNYARD_RUN_LOG_MAX_BYTES (${SMALL_MAX_BYTES}) per run: a prefix, then logsTruncated`, async () => {
    const runId = await runningRun();
    const chunk = (seq: number, bytes: number): Chunk => ({ seq, stream: "STDOUT", text: String(seq % 10).repeat(bytes) });
    expect(await appended(small, runId, [chunk(0, 300), chunk(1, 300)])).toEqual({ accepted: 2, duplicates: 0, logsTruncated: false });
    // A resend costs nothing of the budget: only chunks not stored yet count.
    expect(await appended(small, runId, [chunk(0, 300), chunk(1, 300)])).toEqual({ accepted: 0, duplicates: 2, logsTruncated: false });
    // 300 more fit (900), the next 300 would not: it and every later chunk are dropped.
    expect(await appended(small, runId, [chunk(2, 300), chunk(3, 300), chunk(4, 10)])).toEqual({ accepted: 1, duplicates: 0, logsTruncated: true });
    // Once truncated, nothing more is stored, though it would fit: the log stays a prefix.
    expect(await appended(small, runId, [chunk(5, 10)])).toEqual({ accepted: 0, duplicates: 0, logsTruncated: true });
    expect((await storedRows(runId)).map((c) => c.seq)).toEqual([0, 1, 2]);
    const { run } = await gqlData(A.url, agent.token, RunLogs, { id: runId });
    expect(run?.logsTruncated).toBe(true);
  });

  it("holds the budget under 20 concurrent calls on two replicas (the run row is locked first)", async () => {
    const runId = await runningRun();
    // Both replicas with the small budget: a second one on the same database and Redis.
    const smallToo = await startApp({ databaseUrl: db.url, env: { ...SERVER_ENV, RUNYARD_RUN_LOG_MAX_BYTES: String(SMALL_MAX_BYTES) } });
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => append(i % 2 ? small : smallToo, agent.token, runId, [{ seq: i, stream: "STDOUT", text: "z".repeat(100) }])),
      );
      expect(responses.flatMap((r) => r.errors ?? [])).toEqual([]);
      expect(responses.reduce((sum, r) => sum + r.data!.appendRunLogs.accepted, 0)).toBe(10);
    } finally {
      await smallToo.stop();
    }
    expect(await storedRows(runId)).toHaveLength(10);
    const { rows } = await sql.query<{ logBytes: number; logsTruncated: boolean }>(`SELECT "logBytes", "logsTruncated" FROM "Run" WHERE "id" = $1`, [decodeGlobalID(runId).id]);
    expect(rows[0]).toEqual({ logBytes: 1_000, logsTruncated: true });
  });

  it(`prunes chunks older than RUNYARD_LOG_RETENTION_HOURS (${RETENTION_HOURS}) from the reaper loop, and only those`, async () => {
    const runId = await runningRun();
    await appended(A, runId, lines(0, 30));
    await sql.query(`UPDATE "RunLogChunk" SET "createdAt" = now() - interval '2 hours' WHERE "runId" = $1 AND "seq" < 20`, [decodeGlobalID(runId).id]);
    const deadline = Date.now() + 15_000;
    while ((await storedRows(runId)).length > 10 && Date.now() < deadline) await sleep(100);
    expect(await storedRows(runId)).toEqual(lines(20, 10));
  });
});

describe("Run.logs", () => {
  it("pages in seq order, both streams or one", async () => {
    const runId = await runningRun();
    // seq 0‥249, every third line on stderr.
    const all = Array.from({ length: 250 }, (_, seq): Chunk => ({ seq, stream: seq % 3 === 0 ? "STDERR" : "STDOUT", text: `line ${seq}` }));
    await appended(A, runId, [...all].reverse());

    const read = async (stream: Stream | undefined, first: number): Promise<Chunk[]> => {
      const out: Chunk[] = [];
      let after: string | null = null;
      for (;;) {
        const { run }: ResultOf<typeof RunLogs> = await gqlData(B.url, agent.token, RunLogs, { id: runId, first, after, stream });
        out.push(...run!.logs.edges.map(({ node }) => ({ seq: node.seq, stream: node.stream, text: node.text })));
        if (!run!.logs.pageInfo.hasNextPage) return out;
        after = run!.logs.pageInfo.endCursor!;
      }
    };
    expect(await read(undefined, 100)).toEqual(all);
    expect(await read("STDERR", 30)).toEqual(all.filter((c) => c.stream === "STDERR"));
    expect(await read("STDOUT", 1_000)).toEqual(all.filter((c) => c.stream === "STDOUT"));
    // A page is bounded.
    const huge = await gql(A.url, agent.token, RunLogs, { id: runId, first: 100_000 });
    expect(huge.data?.run?.logs.edges.length ?? 0).toBeLessThanOrEqual(1_000);
    // A cursor of another connection is the caller's mistake.
    const foreignCursor = Buffer.from("GPC:S:nope").toString("base64");
    expect(refusal(await gql(A.url, agent.token, RunLogs, { id: runId, after: foreignCursor }))).toEqual({ code: "BAD_USER_INPUT", field: "after" });
  });
});

describe("Run.logs backward (the tail)", () => {
  it("last: N is the log's last N lines in seq order; before pages back to the start, both streams or one", async () => {
    const runId = await runningRun();
    const all = Array.from({ length: 250 }, (_, seq): Chunk => ({ seq, stream: seq % 3 === 0 ? "STDERR" : "STDOUT", text: `line ${seq}` }));
    await appended(A, runId, all);
    const tail = await gqlData(B.url, agent.token, RunLogTail, { id: runId, last: 10 });
    expect(tail.run!.logs.edges.map(({ node }) => node.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 240 + i));
    expect(tail.run!.logs.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });

    const back = async (stream: Stream | undefined, last: number): Promise<Chunk[]> => {
      const pages: Chunk[][] = [];
      let before: string | null = null;
      for (;;) {
        const { run }: ResultOf<typeof RunLogTail> = await gqlData(B.url, agent.token, RunLogTail, { id: runId, last, before, stream });
        pages.unshift(run!.logs.edges.map(({ node }) => ({ seq: node.seq, stream: node.stream, text: node.text })));
        if (!run!.logs.pageInfo.hasPreviousPage) return pages.flat();
        before = run!.logs.pageInfo.startCursor!;
      }
    };
    expect(await back(undefined, 64)).toEqual(all);
    expect(await back("STDERR", 7)).toEqual(all.filter((c) => c.stream === "STDERR"));
    // One direction at a time; a negative size is refused.
    expect(refusal(await gql(A.url, agent.token, RunLogTail, { id: runId, last: 5, first: 5 }))).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    expect(refusal(await gql(A.url, agent.token, RunLogTail, { id: runId, last: -1 }))).toEqual({ code: "BAD_USER_INPUT", field: "last" });
  });
});

describe("runLogs", () => {
  it("a subscriber on A hears, in order, the chunks B stores, and no resends", async () => {
    const runId = await runningRun();
    const sub = subscribe<{ runLogs: Chunk }>(A.wsUrl, agent.token, print(LiveLogs), { runId });
    try {
      await sub.ready;
      await appended(B, runId, lines(0, 50));
      await appended(B, runId, [...lines(40, 20), ...lines(60, 5, "STDERR")]);
      const heard = await sub.take(65, 20_000);
      expect(heard.map((h) => h.runLogs)).toEqual([...lines(0, 60), ...lines(60, 5, "STDERR")]);
      await expect(sub.next(500)).rejects.toThrow(/no subscription payload/);
    } finally {
      await sub.close();
    }
  });

  it("is refused to another agent's token as for a missing run", async () => {
    const runId = await runningRun();
    const sub = subscribe<{ runLogs: Chunk }>(A.wsUrl, sibling.token, print(LiveLogs), { runId });
    try {
      await sub.ready;
      await expect(sub.next(5_000)).rejects.toThrow(/NOT_FOUND|not found/);
    } finally {
      await sub.close();
    }
  });
});
