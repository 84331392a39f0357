// Query-count assertions: every list and nested field a dashboard asks for costs the same number of
// SQL statements for a page of 5 as for a page of 40, so no field resolves row by row (N+1); and the
// hot paths whose exact statements matter (a wake, a token's lookup) make exactly those.
//
// Statements are counted at the pg pool, on every client it hands out, rather than through Prisma's
// query events or a `$extends` hook: that also counts raw SQL, transaction statements and anything
// a resolver sends through the pool directly, which is what the database actually sees.
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { execute, parse, type ExecutionResult } from "graphql";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, hashToken } from "../resolvers/auth.js";
import { contextForViewer, type RequestContext, type Runtime } from "../resolvers/runtime.js";
import { schema } from "../schema/index.js";
import { createRunyard, type Runyard } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { createLogger } from "../server/logger.js";


/** A replica as the server builds it (createRunyard), not started: its runtime is all a query needs. */
async function buildReplica(databaseUrl: string): Promise<Runyard> {
  return createRunyard(readConfig({ DATABASE_URL: databaseUrl, RUNYARD_DB_POOL_SIZE: "4", RUNYARD_DATA_DIR: tmpdir() }), { logger: createLogger("silent") });
}

function adminContext(app: Runyard): RequestContext {
  return contextForViewer(app.runtime, { kind: "ADMIN", tokenId: "00000000-0000-0000-0000-000000000000" }, new AbortController().signal);
}

/** Counts every statement sent on any connection of `pool`, and the rows they return, while `counting` is set. */
function countStatements(pool: pg.Pool): { sql: string[]; rows: number; counting: boolean } {
  const counter = { sql: [] as string[], rows: 0, counting: false };
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      if (counter.counting) {
        const [first] = args;
        counter.sql.push(typeof first === "string" ? first : String((first as { text?: string }).text));
        const countRows = (answer: { rowCount?: number | null } | undefined) => (counter.rows += answer?.rowCount ?? 0);
        // pool.query hands its client a callback; a client checked out of the pool gets a promise.
        const callback = args.at(-1);
        if (typeof callback === "function") {
          return query(...args.slice(0, -1), (error: unknown, answer: { rowCount?: number | null } | undefined) => {
            countRows(answer);
            callback(error, answer);
          });
        }
        const result = query(...args);
        if (result instanceof Promise) void result.then(countRows, () => {});
        return result;
      }
      return query(...args);
    };
  });
  return counter;
}

const OPERATIONS = {
  "companies → agents": `{
    companies(first: 50) { edges { node { id name agents(first: 50) { edges { node { id name } } } } } }
  }`,
  "companies → usage, agents → usage, runs → usage": `{
    companies(first: 50) {
      edges { node { id usage { costCents } agents(first: 50) { edges { node { id usage { costCents other } runs(first: 5) { edges { node { usage { costCents } } } } } } } } }
    }
  }`,
  "environments → leases": `query($companyId: ID!) {
    environments(companyId: $companyId, first: 50) {
      edges { node { id name leases(first: 50) { edges { node { id status fencingToken } } } } }
    }
  }`,
  "issues → workspace → runs": `query($companyId: ID!) {
    issues(companyId: $companyId, first: 50) {
      edges { node { id title workspace { id configVersion runs(first: 50) { edges { node { id status } } } } } }
    }
  }`,
  "runs → agent, issue, environment, workspace, retryOf, retriedBy, leases, runtimeState, events, logs": `query($companyId: ID!) {
    runs(companyId: $companyId, first: 50) {
      edges {
        node {
          id
          status
          agent { name }
          issue { title }
          environment { name }
          workspace { id }
          retryOf { id attempt }
          retriedBy { id attempt }
          leases(first: 50) { edges { node { status } } }
          runtimeState(first: 50) { edges { node { key value } } }
          events(first: 50) { edges { node { kind status } } }
          logsTruncated
          logs(first: 50) { edges { node { seq stream text } } }
          stderr: logs(first: 50, stream: STDERR) { edges { node { seq text } } }
        }
      }
    }
  }`,
  // The dashboard's pages (dashboard/src/pages): the runs page's rows, the environments page's slot
  // grid and owed cleanups, the agents page, and a log tail under each run.
  "dashboard runs page: runs → agent, issue, environment, usage": `query($companyId: ID!) {
    runs(companyId: $companyId, first: 50) {
      edges { node { id status attempt createdAt agent { id name } issue { id title } environment { id name providerKey } usage { costCents } } }
    }
  }`,
  "dashboard environments page: environments → leases(ACTIVE) → run → agent, issue; leases(PENDING), leases(FAILED)": `query($companyId: ID!) {
    environments(companyId: $companyId, first: 50) {
      edges {
        node {
          id name capacity
          active: leases(status: ACTIVE, first: 50) { edges { node { id slot fencingToken expiresAt run { id status agent { name } issue { title } } } } }
          pending: leases(cleanupStatus: PENDING, first: 20) { pageInfo { hasNextPage } edges { node { id cleanupAttempts } } }
          failed: leases(cleanupStatus: FAILED, first: 20) { pageInfo { hasNextPage } edges { node { id cleanupAttempts } } }
        }
      }
    }
  }`,
  "dashboard agents page: agents → usage, schedules → issue, environment": `query($companyId: ID!) {
    node(id: $companyId) {
      ... on Company {
        agents(first: 50) {
          edges { node { id name maxConcurrentRuns usage { costCents } schedules(first: 20) { pageInfo { hasNextPage } edges { node { id issue { title } environment { name } } } } } }
        }
      }
    }
  }`,
  "runs → logs(last: 50) (a tail each)": `query($companyId: ID!) {
    runs(companyId: $companyId, first: 50) { edges { node { id logs(last: 50) { edges { node { seq text } } } } } }
  }`,
} as const;

/**
 * `count` companies; the first has `count` of everything: agents, environments (one lease each),
 * issues (one OPEN workspace each), and runs with a lease, a runtime state entry, two events and
 * two log lines (one a stream). The runs are linked in a ring of retries (each retryOf the next),
 * so every retryOf and retriedBy is there to load.
 */
async function seed(runtime: Pick<Runtime, "db">, count: number): Promise<string> {
  const { db } = runtime;
  const companies = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), name: `company ${i}` }));
  await db.company.createMany({ data: companies });
  const companyId = companies[0]!.id;
  const rows = Array.from({ length: count }, (_, i) => ({
    i,
    agentId: randomUUID(),
    environmentId: randomUUID(),
    issueId: randomUUID(),
    workspaceId: randomUUID(),
    runId: randomUUID(),
  }));
  const now = Date.now();
  await db.agent.createMany({ data: rows.map(({ i, agentId }) => ({ id: agentId, companyId, name: `agent ${i}` })) });
  await db.environment.createMany({
    data: rows.map(({ i, environmentId }) => ({ id: environmentId, companyId, name: `env ${i}`, providerKey: "local", capacity: 1 })),
  });
  await db.issue.createMany({ data: rows.map(({ i, issueId }) => ({ id: issueId, companyId, title: `issue ${i}` })) });
  await db.workspace.createMany({ data: rows.map(({ issueId, workspaceId }) => ({ id: workspaceId, companyId, issueId, config: {} })) });
  await db.run.createMany({
    data: rows.map(({ i, agentId, environmentId, issueId, workspaceId, runId }) => ({
      id: runId,
      companyId,
      agentId,
      issueId,
      environmentId,
      workspaceId,
      status: "RUNNING" as const,
      createdAt: new Date(now - i * 1000),
      retryOfId: rows[(i + 1) % count]!.runId,
    })),
  });
  await db.lease.createMany({
    data: rows.map(({ environmentId, runId }) => ({
      companyId,
      environmentId,
      runId,
      slot: 0,
      fencingToken: 1,
      ttlSeconds: 60,
      expiresAt: new Date(now + 60_000),
    })),
  });
  await db.runtimeState.createMany({ data: rows.map(({ i, runId }) => ({ runId, key: "step", value: i })) });
  await db.runLogChunk.createMany({
    data: rows.flatMap(({ runId }) => [
      { runId, seq: 0, stream: "STDOUT" as const, text: "out", bytes: 3 },
      { runId, seq: 1, stream: "STDERR" as const, text: "err", bytes: 3 },
    ]),
  });
  await db.runEvent.createMany({
    data: rows.flatMap(({ runId }) => [
      { runId, kind: "STATUS_CHANGED" as const, status: "QUEUED" as const },
      { runId, kind: "STATUS_CHANGED" as const, status: "RUNNING" as const, fromStatus: "QUEUED" as const },
    ]),
  });
  return encodeGlobalID("Company", companyId);
}

interface Fixture {
  app: Runyard;
  test: TestDatabase;
  counter: ReturnType<typeof countStatements>;
  companyId: string;
}

describe("query counts: a page of 5 costs the same statements as a page of 40", () => {
  const fixtures = new Map<number, Fixture>();

  beforeAll(async () => {
    for (const count of [5, 40]) {
      const test = await createTestDatabase();
      const app = await buildReplica(test.url);
      const counter = countStatements(app.runtime.pool);
      fixtures.set(count, { app, test, counter, companyId: await seed(app.runtime, count) });
    }
  });

  afterAll(async () => {
    for (const { app, test } of fixtures.values()) {
      await app.stop();
      await test.drop();
    }
  });

  async function run(count: number, source: string): Promise<{ data: unknown; sql: string[]; rows: number }> {
    const { app, counter, companyId } = fixtures.get(count)!;
    counter.sql = [];
    counter.rows = 0;
    counter.counting = true;
    try {
      const result = (await execute({ schema, document: parse(source), variableValues: { companyId }, contextValue: adminContext(app) })) as ExecutionResult;
      expect(result.errors).toBeUndefined();
      return { data: result.data, sql: counter.sql, rows: counter.rows };
    } finally {
      counter.counting = false;
    }
  }

  for (const [name, source] of Object.entries(OPERATIONS)) {
    it(name, async () => {
      const small = await run(5, source);
      const large = await run(40, source);
      console.log(`[query-counts] ${name}: ${small.sql.length} statements for 5, ${large.sql.length} for 40`);
      // Every item of the page, and every nested item, came back.
      const [top] = Object.values(large.data as Record<string, { edges?: unknown[]; agents?: { edges: unknown[] } }>);
      const list = top?.agents ?? top;
      expect(list!.edges).toHaveLength(40);
      expect(JSON.stringify(large.data)).not.toContain("null");
      expect(large.sql.length, `5:\n${small.sql.join("\n")}\n40:\n${large.sql.join("\n")}`).toBe(small.sql.length);
    });
  }

  // A run of many lines: a page of its log reads the page (and one row more), not the whole log.
  it("Run.logs(first: 10) of a run with 5,000 lines reads 11 of them, from the start or after a cursor", async () => {
    const { app } = fixtures.get(5)!;
    const [target] = await app.runtime.db.run.findMany({ take: 1, select: { id: true } });
    await app.runtime.pool.query(
      `INSERT INTO "RunLogChunk" ("runId", "seq", "stream", "text", "bytes") SELECT $1::uuid, s, 'STDOUT', 'line', 4 FROM generate_series(2, 5001) s`,
      [target!.id],
    );
    const id = encodeGlobalID("Run", target!.id);
    const page = (after: string) => `{ node(id: "${id}") { ... on Run { logs(first: 10${after}) { edges { cursor node { seq } } } } } }`;
    const start = await run(5, page(""));
    console.log(`[query-counts] a 10-line page of a 5,002-line log: ${start.rows} rows`);
    expect(start.rows).toBeLessThanOrEqual(1 + 11);
    const cursor = (start.data as { node: { logs: { edges: Array<{ cursor: string }> } } }).node.logs.edges.at(-1)!.cursor;
    const next = await run(5, page(`, after: "${cursor}"`));
    expect((next.data as { node: { logs: { edges: Array<{ node: { seq: number } }> } } }).node.logs.edges.map((e) => e.node.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
    expect(next.rows).toBeLessThanOrEqual(1 + 11);
  });

  // The dispatch path (wake → claim) and every request's token lookup speak SQL through the pool:
  // an ORM read there cost a millisecond or more of its query compiler each (most of a wake's CPU,
  // and the fleet's tail when every token's cache entry expired).
  const ormStatement = (sql: string) => sql.includes(`"public".`);

  it("wakeAgent: one read of its target, then its transaction; no statement through the ORM", async () => {
    const { app } = fixtures.get(5)!;
    const [target] = await app.runtime.pool.query<{ agentId: string; issueId: string; environmentId: string }>(
      `SELECT "agentId", "issueId", "environmentId" FROM "Run" LIMIT 1`,
    ).then((r) => r.rows);
    const input = {
      agentId: encodeGlobalID("Agent", target!.agentId),
      issueId: encodeGlobalID("Issue", target!.issueId),
      environmentId: encodeGlobalID("Environment", target!.environmentId),
      reason: "query-counts",
    };
    const { data, sql } = await run(5, `mutation { wakeAgent(input: ${JSON.stringify(input).replace(/"(\w+)":/g, "$1:")}) { coalesced run { status } } }`);
    expect(data).toEqual({ wakeAgent: { coalesced: false, run: { status: "QUEUED" } } });
    expect(sql.filter(ormStatement), sql.join("\n")).toEqual([]);
    expect(sql.map((statement) => statement.trim().split(/\s+/).slice(0, 2).join(" ")), sql.join("\n")).toEqual([
      "SELECT a.\"companyId\"", // the agent, issue and environment (prisma/sql/wake-target.ts)
      "BEGIN; SET",
      "SELECT a.\"monthlyBudgetCents\",", // the budget
      "SELECT \"status\"", // the issue, FOR SHARE
      "INSERT INTO", // its OPEN workspace, if it has none (the seeded issue has one:)
      "SELECT *", // that one
      "WITH woken", // the run queued or merged into
      "COMMIT",
    ]);
  });

  it("authenticate(): a token not in the cache is one statement, not through the ORM", async () => {
    const { app, counter } = fixtures.get(5)!;
    const [agent] = await app.runtime.pool.query<{ id: string; companyId: string }>(`SELECT "id", "companyId" FROM "Agent" LIMIT 1`).then((r) => r.rows);
    const token = `ry_agent_${randomUUID()}${randomUUID()}`.replaceAll("-", "");
    await app.runtime.db.apiToken.create({ data: { kind: "AGENT", name: "query-counts", companyId: agent!.companyId, agentId: agent!.id, tokenHash: hashToken(token) } });
    counter.sql = [];
    counter.counting = true;
    try {
      expect(await authenticate(app.runtime.pool, `Bearer ${token}`)).toMatchObject({ kind: "AGENT", agentId: agent!.id });
    } finally {
      counter.counting = false;
    }
    expect(counter.sql).toHaveLength(1);
    expect(counter.sql.filter(ormStatement)).toEqual([]);
  });

  // Each connection reads one row past its page (for hasNextPage). Were the to-one `company` planned
  // into the parent's query, the extra agent would carry the whole company → agents subtree too
  // (Prisma builds it under each of the two agents, level after level: 2^K objects, and reads 46
  // rows here). Loaded by foreign key, each level reads its page, its extra row and one company.
  // (Run without the server's depth limit, which would refuse this document.)
  it("a chain agents(first: 1) → company → agents(first: 1) … reads rows in proportion to its depth", async () => {
    const depth = 8;
    let selection = "id";
    for (let level = 0; level < depth; level++) selection = `agents(first: 1) { edges { node { company { ${selection} } } } }`;
    const { rows } = await run(5, `query($companyId: ID!) { node(id: $companyId) { ... on Company { ${selection} } } }`);
    console.log(`[query-counts] nested to depth ${depth}: ${rows} rows`);
    expect(rows).toBeLessThanOrEqual(1 + 3 * depth);
  });
});
