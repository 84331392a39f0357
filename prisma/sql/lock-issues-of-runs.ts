// Share-locking the issues of runs that just ended, before their retries are queued.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Why a statement of its own: queue-retries.ts skips a closed issue, but an updateIssue closing it
 * may not have committed yet, and its closeIssue cannot see the retry this transaction inserts.
 * This lock waits for that closer (it holds the issue row FOR NO KEY UPDATE), and the next statement's
 * fresh snapshot then reads the issue DONE: no retry on a closed issue, as a wake's own share lock
 * (lock-issue-for-share.ts) ensures for wakes. Ordered by id so concurrent enders lock alike.
 */
export async function lockIssuesOfRuns(db: SqlClient, runIds: string[]): Promise<void> {
  await query(db, Prisma.sql`
    SELECT 1 FROM "Issue" WHERE "id" IN (SELECT "issueId" FROM "Run" WHERE "id" = ANY(${runIds}::uuid[])) ORDER BY "id" FOR SHARE`);
}
