// retryLeaseCleanup: an operator starts an ended lease's cleanup over.
import { Prisma, type Lease } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * PENDING with no attempts made, due now, or, while an attempt is still in flight, once its
 * window ends (GREATEST skips a NULL cleanupAttemptEndsAt): a restart never lets a second
 * release() run beside one in flight. The in-flight attempt's outcome no longer matches its
 * attempt number and is dropped. An ACTIVE lease owes no cleanup yet and matches nothing.
 */
export function restartLeaseCleanup(db: SqlClient, leaseId: string): Promise<Lease[]> {
  return query<Lease>(db, Prisma.sql`
    UPDATE "Lease" SET "cleanupStatus" = 'PENDING', "cleanupAttempts" = 0, "cleanupError" = NULL,
      "cleanupNextAttemptAt" = GREATEST(now(), "cleanupAttemptEndsAt")
    WHERE "id" = ${leaseId}::uuid AND "status" <> 'ACTIVE'
    RETURNING *`);
}
