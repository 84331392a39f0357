// Ending ACTIVE leases on purpose (release, run finished, run lost): each row moves once, whoever calls.
import { Prisma, type Lease, type LeaseReleaseReason } from "../client.js";
import { query, type SqlClient } from "./db.js";

/** One lease by its holder's token, if `runAccess` (a predicate on its "Run" r) lets the caller; or all of some runs'. */
export type LeaseSelector = { leaseId: string; fencingToken: number; runAccess: Prisma.Sql } | { runIds: string[] };

/** What every statement that ends a lease also sets: its cleanup owed, due at once. */
export const PENDING_CLEANUP = Prisma.sql`"cleanupStatus" = 'PENDING', "cleanupNextAttemptAt" = now()`;

/**
 * The database's clock (clock_timestamp(), like acquiredAt), so a slot's history orders its
 * holders truthfully whichever replica wrote it. `status = 'ACTIVE'` makes a second caller (a
 * retry, the reaper racing a finish) a no-op; a stale fencing token matches nothing. The driver's
 * cleanup is owed from the same commit (PENDING, due now: PENDING_CLEANUP), so a process that
 * dies before calling release() leaves it to the reaper of any replica.
 */
export function releaseLeases(db: SqlClient, selector: LeaseSelector, reason: LeaseReleaseReason): Promise<Lease[]> {
  const match =
    "leaseId" in selector
      ? Prisma.sql`"id" = ${selector.leaseId}::uuid AND "fencingToken" = ${selector.fencingToken}
          AND EXISTS (SELECT 1 FROM "Run" r WHERE r."id" = "Lease"."runId" AND ${selector.runAccess})`
      : Prisma.sql`"runId" = ANY(${selector.runIds}::uuid[])`;
  return query<Lease>(db, Prisma.sql`
    UPDATE "Lease" SET "status" = 'RELEASED', "releaseReason" = ${reason}::"LeaseReleaseReason", "releasedAt" = clock_timestamp(), ${PENDING_CLEANUP}
    WHERE "status" = 'ACTIVE' AND ${match}
    RETURNING *`);
}
