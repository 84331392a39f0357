// Ending ACTIVE leases on purpose (release, run finished, run lost): each row moves once, whoever calls.
import { Prisma, type Lease, type LeaseReleaseReason } from "../client.js";
import type { SqlClient } from "./db.js";

export type LeaseSelector = { leaseId: string; fencingToken: number } | { runIds: string[] };

/**
 * The database's clock (clock_timestamp(), like acquiredAt), so a slot's history orders its
 * holders truthfully whichever replica wrote it. `status = 'ACTIVE'` makes a second caller (a
 * retry, the reaper racing a finish) a no-op; a stale fencing token matches nothing.
 */
export function releaseLeases(db: SqlClient, selector: LeaseSelector, reason: LeaseReleaseReason): Promise<Lease[]> {
  const match =
    "leaseId" in selector
      ? Prisma.sql`"id" = ${selector.leaseId}::uuid AND "fencingToken" = ${selector.fencingToken}`
      : Prisma.sql`"runId" = ANY(${selector.runIds}::uuid[])`;
  return db.$queryRaw<Lease[]>(Prisma.sql`
    UPDATE "Lease" SET "status" = 'RELEASED', "releaseReason" = ${reason}::"LeaseReleaseReason", "releasedAt" = clock_timestamp()
    WHERE "status" = 'ACTIVE' AND ${match}
    RETURNING *`);
}
