// A retry's runtime state starts as a copy of the attempt it retries: the checkpoint it resumes from.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Each entry of each `retryOf` run copied to its `runId`, in the transaction that queued the retry
 * (so a retry is never claimable without its checkpoint). A copy is the retry's first write of the
 * key (version 1); a key the run already has (a queued run the retry merged into, written while it
 * waited) keeps its own value: it is newer than the ended attempt's.
 */
export async function copyCheckpoints(db: SqlClient, pairs: Array<{ runId: string; retryOf: string }>): Promise<number> {
  const rows = await query<{ n: number }>(db, Prisma.sql`
    WITH copied AS (
      INSERT INTO "RuntimeState" ("runId", "key", "value", "version", "updatedAt")
      SELECT p."runId", s."key", s."value", 1, now()
      FROM unnest(${pairs.map((p) => p.runId)}::uuid[], ${pairs.map((p) => p.retryOf)}::uuid[]) AS p("runId", "retryOf")
      JOIN "RuntimeState" s ON s."runId" = p."retryOf"
      ON CONFLICT ("runId", "key") DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM copied`);
  return rows[0]!.n;
}
