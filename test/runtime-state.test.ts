// Guarantee 1: runtime state is written by upsert only, so any number of concurrent writes to one
// (run, key), through any number of replicas, all succeed, one row remains, and its version counts
// the writes. Two real server processes share one database and Redis.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData, type GqlResponse } from "./support/graphql-client.js";
import { ClaimRun, createIssue, Heartbeat, seedCompany, StartRun } from "./support/fixtures.js";
import { internalErrors, startServer, type ServerProcess } from "./support/server-process.js";

// A small pool per replica: the shared PostgreSQL (max_connections 100) serves every test file
// running in parallel, and a pool this size still has many writers racing on one row.
const SERVER_ENV = { RUNYARD_DB_POOL_SIZE: "8" };

const SetState = graphql(`
  mutation RtsSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key value version } }
`);
const RunState = graphql(`
  query RtsRunState($id: ID!) {
    run(id: $id) { status runtimeState(first: 100) { edges { node { key value version } } } }
  }
`);


/** A deterministic shuffle (LCG), so writes to different keys interleave the same way every time. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

let db: TestDatabase;
let sql: pg.Client;
let replicas: [ServerProcess, ServerProcess];
let agentToken: string;
let companyId: string;
let ids: { agentId: string; environmentId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  replicas = await Promise.all([startServer({ databaseUrl: db.url, env: SERVER_ENV }), startServer({ databaseUrl: db.url, env: SERVER_ENV })]);
  const seed = await seedCompany(replicas[0].url, {
    company: "runtime-state",
    agents: [{ name: "writer", maxConcurrentRuns: 100 }],
    environment: { name: "local", capacity: 10 },
  });
  agentToken = seed.agents[0]!.token;
  ({ companyId } = seed);
  ids = { agentId: seed.agents[0]!.id, environmentId: seed.environmentId };
});

afterAll(async () => {
  await Promise.all((replicas ?? []).map((server) => server.stop()));
  await sql?.end();
  await db?.drop();
});

/** A RUNNING run of the test agent, on an issue of its own (claimed through replica B). */
async function runningRun(): Promise<string> {
  const issueId = await createIssue(replicas[0].url, companyId, "state");
  const { startRun } = await gqlData(replicas[0].url, agentToken, StartRun, { input: { ...ids, issueId } });
  const { claimRun } = await gqlData(replicas[1].url, agentToken, ClaimRun, {
    input: { runId: startRun.id, runnerId: "runtime-state-test", pid: process.pid },
  });
  expect(claimRun.run.status).toBe("RUNNING");
  return startRun.id;
}

async function stateViaGraphql(runId: string): Promise<Map<string, { value: unknown; version: number }>> {
  const { run } = await gqlData(replicas[0].url, agentToken, RunState, { id: runId });
  expect(run?.status).toBe("RUNNING");
  return new Map(run!.runtimeState.edges.map(({ node }) => [node.key, { value: node.value, version: node.version }]));
}

async function stateViaSql(runId: string): Promise<Map<string, number>> {
  const { rows } = await sql.query<{ key: string; version: number }>(
    `SELECT "key", "version" FROM "RuntimeState" WHERE "runId" = $1 ORDER BY "key"`,
    [decodeGlobalID(runId).id],
  );
  return new Map(rows.map((row) => [row.key, row.version]));
}

/** What the replicas logged about internal errors: the detail an INTERNAL answer masks. */
const serverErrors = (): string => internalErrors(replicas);

function errorsOf(responses: Array<GqlResponse<unknown>>): string[] {
  return responses.flatMap((r) => (r.errors ?? []).map((e) => `[${e.extensions?.code ?? "NO_CODE"}] ${e.message}`));
}

describe("setRuntimeState under concurrency, across two replicas", () => {
  it("200 concurrent writes to one (run, key): 0 errors, one row, version 200", async () => {
    const runId = await runningRun();
    const writes = Array.from({ length: 200 }, (_, i) =>
      gql(replicas[i % 2]!.url, agentToken, SetState, { input: { runId, key: "progress", value: { write: i } } }),
    );
    const responses = await Promise.all(writes);
    expect(errorsOf(responses), serverErrors()).toEqual([]);

    // Every upsert saw a distinct version: 1..200, none lost, none repeated.
    const versions = responses.map((r) => r.data!.setRuntimeState.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // The row holds the value of whichever write got the last version.
    const last = responses.find((r) => r.data!.setRuntimeState.version === 200)!.data!.setRuntimeState.value;

    const viaGraphql = await stateViaGraphql(runId);
    expect([...viaGraphql.keys()]).toEqual(["progress"]);
    expect(viaGraphql.get("progress")).toEqual({ value: last, version: 200 });
    expect(await stateViaSql(runId)).toEqual(new Map([["progress", 200]]));
  });

  it("400 concurrent writes interleaved over 20 keys: 20 rows, each version = its write count", async () => {
    const runId = await runningRun();
    // Key j gets 2j + 1 writes (1, 3, …, 39: 400 in all), shuffled together and alternated
    // between the replicas, so every key with more than one write is written through both.
    const plan = shuffled(
      Array.from({ length: 20 }, (_, j) => Array.from({ length: 2 * j + 1 }, () => `key-${String(j).padStart(2, "0")}`)).flat(),
      42,
    );
    expect(plan).toHaveLength(400);
    const responses = await Promise.all(
      plan.map((key, i) => gql(replicas[i % 2]!.url, agentToken, SetState, { input: { runId, key, value: { i } } })),
    );
    expect(errorsOf(responses), serverErrors()).toEqual([]);

    const expected = new Map(Array.from({ length: 20 }, (_, j) => [`key-${String(j).padStart(2, "0")}`, 2 * j + 1] as const));
    for (const [key, count] of expected) {
      const versions = responses
        .map((r) => r.data!.setRuntimeState)
        .filter((s) => s.key === key)
        .map((s) => s.version)
        .sort((a, b) => a - b);
      expect(versions, key).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    }
    const viaGraphql = await stateViaGraphql(runId);
    expect(new Map([...viaGraphql].map(([key, { version }]) => [key, version]))).toEqual(expected);
    expect(await stateViaSql(runId)).toEqual(expected);
  });

  it("heartbeats carrying state, concurrent with setRuntimeState on the same key: the versions add up", async () => {
    const runId = await runningRun();
    const runUuid = decodeGlobalID(runId).id;
    const before = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "RunEvent" WHERE "runId" = $1 AND "kind" = 'HEARTBEAT'`, [runUuid]);
    expect(Number(before.rows[0]!.n)).toBe(0);

    // 60 heartbeats (each writing "shared" and "beats") and 120 setRuntimeState on "shared",
    // interleaved and spread over both replicas.
    const calls = shuffled(
      [...Array.from({ length: 60 }, (_, i) => ({ kind: "beat" as const, i })), ...Array.from({ length: 120 }, (_, i) => ({ kind: "set" as const, i }))],
      7,
    );
    const responses = await Promise.all(
      calls.map((call, n) => {
        const url = replicas[n % 2]!.url;
        return call.kind === "beat"
          ? gql(url, agentToken, Heartbeat, {
              input: { runId, pid: 1000 + call.i, state: [{ key: "shared", value: { beat: call.i } }, { key: "beats", value: call.i }] },
            })
          : gql(url, agentToken, SetState, { input: { runId, key: "shared", value: { set: call.i } } });
      }),
    );
    expect(errorsOf(responses), serverErrors()).toEqual([]);
    for (const response of responses) {
      const data = response.data as { heartbeat?: { cancelRequested: boolean; run: { status: string } } };
      if (data.heartbeat) expect(data.heartbeat).toEqual({ cancelRequested: false, run: { status: "RUNNING" } });
    }

    const expected = new Map([["beats", 60], ["shared", 180]]);
    const viaGraphql = await stateViaGraphql(runId);
    expect(new Map([...viaGraphql].map(([key, { version }]) => [key, version]))).toEqual(expected);
    expect(await stateViaSql(runId)).toEqual(expected);
    const after = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "RunEvent" WHERE "runId" = $1 AND "kind" = 'HEARTBEAT'`, [runUuid]);
    expect(Number(after.rows[0]!.n)).toBe(60);
  });
});
