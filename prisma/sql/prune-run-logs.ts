// Deleting old log chunks in batches, as prune-heartbeat-history.ts deletes old heartbeats.
import { Prisma, type DbTransaction } from "../client.js";

/**
 * One batch of at most `limit` chunks older than the retention, found through "RunLogChunk_createdAt_idx":
 * a pass stays short, a backlog (millions of lines) shrinks over the following passes. Run.logBytes
 * keeps counting pruned bytes: the budget is what a run may write, not what is left of it.
 */
export function pruneRunLogs(db: Pick<DbTransaction, "$executeRaw">, retentionHours: number, limit: number): Promise<number> {
  return db.$executeRaw(Prisma.sql`
    DELETE FROM "RunLogChunk" WHERE ("runId", "seq") IN (
      SELECT "runId", "seq" FROM "RunLogChunk"
      WHERE "createdAt" < now() - make_interval(hours => ${retentionHours})
      LIMIT ${limit})`);
}
