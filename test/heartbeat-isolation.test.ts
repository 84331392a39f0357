// Heartbeats are group-committed, one statement per batch: one caller's input must never fail
// another caller's write. A heartbeat PostgreSQL cannot store (a lone UTF-16 surrogate in its state)
// is refused before it joins a batch; and should the database refuse an item anyway, the batch is
// split until only that item fails.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HeartbeatWriter } from "../resolvers/heartbeats.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { claimRun, createIssue, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { gql } from "./support/graphql-client.js";
import { startApp, type TestApp } from "./support/app.js";

const Heartbeat = `mutation ($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }`;
const POISONS: unknown[] = [{ "\ud800": 1 }, "x\udc00"];
const HEALTHY_RUNS = 10;
const ATTACKER_LOOPS = 4;
const ROUNDS = 15;

let db: TestDatabase;
let sql: pg.Client;
let server: TestApp;
let writer: HeartbeatWriter;
let victim: { companyId: string; agent: Agent; runs: string[] };
let attacker: { companyId: string; agent: Agent; runs: string[] };

const uuidOf = (globalId: string) => decodeGlobalID(globalId).id;

async function companyWithRunningRuns(name: string, count: number) {
  // Admission: each run its own issue (workspace), and the agent room for all of them at once.
  const seed = await seedCompany(server.url, {
    company: name,
    agents: [{ name: `${name} agent`, maxConcurrentRuns: count }],
    environment: { capacity: count },
  });
  const agent = seed.agents[0]!;
  const runs: string[] = [];
  for (let i = 0; i < count; i++) {
    const issueId = await createIssue(server.url, seed.companyId, `${name} ${i}`);
    const run = await startRun(server.url, agent, { issueId, environmentId: seed.environmentId });
    await claimRun(server.url, agent.token, run.id, { runnerId: `${name}-${i}`, pid: 1000 + i });
    runs.push(run.id);
  }
  return { companyId: seed.companyId, agent, runs };
}

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  server = await startApp({ databaseUrl: db.url, redisUrl: null });
  writer = server.app.runtime.heartbeats;
  victim = await companyWithRunningRuns("victim", HEALTHY_RUNS);
  attacker = await companyWithRunningRuns("attacker", ATTACKER_LOOPS);
});

afterAll(async () => {
  await server?.stop();
  await sql?.end();
  await db?.drop();
});

describe("poisoned heartbeats beside healthy ones", () => {
  it("are refused as BAD_USER_INPUT naming the field, and another company's heartbeats all succeed", async () => {
    const healthyCodes: unknown[] = [];
    const poisonedRefusals: unknown[] = [];
    const attackerLoops = attacker.runs.map(async (runId, loop) => {
      for (let round = 0; round < ROUNDS; round++) {
        const value = POISONS[(loop + round) % POISONS.length];
        const response = await gql(server.url, attacker.agent.token, Heartbeat, { input: { runId, pid: 2000 + loop, state: [{ key: "poison", value }] } });
        poisonedRefusals.push(response.errors?.map((error) => [error.extensions?.code, error.extensions?.field]));
      }
    });
    const healthyLoops = victim.runs.map(async (runId, i) => {
      for (let round = 0; round < ROUNDS; round++) {
        const response = await gql(server.url, victim.agent.token, Heartbeat, { input: { runId, pid: 1000 + i, state: [{ key: "round", value: round }] } });
        healthyCodes.push(...(response.errors ?? []).map((error) => error.extensions?.code));
      }
    });
    await Promise.all([...attackerLoops, ...healthyLoops]);

    expect(healthyCodes).toEqual([]);
    expect(poisonedRefusals).toEqual(Array(ATTACKER_LOOPS * ROUNDS).fill([["BAD_USER_INPUT", "state.0.value"]]));
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RuntimeState" WHERE key = 'round' AND value = $1::jsonb`, [JSON.stringify(ROUNDS - 1)]);
    expect(rows[0]!.n).toBe(HEALTHY_RUNS);
  });
});

describe("the heartbeat writer", () => {
  const reach = () => ({ agentId: null, companyId: uuidOf(victim.companyId) });

  it("fails only the item the database refuses when it shares a batch (written past validation)", async () => {
    const healthy = victim.runs.map((runId, i) => writer.write({ runId: uuidOf(runId), pid: 3000 + i, state: [{ key: "direct", value: i }], ...reach() }));
    // Straight to the writer, as no request can send it any more: PostgreSQL refuses the jsonb.
    const poisoned = writer.write({ runId: uuidOf(attacker.runs[0]!), pid: 4000, state: [{ key: "poison", value: { "\ud800": 1 } }], agentId: null, companyId: null });
    const [rows, refusal] = await Promise.all([Promise.all(healthy), poisoned.then(() => null, (error: unknown) => error)]);

    expect(rows.map((row) => row?.pid)).toEqual(victim.runs.map((_, i) => 3000 + i));
    expect((refusal as { code?: string } | null)?.code).toBe("22P02");
    const written = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RuntimeState" WHERE key = 'direct'`);
    expect(written.rows[0]!.n).toBe(HEALTHY_RUNS);
    const poison = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RuntimeState" WHERE key = 'poison'`);
    expect(poison.rows[0]!.n).toBe(0);
  });

  it("writes a healthy batch in one statement: one transaction for all its history rows", async () => {
    const rows = await Promise.all(victim.runs.map((runId, i) => writer.write({ runId: uuidOf(runId), pid: 5000 + i, state: [], ...reach() })));
    expect(rows.every((row) => row !== null)).toBe(true);
    const { rows: transactions } = await sql.query<{ n: number }>(
      `SELECT count(DISTINCT xmin::text)::int AS n FROM "RunEvent" WHERE kind = 'HEARTBEAT' AND pid BETWEEN 5000 AND 5999`,
    );
    expect(transactions[0]!.n).toBe(1);
  });
});
