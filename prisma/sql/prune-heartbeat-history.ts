// Deleting old HEARTBEAT history in batches (status changes are kept for good).
import { Prisma, type DbTransaction } from "../client.js";

/**
 * One batch of at most `limit` rows older than the retention, found through the partial index
 * "RunEvent_heartbeat_at_idx": a pass stays short, a backlog shrinks over the following passes.
 */
export function pruneHeartbeatHistory(db: Pick<DbTransaction, "$executeRaw">, retentionHours: number, limit: number): Promise<number> {
  return db.$executeRaw(Prisma.sql`
    DELETE FROM "RunEvent" WHERE "id" IN (
      SELECT "id" FROM "RunEvent"
      WHERE "kind" = 'HEARTBEAT' AND "at" < now() - make_interval(hours => ${retentionHours})
      LIMIT ${limit})`);
}
