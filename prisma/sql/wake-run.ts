// A wake: queue a run for (agent, issue), or merge into the one already QUEUED — one statement.
import { Prisma, type Run, type RunEventKind } from "../client.js";
import { query, type SqlClient } from "./db.js";

export interface WakeRunParams {
  companyId: string;
  agentId: string;
  issueId: string;
  environmentId: string;
  workspaceId: string;
  reason: string;
  priority: number;
  timeoutSeconds: number | null;
}

export type WokenRunRow = Run & { coalesced: boolean; eventId: string; eventKind: RunEventKind; eventAt: Date };

/** A run keeps at most this many distinct wake reasons (wakeCount still counts every wake). */
export const MAX_WAKE_REASONS = 100;

/**
 * Why it is shaped so:
 * - "At most one QUEUED run per (agent, issue)" is the partial unique index
 *   Run_one_queued_per_agent_issue, and this INSERT … ON CONFLICT on it is the whole decision:
 *   there is no read before the write, so any number of concurrent wakes on any replicas end in
 *   one row, each either inserting it or merging into it (wakeCount counts them all).
 * - A run being claimed (QUEUED → RUNNING) while a wake merges: the conflict's row lock waits for
 *   the claim, and once the row is no longer QUEUED it is no longer in the index, so PostgreSQL
 *   retries the insert and the wake queues the follow-up run. A wake during a RUNNING run therefore
 *   queues one follow-up, and the next wake merges into that.
 * - A merge keeps the run's environment and workspace; its priority becomes the higher of the two
 *   and a timeout given now replaces the queued one. Reasons are kept distinct, at most
 *   MAX_WAKE_REASONS of them: a run blocked for a day under a schedule must not grow without bound.
 * - coalesced is "wakeCount > 1": only a merge makes it so, and it needs no system column.
 * - The history event is appended in the same statement: STATUS_CHANGED (to QUEUED) for a new run,
 *   WAKE_MERGED for a merge, each with the wake's reason.
 * - A deleted agent or environment takes no run (null), decided here, not by the caller's earlier
 *   read: the guards' FOR KEY SHARE waits for a deleteAgent/deleteEnvironment holding the row
 *   FOR UPDATE (prisma/sql/lock-agent-for-delete.ts), and READ COMMITTED then re-checks deletedAt
 *   on the committed row; a wake that got its lock first is seen by the delete, which cancels its
 *   run. KEY SHARE, not SHARE: claims (FOR NO KEY UPDATE on the agent) and grants (the
 *   environment's fencingCounter) do not hold wakes up.
 */
export async function wakeRun(db: SqlClient, p: WakeRunParams): Promise<WokenRunRow | null> {
  const [row] = await query<WokenRunRow>(db, Prisma.sql`
    WITH woken AS (
      INSERT INTO "Run" ("id", "companyId", "agentId", "issueId", "environmentId", "workspaceId", "status",
        "timeoutSeconds", "priority", "wakeCount", "wakeReasons", "createdAt")
      SELECT gen_random_uuid(), ${p.companyId}::uuid, ${p.agentId}::uuid, ${p.issueId}::uuid, ${p.environmentId}::uuid,
        ${p.workspaceId}::uuid, 'QUEUED', ${p.timeoutSeconds}::int, ${p.priority}::int, 1, ARRAY[${p.reason}]::text[], now()
      WHERE EXISTS (SELECT 1 FROM "Agent" a WHERE a."id" = ${p.agentId}::uuid AND a."deletedAt" IS NULL FOR KEY SHARE)
        AND EXISTS (SELECT 1 FROM "Environment" e WHERE e."id" = ${p.environmentId}::uuid AND e."deletedAt" IS NULL FOR KEY SHARE)
      ON CONFLICT ("agentId", "issueId") WHERE "status" = 'QUEUED' DO UPDATE SET
        "wakeCount" = "Run"."wakeCount" + 1,
        "priority" = GREATEST("Run"."priority", EXCLUDED."priority"),
        "timeoutSeconds" = COALESCE(EXCLUDED."timeoutSeconds", "Run"."timeoutSeconds"),
        "wakeReasons" = CASE
          WHEN ${p.reason} = ANY("Run"."wakeReasons") OR cardinality("Run"."wakeReasons") >= ${MAX_WAKE_REASONS} THEN "Run"."wakeReasons"
          ELSE "Run"."wakeReasons" || EXCLUDED."wakeReasons" END
      RETURNING *
    ), event AS (
      INSERT INTO "RunEvent" ("runId", "kind", "status", "reason", "at")
      SELECT w."id", (CASE WHEN w."wakeCount" = 1 THEN 'STATUS_CHANGED' ELSE 'WAKE_MERGED' END)::"RunEventKind", 'QUEUED', ${p.reason}, now()
      FROM woken w
      RETURNING "id", "kind", "at"
    )
    SELECT w.*, w."wakeCount" > 1 AS "coalesced", e."id"::text AS "eventId", e."kind" AS "eventKind", e."at" AS "eventAt"
    FROM woken w, event e`);
  return row ?? null;
}
