// The claim statement's plan over an agent with a long history. A named statement is soon planned
// generically (without its parameters' values); that plan must still walk the agent's QUEUED runs
// in the partial queue index and stop at the first admitted one. With the from-status as a
// parameter it could not prove `status = 'QUEUED'`: it scanned every run the agent ever had and
// sorted them, on every claim (12.6 ms of Postgres time per claim at 1,500 queued, in bench dispatch).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { transitionRuns } from "../prisma/sql/transition-runs.js";
import { runTransitions } from "../resolvers/run-transitions.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

let db: TestDatabase;
let client: pg.Client;
const agentId = randomUUID();

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const companyId = randomUUID();
  const environmentId = randomUUID();
  await client.query(`INSERT INTO "Company" ("id", "name") VALUES ($1, 'history')`, [companyId]);
  await client.query(`INSERT INTO "Agent" ("id", "companyId", "name") VALUES ($1, $2, 'busy agent')`, [agentId, companyId]);
  await client.query(`INSERT INTO "Environment" ("id", "companyId", "name", "capacity", "providerKey") VALUES ($1, $2, 'env', 50, 'local')`, [
    environmentId,
    companyId,
  ]);
  // 5,000 issues, each with its workspace; 4,800 finished runs and 200 QUEUED, as a pool runner's agent has.
  await client.query(
    `WITH issues AS (
       INSERT INTO "Issue" ("id", "companyId", "title", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, 'issue ' || g, now() FROM generate_series(1, 5000) g RETURNING "id"
     ), workspaces AS (
       INSERT INTO "Workspace" ("id", "companyId", "issueId", "status", "config", "configVersion", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, i."id", 'OPEN', '{}', 1, now(), now() FROM issues i RETURNING "id", "issueId"
     )
     INSERT INTO "Run" ("id", "companyId", "agentId", "issueId", "environmentId", "workspaceId", "status", "priority", "wakeCount", "wakeReasons", "createdAt")
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, w."issueId", $3::uuid, w."id",
       (CASE WHEN row_number() OVER () <= 200 THEN 'QUEUED' ELSE 'SUCCEEDED' END)::"RunStatus", 0, 1, ARRAY['wake'], now()
     FROM workspaces w`,
    [companyId, agentId, environmentId],
  );
  await client.query(`ANALYZE`);
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** A bound value as an SQL literal, for EXECUTE of the statement prepared from its text. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return client.escapeLiteral(`{${value.map((v) => `"${String(v)}"`).join(",")}}`);
  return client.escapeLiteral(String(value));
}

it("claimNextRun's pick is planned, even generically, on the QUEUED index, not over the agent's history", async () => {
  // The statement exactly as a claim sends it (captured, not run).
  let statement: { text: string; values: unknown[] } | undefined;
  const capture = { query: async (q: { text: string; values: unknown[] }) => ((statement = q), { rows: [] }) };
  const claim = runTransitions.claim({ nextOfAgent: agentId, environmentIds: null, providerKeys: ["local"] }, { runnerId: "r", pid: 1, replicaId: "x" });
  await transitionRuns(capture as unknown as pg.Client, claim);
  expect(statement).toBeDefined();

  await client.query(`SET plan_cache_mode = force_generic_plan`);
  await client.query(`PREPARE pick AS ${statement!.text}`);
  const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN EXECUTE pick(${statement!.values.map(literal).join(", ")})`);
  const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
  expect(plan, plan).toContain(`Index Scan using "Run_queued_by_agent_priority" on "Run" r`);
  expect(plan, plan).not.toMatch(/Sort Key: r\.priority/);
});
