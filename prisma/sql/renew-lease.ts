// Renewing one lease by its fencing token (renewLease).
import { Prisma, type Lease } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Only the current holder (its token), only if `runAccess` (a predicate on the lease's "Run" r)
 * lets the caller, only while ACTIVE and not yet expired by the database's clock: a lease past
 * its expiry is already the sweep's, even if no sweep has run yet. Null says none of that held;
 * the caller finds out which.
 */
export async function renewLease(
  db: SqlClient,
  { leaseId, fencingToken, ttlSeconds, runAccess }: { leaseId: string; fencingToken: number; ttlSeconds: number; runAccess: Prisma.Sql },
): Promise<Lease | null> {
  const [lease] = await query<Lease>(db, Prisma.sql`
    UPDATE "Lease" SET "ttlSeconds" = ${ttlSeconds}, "expiresAt" = now() + make_interval(secs => ${ttlSeconds})
    WHERE "id" = ${leaseId}::uuid AND "fencingToken" = ${fencingToken} AND "status" = 'ACTIVE' AND "expiresAt" > now()
      AND EXISTS (SELECT 1 FROM "Run" r WHERE r."id" = "Lease"."runId" AND ${runAccess})
    RETURNING *`);
  return lease ?? null;
}
