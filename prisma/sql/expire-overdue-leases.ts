// The lease-expiry sweep: ACTIVE leases past expiresAt become EXPIRED. One statement for the
// reaper (all environments) and for a grant (its environment, as a CTE), so both use one clock.
import { Prisma, type Lease } from "../client.js";
import { query, type SqlClient } from "./db.js";
import { PENDING_CLEANUP } from "./release-leases.js";

/**
 * The UPDATE … RETURNING, to run alone or as a CTE. clock_timestamp(), not the transaction's
 * start, so a slot's next holder (acquiredAt, also clock_timestamp()) starts after this release.
 * SKIP LOCKED: a lease some other transaction is ending or renewing is theirs to decide; sweepers
 * racing each take different rows, so each lease is ended (and announced) once.
 */
export function expireOverdueLeasesSql(environmentId?: string): Prisma.Sql {
  const scope = environmentId ? Prisma.sql`AND "environmentId" = ${environmentId}::uuid` : Prisma.empty;
  return Prisma.sql`
    UPDATE "Lease" SET "status" = 'EXPIRED', "releaseReason" = 'EXPIRED', "releasedAt" = clock_timestamp(), ${PENDING_CLEANUP}
    WHERE "id" IN (
      SELECT "id" FROM "Lease" WHERE "status" = 'ACTIVE' AND "expiresAt" <= clock_timestamp() ${scope}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`;
}

export function expireOverdueLeases(db: SqlClient, environmentId?: string): Promise<Lease[]> {
  return query<Lease>(db, expireOverdueLeasesSql(environmentId));
}
