// Claiming cleanup attempts: the one way a driver's release() of an ended lease gets called, by
// the replica that ended it (right after commit) or by any replica's reaper (when due again).
import { Prisma, type Lease } from "../client.js";
import { query, type SqlClient } from "./db.js";

export type ClaimedCleanup = Lease & { providerKey: string; environmentConfig: Prisma.JsonValue };

/**
 * Why it is shaped so: one attempt at a time per lease, across replicas, without a lock held
 * across the driver call. The UPDATE takes the due PENDING rows (SKIP LOCKED: racing claimers
 * take different ones, or none) and, in the same statement, counts the attempt and pushes
 * cleanupNextAttemptAt to the end of its window (cleanupAttemptEndsAt), past the release timeout:
 * nobody else sees the lease due until that attempt has recorded its outcome or its replica is
 * long dead. `leaseIds` (the releasing replica's own leases) or the oldest due, up to `limit`.
 */
export function claimLeaseCleanups(
  db: SqlClient,
  { leaseIds, limit, windowMs }: { leaseIds: string[] | null; limit: number; windowMs: number },
): Promise<ClaimedCleanup[]> {
  const which = leaseIds ? Prisma.sql`AND "id" = ANY(${leaseIds}::uuid[])` : Prisma.empty;
  return query<ClaimedCleanup>(db, Prisma.sql`
    WITH due AS (
      SELECT "id" FROM "Lease"
      WHERE "cleanupStatus" = 'PENDING' AND "cleanupNextAttemptAt" <= now() ${which}
      ORDER BY "cleanupNextAttemptAt" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE "Lease" l SET "cleanupAttempts" = l."cleanupAttempts" + 1,
        "cleanupAttemptEndsAt" = now() + make_interval(secs => ${windowMs / 1000}::float8),
        "cleanupNextAttemptAt" = now() + make_interval(secs => ${windowMs / 1000}::float8)
      FROM due WHERE l."id" = due."id"
      RETURNING l.*
    )
    SELECT c.*, e."providerKey", e."config" AS "environmentConfig"
    FROM claimed c JOIN "Environment" e ON e."id" = c."environmentId"`);
}
