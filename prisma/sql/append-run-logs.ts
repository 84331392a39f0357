// A batch of log chunks for one run in one statement: check the run, drop resent chunks, enforce the
// per-run byte budget, insert, and count the bytes on the run, all or nothing.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";
import { runAccessSql, type RunReach } from "./run-access.js";

export type RunLogStreamName = "STDOUT" | "STDERR";

export interface RunLogChunkInput {
  seq: number;
  stream: RunLogStreamName;
  text: string;
  /** UTF-8 bytes of text. */
  bytes: number;
}

export interface StoredRunLogChunk {
  seq: number;
  stream: RunLogStreamName;
  text: string;
  createdAt: Date;
}

export interface AppendRunLogsRow {
  /** The run exists, the caller may act on it, and it accepts logs (RUNNING, or finished within the grace). */
  accepting: boolean;
  /** The chunks stored by this call, in seq order. */
  inserted: StoredRunLogChunk[];
  /** Chunks already stored (a resend). */
  duplicates: number;
  logsTruncated: boolean;
}

/**
 * The run row is locked first (FOR UPDATE), so two calls for one run are serialised and the second
 * budgets from the first's committed "logBytes": the limit holds without a race. A chunk stored
 * before is skipped through the primary key; one committed by a concurrent call after this
 * statement's snapshot is caught by ON CONFLICT DO NOTHING (its bytes are then not counted: only
 * RETURNING rows are). Past the budget a chunk and every later one are dropped and the run marked
 * logsTruncated; once marked, nothing more is stored, so the stored log stays a prefix.
 */
export async function appendRunLogs(
  db: SqlClient,
  p: { runId: string; chunks: RunLogChunkInput[]; reach: RunReach; maxBytes: number; graceSeconds: number },
): Promise<AppendRunLogsRow> {
  const [row] = await query<AppendRunLogsRow>(db, Prisma.sql`
    WITH run AS (
      SELECT r."id", r."logBytes", r."logsTruncated" FROM "Run" r
      WHERE r."id" = ${p.runId}::uuid AND ${runAccessSql("r", p.reach)}
        AND (r."status" = 'RUNNING' OR r."finishedAt" > now() - make_interval(secs => ${p.graceSeconds}))
      FOR UPDATE
    ), input AS (
      SELECT * FROM unnest(${p.chunks.map((c) => c.seq)}::int[], ${p.chunks.map((c) => c.stream)}::"RunLogStream"[],
        ${p.chunks.map((c) => c.text)}::text[], ${p.chunks.map((c) => c.bytes)}::int[]) AS i("seq", "stream", "text", "bytes")
    ), fresh AS (
      SELECT i.*, sum(i."bytes") OVER (ORDER BY i."seq") AS "upTo" FROM input i, run
      WHERE NOT EXISTS (SELECT 1 FROM "RunLogChunk" c WHERE c."runId" = run."id" AND c."seq" = i."seq")
    ), kept AS (
      SELECT f.* FROM fresh f, run WHERE NOT run."logsTruncated" AND run."logBytes" + f."upTo" <= ${p.maxBytes}
    ), inserted AS (
      INSERT INTO "RunLogChunk" ("runId", "seq", "stream", "text", "bytes", "createdAt")
      SELECT run."id", k."seq", k."stream", k."text", k."bytes", now() FROM kept k, run
      ON CONFLICT ("runId", "seq") DO NOTHING
      RETURNING "seq", "stream", "text", "bytes", "createdAt"
    ), counted AS (
      SELECT coalesce(sum("bytes"), 0)::int AS "bytes", count(*) AS "rows" FROM inserted
    ), dropped AS (
      SELECT (SELECT count(*) FROM fresh) > (SELECT count(*) FROM kept) AS "any"
    ), updated AS (
      -- Untouched when nothing changed: a resend does not write the hot run row.
      UPDATE "Run" r SET "logBytes" = r."logBytes" + counted."bytes", "logsTruncated" = r."logsTruncated" OR dropped."any"
      FROM run, counted, dropped
      WHERE r."id" = run."id" AND (counted."rows" > 0 OR (dropped."any" AND NOT r."logsTruncated"))
      RETURNING r."logsTruncated"
    )
    SELECT EXISTS (SELECT 1 FROM run) AS "accepting",
      coalesce((SELECT json_agg(json_build_object('seq', "seq", 'stream', "stream", 'text', "text", 'createdAt', "createdAt") ORDER BY "seq")
        FROM inserted), '[]'::json) AS "inserted",
      -- Resent: stored before this statement's snapshot, or by a concurrent call since (ON CONFLICT).
      (SELECT count(*) FROM input) - (SELECT count(*) FROM fresh) + (SELECT count(*) FROM kept) - (SELECT "rows" FROM counted) AS "duplicates",
      coalesce((SELECT "logsTruncated" FROM updated), (SELECT "logsTruncated" FROM run), false) AS "logsTruncated"`);
  const inserted = (row!.inserted as unknown as Array<Omit<StoredRunLogChunk, "createdAt"> & { createdAt: string }>).map((c) => ({ ...c, createdAt: new Date(c.createdAt) }));
  // count(*) is a bigint, which pg hands over as a string.
  return { ...row!, inserted, duplicates: Number(row!.duplicates) };
}
