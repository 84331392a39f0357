// The grant statement itself (prisma/sql/grant-lease.ts) against a real database, with two
// connections interleaved by hand: a slot being granted is skipped, not waited for; the trigger
// keeps one slot row per unit of capacity.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../prisma/client.js";
import { grantLease } from "../prisma/sql/grant-lease.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

let db: TestDatabase;
let a: pg.Client;
let b: pg.Client;
const companyId = randomUUID();
const environmentId = randomUUID();
const runIds = [randomUUID(), randomUUID()];

beforeAll(async () => {
  db = await createTestDatabase();
  a = new pg.Client({ connectionString: db.url });
  b = new pg.Client({ connectionString: db.url });
  await Promise.all([a.connect(), b.connect()]);
  const issueId = randomUUID();
  const workspaceId = randomUUID();
  await a.query(`INSERT INTO "Company" ("id", "name") VALUES ($1, 'grant-sql')`, [companyId]);
  await a.query(`INSERT INTO "Issue" ("id", "companyId", "title", "updatedAt") VALUES ($1, $2, 'grant', now())`, [issueId, companyId]);
  await a.query(`INSERT INTO "Workspace" ("id", "companyId", "issueId", "config") VALUES ($1, $2, $3, '{}')`, [workspaceId, companyId, issueId]);
  await a.query(`INSERT INTO "Environment" ("id", "companyId", "name", "providerKey", "capacity") VALUES ($1, $2, 'one-slot', 'local', 1)`, [environmentId, companyId]);
  // An agent per run: one agent and issue queue one run.
  for (const runId of runIds) {
    const agentId = randomUUID();
    await a.query(`INSERT INTO "Agent" ("id", "companyId", "name") VALUES ($1, $2, 'contender')`, [agentId, companyId]);
    await a.query(
      `INSERT INTO "Run" ("id", "companyId", "agentId", "issueId", "environmentId", "workspaceId") VALUES ($1, $2, $3, $4, $5, $6)`,
      [runId, companyId, agentId, issueId, environmentId, workspaceId],
    );
  }
});

afterAll(async () => {
  await a?.end();
  await b?.end();
  await db?.drop();
});

const grant = (client: pg.Client, runId: string) =>
  grantLease(client, { environmentId, runId, ttlSeconds: 60, runAccess: Prisma.sql`TRUE` });

describe("grant-lease.sql", () => {
  it("the trigger keeps `capacity` slot rows as the capacity changes", async () => {
    const slots = async () => (await a.query(`SELECT "slot" FROM "EnvironmentSlot" WHERE "environmentId" = $1 ORDER BY "slot"`, [environmentId])).rows.map((r) => r.slot);
    expect(await slots()).toEqual([0]);
    await a.query(`UPDATE "Environment" SET "capacity" = 3 WHERE "id" = $1`, [environmentId]);
    expect(await slots()).toEqual([0, 1, 2]);
    await a.query(`UPDATE "Environment" SET "capacity" = 1 WHERE "id" = $1`, [environmentId]);
    expect(await slots()).toEqual([0]);
  });

  it("a contender skips the slot another grant is taking instead of waiting for its commit", async () => {
    // Without SKIP LOCKED, b's statement would wait for a's transaction and hit this timeout.
    await b.query(`SET statement_timeout = '2s'`);
    await a.query("BEGIN");
    const [first] = await grant(a, runIds[0]!);
    expect(first).toMatchObject({ outcome: "GRANTED", slot: 0, fencingToken: 1, allowed: true });
    const refused = await grant(b, runIds[1]!);
    expect(refused).toEqual([expect.objectContaining({ outcome: null, allowed: true })]);
    await a.query("COMMIT");
    // Committed: the slot is held, and the refusal names when it frees.
    const [full] = await grant(b, runIds[1]!);
    expect(full!.outcome).toBeNull();
    expect(full!.earliestExpiresAt).toEqual(first!.expiresAt);
    // The holder asking again gets its own lease back, no second token.
    const [again] = await grant(b, runIds[0]!);
    expect(again).toMatchObject({ outcome: "HELD", id: first!.id, fencingToken: 1 });
  });

  it("an expired holder is swept by the next grant, which takes its slot with the next token", async () => {
    await a.query(`UPDATE "Lease" SET "expiresAt" = now() - interval '1 second' WHERE "environmentId" = $1`, [environmentId]);
    const rows = await grant(a, runIds[1]!);
    expect(rows.map((r) => r.outcome).sort()).toEqual(["GRANTED", "SWEPT"]);
    expect(rows.find((r) => r.outcome === "GRANTED")).toMatchObject({ slot: 0, fencingToken: 2 });
    expect(rows.find((r) => r.outcome === "SWEPT")).toMatchObject({ status: "EXPIRED", releaseReason: "EXPIRED", fencingToken: 1 });
  });
});
