// The work-loop migration on a database that already has the bug it fixes: several QUEUED runs of
// one agent and issue. The oldest absorbs the others (wakeCount counts them all), which are
// cancelled with a history event (their leases released), so the unique index that coalesces
// wakes can be built.
import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { applyMigrations } from "../server/migrate.js";
import { createEmptyDatabase, type TestDatabase } from "./support/database.js";
import { MIGRATIONS_DIR } from "./support/env.js";
import { createLogger } from "../server/logger.js";

const WORK_LOOP_MIGRATION = /_work_loop$/;

const databases: TestDatabase[] = [];
let before: string | undefined;

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  if (before) await rm(before, { recursive: true, force: true });
});

/** A database migrated up to (not including) the work loop's migration. */
async function databaseBeforeWorkLoop(): Promise<TestDatabase> {
  const db = await createEmptyDatabase();
  databases.push(db);
  if (!before) {
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const cut = names.findIndex((name) => WORK_LOOP_MIGRATION.test(name));
    expect(cut).toBeGreaterThan(0);
    before = await mkdtemp(path.join(tmpdir(), "runyard-migrations-"));
    for (const name of names.slice(0, cut)) await cp(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
  }
  await applyMigrations(db.url, before, createLogger("silent"));
  return db;
}

it("merges the QUEUED runs of each agent and issue into the oldest, cancels the rest, and builds the index", async () => {
  const db = await databaseBeforeWorkLoop();
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  try {
    const [companyId, agentId, otherAgentId, issueId, workspaceId, environmentId] = Array.from({ length: 6 }, () => randomUUID());
    await sql.query(`INSERT INTO "Company" ("id", "name") VALUES ($1, 'legacy')`, [companyId]);
    await sql.query(`INSERT INTO "Agent" ("id", "companyId", "name") VALUES ($1, $3, 'a'), ($2, $3, 'b')`, [agentId, otherAgentId, companyId]);
    await sql.query(`INSERT INTO "Issue" ("id", "companyId", "title", "updatedAt") VALUES ($1, $2, 'legacy', now())`, [issueId, companyId]);
    await sql.query(`INSERT INTO "Workspace" ("id", "companyId", "issueId", "config") VALUES ($1, $2, $3, '{}')`, [workspaceId, companyId, issueId]);
    await sql.query(`INSERT INTO "Environment" ("id", "companyId", "name", "providerKey", "capacity") VALUES ($1, $2, 'e', 'local', 1)`, [environmentId, companyId]);
    // Three QUEUED runs of one agent and issue (the oldest first), and one of another agent.
    const queued = [randomUUID(), randomUUID(), randomUUID()];
    const other = randomUUID();
    for (const [i, [runId, who]] of [...queued.map((id) => [id, agentId] as const), [other, otherAgentId] as const].entries()) {
      await sql.query(
        `INSERT INTO "Run" ("id", "companyId", "agentId", "issueId", "environmentId", "workspaceId", "createdAt")
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
        [runId, companyId, who, issueId, environmentId, workspaceId, i],
      );
    }

    // A duplicate holding a slot (a lease acquired before its claim).
    await sql.query(
      `INSERT INTO "Lease" ("id", "companyId", "environmentId", "runId", "slot", "fencingToken", "ttlSeconds", "expiresAt")
       VALUES ($1, $2, $3, $4, 0, 1, 3600, now() + interval '1 hour')`,
      [randomUUID(), companyId, environmentId, queued[1]],
    );

    await applyMigrations(db.url, MIGRATIONS_DIR, createLogger("silent"));

    const leases = await sql.query(`SELECT "runId", "status", "releaseReason" FROM "Lease"`);
    expect(leases.rows).toEqual([{ runId: queued[1], status: "RELEASED", releaseReason: "COMPLETED" }]);

    const { rows } = await sql.query(`SELECT "id", "status", "wakeCount", "error" FROM "Run" ORDER BY "createdAt"`);
    expect(rows.map(({ id, status, wakeCount }) => ({ id, status, wakeCount }))).toEqual([
      { id: queued[0], status: "QUEUED", wakeCount: 3 },
      { id: queued[1], status: "CANCELLED", wakeCount: 1 },
      { id: queued[2], status: "CANCELLED", wakeCount: 1 },
      { id: other, status: "QUEUED", wakeCount: 1 },
    ]);
    const events = await sql.query(`SELECT "runId", "status", "fromStatus" FROM "RunEvent" ORDER BY "id"`);
    expect(events.rows).toEqual([
      { runId: queued[1], status: "CANCELLED", fromStatus: "QUEUED" },
      { runId: queued[2], status: "CANCELLED", fromStatus: "QUEUED" },
    ]);
    // The index now refuses a second QUEUED run of that agent and issue.
    await expect(
      sql.query(`INSERT INTO "Run" ("id", "companyId", "agentId", "issueId", "environmentId", "workspaceId") VALUES ($1, $2, $3, $4, $5, $6)`, [
        randomUUID(),
        companyId,
        agentId,
        issueId,
        environmentId,
        workspaceId,
      ]),
    ).rejects.toThrow(/Run_one_queued_per_agent_issue/);
  } finally {
    await sql.end();
  }
});

it("fails naming the workspace when two runs are RUNNING in one (older replicas allowed it)", async () => {
  const db = await databaseBeforeWorkLoop();
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  try {
    const [companyId, agentId, otherAgentId, issueId, workspaceId, environmentId] = Array.from({ length: 6 }, () => randomUUID());
    await sql.query(`INSERT INTO "Company" ("id", "name") VALUES ($1, 'legacy')`, [companyId]);
    await sql.query(`INSERT INTO "Agent" ("id", "companyId", "name") VALUES ($1, $3, 'a'), ($2, $3, 'b')`, [agentId, otherAgentId, companyId]);
    await sql.query(`INSERT INTO "Issue" ("id", "companyId", "title", "updatedAt") VALUES ($1, $2, 'legacy', now())`, [issueId, companyId]);
    await sql.query(`INSERT INTO "Workspace" ("id", "companyId", "issueId", "config") VALUES ($1, $2, $3, '{}')`, [workspaceId, companyId, issueId]);
    await sql.query(`INSERT INTO "Environment" ("id", "companyId", "name", "providerKey", "capacity") VALUES ($1, $2, 'e', 'local', 2)`, [environmentId, companyId]);
    await sql.query(
      `INSERT INTO "Run" ("id", "companyId", "agentId", "issueId", "environmentId", "workspaceId", "status")
       SELECT gen_random_uuid(), $1, a, $2, $3, $4, 'RUNNING' FROM unnest($5::uuid[]) AS a`,
      [companyId, issueId, environmentId, workspaceId, [agentId, otherAgentId]],
    );
    await expect(applyMigrations(db.url, MIGRATIONS_DIR, createLogger("silent"))).rejects.toThrow(`workspace ${workspaceId} has two RUNNING runs`);
  } finally {
    await sql.end();
  }
});
