// A replica's scheduler takes one due schedule to fire, with the database's clock.
import { Prisma, type IssueStatus, type Schedule } from "../client.js";
import { query, type SqlClient } from "./db.js";

export type DueSchedule = Schedule & { issueStatus: IssueStatus; databaseNow: Date };

/**
 * Why it is shaped so:
 * - Every replica ticks, and each due tick must fire once in all. FOR UPDATE SKIP LOCKED hands a due
 *   schedule to one transaction; a replica ticking at the same moment skips it (it does not wait
 *   and then fire it again) and takes the next due one. The taker advances nextWakeAt past now and
 *   wakes in the same transaction, so when the lock is released the row is no longer due: a
 *   statement that starts after the commit does not see it as due either.
 * - "Due" is `nextWakeAt <= now()` on the database's clock, and that clock comes back as
 *   databaseNow (the transaction's start), which the next wake is computed from: the replicas'
 *   own clocks never decide when a schedule fires.
 * - One row per statement, oldest due first: each fire is its own short transaction, so a wake
 *   that fails rolls back only its own schedule (due again on the next tick). `skipIds` are those
 *   that failed in this tick: the ones due after them still fire.
 * - The issue's status comes along: a closed issue takes no runs, so its schedule is advanced
 *   without a wake. FOR UPDATE OF s: only the schedule is locked, never the issue.
 */
export async function claimDueSchedule(db: SqlClient, skipIds: string[]): Promise<DueSchedule | null> {
  const [row] = await query<DueSchedule>(db, Prisma.sql`
    SELECT s.*, i."status" AS "issueStatus", now() AS "databaseNow"
    FROM "Schedule" s JOIN "Issue" i ON i."id" = s."issueId"
    WHERE s."nextWakeAt" <= now() AND s."id" <> ALL(${skipIds}::uuid[])
    ORDER BY s."nextWakeAt"
    LIMIT 1
    FOR UPDATE OF s SKIP LOCKED`);
  return row ?? null;
}
