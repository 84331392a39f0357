// A database connection that dies inside a claim's transaction (a PostgreSQL restart, a failover,
// pg_terminate_backend) fails that request, not the replica: the claim runs on a raw pg client
// (prisma/sql/db.ts inTransaction), whose 'error' event would otherwise be fatal to the process.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { ClaimRun, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { gql, gqlData } from "./support/graphql-client.js";

let db: TestDatabase;
let app: TestApp;
let sql: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp({ databaseUrl: db.url });
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await app?.stop();
  await db?.drop();
});

it("a claim whose backend is terminated mid-transaction answers an error; the replica lives on and claims the run next time", async () => {
  const seed = await seedCompany(app.url, { company: "connection-loss", agents: ["claimer"], issue: "lost connection", environment: { name: "local", capacity: 1 } });
  const [agent] = seed.agents as [Agent];
  const run = await startRun(app.url, agent, { issueId: seed.issueId, environmentId: seed.environmentId });
  const agentId = decodeGlobalID(agent.id).id;

  // The claim's first statement waits on the agent's row, held here; then its backend is terminated.
  await sql.query("BEGIN");
  await sql.query(`SELECT 1 FROM "Agent" WHERE "id" = $1 FOR UPDATE`, [agentId]);
  const claim = gql(app.url, agent.token, ClaimRun, { input: { runId: run.id, runnerId: "r", pid: 1 } });
  let blocked: number | undefined;
  for (let i = 0; i < 200 && blocked === undefined; i++) {
    // Inside a transaction the activity view is read once: cleared, it is read afresh.
    await sql.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await sql.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR NO KEY UPDATE%'`,
    );
    blocked = rows[0]?.pid;
    if (blocked === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(blocked).toBeDefined();
  await sql.query("SELECT pg_terminate_backend($1)", [blocked]);
  await sql.query("ROLLBACK");

  const answer = await claim;
  expect(answer.errors?.[0]?.extensions?.code).toBe("INTERNAL");
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  // The dead connection left the pool: the same claim succeeds now.
  const { claimRun } = await gqlData(app.url, agent.token, ClaimRun, { input: { runId: run.id, runnerId: "r", pid: 1 } });
  expect(claimRun.run.status).toBe("RUNNING");
});
