// The database's clock, the one every replica's schedules are timed by.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/** Why a statement: replicas' clocks drift apart; a schedule's first wake is timed like its next ones (claim-due-schedule.ts). */
export async function databaseNow(db: SqlClient): Promise<Date> {
  const [row] = await query<{ now: Date }>(db, Prisma.sql`SELECT now() AS "now"`);
  return row!.now;
}
