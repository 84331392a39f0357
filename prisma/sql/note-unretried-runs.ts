// An ended run that got no next attempt says why (Run.notRetriedReason), in the transaction that ended it.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Runs among `endedRunIds` that did not succeed and that no run retries (queue-retries.ts ran
 * first in this transaction), each with the first reason that applies, in the policy's words.
 */
export function noteUnretriedRuns(db: SqlClient, endedRunIds: string[]): Promise<Array<{ id: string; notRetriedReason: string }>> {
  return query(db, Prisma.sql`
    UPDATE "Run" r SET "notRetriedReason" = CASE
        WHEN r."status" = 'CANCELLED' THEN 'not retried: a cancelled run is never retried'
        WHEN NOT (r."status" = ANY(a."retryOn")) THEN format('not retried: %s is not in the agent''s retryPolicy.retryOn', r."status")
        WHEN r."attempt" >= a."retryMaxAttempts"
          THEN format('not retried: retries exhausted (attempt %s of the agent''s retryPolicy.maxAttempts %s)', r."attempt", a."retryMaxAttempts")
        WHEN i."status" IN ('DONE', 'CANCELLED') THEN format('not retried: its issue is %s', i."status")
        ELSE 'not retried: the QUEUED run of its agent and issue already continues another attempt' END
    FROM "Agent" a, "Issue" i
    WHERE r."id" = ANY(${endedRunIds}::uuid[]) AND a."id" = r."agentId" AND i."id" = r."issueId" AND r."status" <> 'SUCCEEDED'
      AND NOT EXISTS (SELECT 1 FROM "Run" q WHERE q."retryOfId" = r."id")
    RETURNING r."id", r."notRetriedReason"`);
}
