// Retries: the next attempt of each just-ended run that its agent's retry policy retries, queued in
// the transaction that ended it (resolvers/run-transitions.ts) — one statement.
import { Prisma, type Run, type RunEventKind } from "../client.js";
import { query, type SqlClient } from "./db.js";
import { MAX_WAKE_REASONS } from "./wake-run.js";

export type QueuedRetryRow = Run & { coalesced: boolean; eventId: string; eventKind: RunEventKind; eventAt: Date };

/** The wake reason a retry queues (or merges into a queued run) with. */
export const RETRY_REASON = "retry";

/**
 * Why it is shaped so:
 * - It reads only runs this transaction has just ended (their rows are locked by it), so a run is
 *   retried exactly once, by whichever replica ended it; Run_retryOfId_key is the last word.
 * - Retried: the run's status is in the agent's retryOn, its attempt is below maxAttempts, and its
 *   issue is still open (a closed issue takes no runs, as a wake would be refused).
 * - Backoff on the database's clock: base = min(maxBackoff, initialBackoff × 2^(attempt − 1)), then
 *   "equal jitter": notBefore = now() + base × [0.5, 1), so replicas retrying a burst of runs that
 *   failed together spread out, and the cap is never exceeded.
 * - Coalescing is the same partial unique index a wake uses (Run_one_queued_per_agent_issue, see
 *   wake-run.ts): a QUEUED run of the agent and issue already there (a wake during the attempt
 *   queued a follow-up) takes the retry in as a wake would (wakeCount + 1, reason "retry", the
 *   higher priority) and becomes the next attempt: its retryOf is the ended run, its attempt the
 *   ended one's + 1, and it keeps its own notBefore (the wake that queued it wants it run; the
 *   follow-up does the retry's work too). A run already continuing another attempt is left as it
 *   is (the ended run then says why it was not retried: note-unretried-runs.ts).
 * - One candidate per (agent, issue) (DISTINCT ON): ON CONFLICT cannot touch one row twice.
 * - The QUEUED event (STATUS_CHANGED, or WAKE_MERGED for a merge) is appended in the same statement.
 */
export function queueRetries(db: SqlClient, endedRunIds: string[]): Promise<QueuedRetryRow[]> {
  return query<QueuedRetryRow>(db, Prisma.sql`
    WITH due AS (
      SELECT DISTINCT ON (r."agentId", r."issueId") r.*, a."retryInitialBackoffSeconds", a."retryMaxBackoffSeconds"
      FROM "Run" r JOIN "Agent" a ON a."id" = r."agentId" JOIN "Issue" i ON i."id" = r."issueId"
      WHERE r."id" = ANY(${endedRunIds}::uuid[]) AND r."status" = ANY(a."retryOn") AND r."attempt" < a."retryMaxAttempts"
        AND i."status" NOT IN ('DONE', 'CANCELLED')
      ORDER BY r."agentId", r."issueId", r."id"
    ), retry AS (
      INSERT INTO "Run" ("id", "companyId", "agentId", "issueId", "environmentId", "workspaceId", "status", "timeoutSeconds",
        "priority", "attempt", "retryOfId", "notBefore", "wakeCount", "wakeReasons", "createdAt")
      SELECT gen_random_uuid(), d."companyId", d."agentId", d."issueId", d."environmentId", d."workspaceId", 'QUEUED', d."timeoutSeconds",
        d."priority", d."attempt" + 1, d."id",
        now() + make_interval(secs => LEAST(d."retryMaxBackoffSeconds", d."retryInitialBackoffSeconds" * power(2, d."attempt" - 1)) * (0.5 + random() / 2)),
        1, ARRAY[${RETRY_REASON}]::text[], now()
      FROM due d
      ON CONFLICT ("agentId", "issueId") WHERE "status" = 'QUEUED' DO UPDATE SET
        "wakeCount" = "Run"."wakeCount" + 1,
        "priority" = GREATEST("Run"."priority", EXCLUDED."priority"),
        "wakeReasons" = CASE
          WHEN ${RETRY_REASON} = ANY("Run"."wakeReasons") OR cardinality("Run"."wakeReasons") >= ${MAX_WAKE_REASONS} THEN "Run"."wakeReasons"
          ELSE "Run"."wakeReasons" || EXCLUDED."wakeReasons" END,
        "retryOfId" = COALESCE("Run"."retryOfId", EXCLUDED."retryOfId"),
        "attempt" = CASE WHEN "Run"."retryOfId" IS NULL THEN EXCLUDED."attempt" ELSE "Run"."attempt" END
      RETURNING *
    ), event AS (
      INSERT INTO "RunEvent" ("runId", "kind", "status", "reason", "at")
      SELECT q."id", (CASE WHEN q."wakeCount" = 1 THEN 'STATUS_CHANGED' ELSE 'WAKE_MERGED' END)::"RunEventKind", 'QUEUED', ${RETRY_REASON}, now()
      FROM retry q
      RETURNING "id", "runId", "kind", "at"
    )
    SELECT q.*, q."wakeCount" > 1 AS "coalesced", e."id"::text AS "eventId", e."kind" AS "eventKind", e."at" AS "eventAt"
    FROM retry q JOIN event e ON e."runId" = q."id"`);
}
