// The lease grant: sweep the environment's overdue leases, hand back the run's own lease, or
// claim a free slot and the next fencing token — one statement, one round trip.
import { Prisma, type Lease } from "../client.js";
import { query, type SqlClient } from "./db.js";
import { expireOverdueLeasesSql } from "./expire-overdue-leases.js";

export interface GrantLeaseParams {
  environmentId: string;
  runId: string;
  ttlSeconds: number;
  /** Who may act on the run, as a predicate on "Run" r (resolvers/auth.ts runAccessSql). */
  runAccess: Prisma.Sql;
}

export type GrantOutcome = "GRANTED" | "HELD" | "SWEPT";

/**
 * One row per lease the statement touched, each with the environment's earliest live expiry and
 * whether the grant was allowed at all (one row of nulls when it touched none).
 */
type GrantRow = (Lease & { outcome: GrantOutcome }) | (Record<keyof Lease, null> & { outcome: null });
export type GrantLeaseRow = GrantRow & { earliestExpiresAt: Date | null; allowed: boolean };

/**
 * Why it is shaped so:
 * - The caller's checks (the run exists, may be acted on by the caller, is QUEUED or RUNNING, and
 *   belongs to the environment's company, which is not deleted) are the `allowed` CTE, so a grant or a refusal at
 *   capacity is one round trip; only a disallowed one costs a second look, to say why.
 * - The slot is claimed with FOR UPDATE SKIP LOCKED on its EnvironmentSlot row: a contender
 *   skips slots other grants are taking instead of queueing behind them, and a full environment
 *   is refused without waiting for anyone. A capacity being lowered, or an environment being
 *   deleted, locks (then deletes) the slots it removes the same way (lock-environment-slots.ts),
 *   so a grant never lands on one of them whatever its snapshot saw.
 * - The snapshot is the statement's start: a grant that committed after it, on the slot this one
 *   then locks, is not seen, and the insert hits "Lease_one_active_per_slot" (the unique index
 *   stays the last word). The caller retries the whole statement, which then sees that lease.
 * - The snapshot still shows the leases swept by the CTE ACTIVE, hence `NOT IN swept`. The
 *   sweep runs to completion before a slot is chosen (`free` reads it), so the unique check on
 *   the insert already sees a swept holder's row as ended.
 * - Fencing tokens come from Environment.fencingCounter, bumped only once a slot is held: the
 *   contract promises tokens strictly increasing per environment and they are gap-free (a
 *   refused or rolled-back grant uses none). A sequence would not serialise grants on the
 *   environment row, but it would leave gaps and issue tokens out of commit order across slots;
 *   the row lock is held only from this statement to its commit, so that order is kept cheaply.
 *   acquiredAt is read after that lock (RETURNING), so tokens and acquiredAt agree in order.
 */
export function grantLease(db: SqlClient, { environmentId, runId, ttlSeconds, runAccess }: GrantLeaseParams): Promise<GrantLeaseRow[]> {
  return query<GrantLeaseRow>(db, Prisma.sql`
    WITH allowed AS (
      SELECT 1 FROM "Run" r JOIN "Environment" e ON e."id" = ${environmentId}::uuid AND e."companyId" = r."companyId" AND e."deletedAt" IS NULL
      WHERE r."id" = ${runId}::uuid AND r."status" IN ('QUEUED', 'RUNNING') AND ${runAccess}
    ), swept AS (${expireOverdueLeasesSql(environmentId)}
    ), own AS (
      SELECT l.* FROM "Lease" l
      WHERE l."environmentId" = ${environmentId}::uuid AND l."runId" = ${runId}::uuid AND l."status" = 'ACTIVE'
        AND l."id" NOT IN (SELECT "id" FROM swept) AND EXISTS (SELECT 1 FROM allowed)
    ), free AS (
      SELECT s."slot" FROM "EnvironmentSlot" s
      WHERE s."environmentId" = ${environmentId}::uuid AND EXISTS (SELECT 1 FROM allowed) AND NOT EXISTS (SELECT 1 FROM own)
        AND NOT EXISTS (
          SELECT 1 FROM "Lease" l
          WHERE l."environmentId" = s."environmentId" AND l."slot" = s."slot" AND l."status" = 'ACTIVE'
            AND l."id" NOT IN (SELECT "id" FROM swept))
      ORDER BY s."slot" LIMIT 1
      FOR UPDATE SKIP LOCKED
    ), token AS (
      UPDATE "Environment" e SET "fencingCounter" = e."fencingCounter" + 1
      FROM free WHERE e."id" = ${environmentId}::uuid
      RETURNING e."fencingCounter", e."companyId", free."slot", clock_timestamp() AS "now"
    ), granted AS (
      INSERT INTO "Lease" ("id", "companyId", "environmentId", "runId", "slot", "fencingToken", "status", "ttlSeconds", "acquiredAt", "expiresAt")
      SELECT gen_random_uuid(), t."companyId", ${environmentId}::uuid, ${runId}::uuid, t."slot", t."fencingCounter",
        'ACTIVE', ${ttlSeconds}, t."now", t."now" + make_interval(secs => ${ttlSeconds})
      FROM token t
      RETURNING *
    ), outcome AS (
      SELECT *, 'GRANTED' AS "outcome" FROM granted
      UNION ALL SELECT *, 'HELD' FROM own
      UNION ALL SELECT *, 'SWEPT' FROM swept
    ), earliest AS (
      SELECT min(l."expiresAt") AS "earliestExpiresAt", EXISTS (SELECT 1 FROM allowed) AS "allowed" FROM "Lease" l
      WHERE l."environmentId" = ${environmentId}::uuid AND l."status" = 'ACTIVE' AND l."id" NOT IN (SELECT "id" FROM swept)
    )
    SELECT o.*, earliest."earliestExpiresAt", earliest."allowed" FROM outcome o RIGHT JOIN earliest ON TRUE`);
}
