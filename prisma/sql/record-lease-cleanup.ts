// The outcome of one claimed cleanup attempt (prisma/sql/claim-lease-cleanups.ts).
import { Prisma, type Lease } from "../client.js";
import { query, type SqlClient } from "./db.js";

export interface CleanupOutcome {
  leaseId: string;
  /** The attempt's number as claimed: an attempt that no longer owns the lease records nothing. */
  attempt: number;
  /** Null: release() succeeded. */
  error: string | null;
  maxAttempts: number;
  backoffMs: number;
  backoffMaxMs: number;
}

/**
 * DONE on success; on failure PENDING again, due after an exponential backoff (backoffMs doubling
 * per attempt, capped at backoffMaxMs), or FAILED once maxAttempts have been made. Conditional on
 * the attempt still being the lease's latest (a retryLeaseCleanup restarted the count, or the
 * window ran out and another attempt was claimed): its outcome is then stale and dropped. The
 * database's clock sets the due time, as it set the claim's.
 */
export function recordLeaseCleanup(db: SqlClient, o: CleanupOutcome): Promise<Lease[]> {
  const failed = o.error !== null;
  const backoffSecs = Prisma.sql`LEAST(${o.backoffMs / 1000}::float8 * power(2, ${o.attempt - 1}), ${o.backoffMaxMs / 1000}::float8)`;
  return query<Lease>(db, Prisma.sql`
    UPDATE "Lease" SET
      "cleanupStatus" = (CASE WHEN NOT ${failed} THEN 'DONE' WHEN "cleanupAttempts" >= ${o.maxAttempts} THEN 'FAILED' ELSE 'PENDING' END)::"LeaseCleanupStatus",
      "cleanupError" = ${o.error},
      "cleanupNextAttemptAt" = CASE WHEN ${failed} AND "cleanupAttempts" < ${o.maxAttempts} THEN now() + make_interval(secs => ${backoffSecs}) END,
      "cleanupAttemptEndsAt" = NULL
    WHERE "id" = ${o.leaseId}::uuid AND "cleanupStatus" = 'PENDING' AND "cleanupAttempts" = ${o.attempt}
      AND "cleanupAttemptEndsAt" IS NOT NULL
    RETURNING *`);
}
