// The heartbeat hot path: every heartbeat of a batch in one statement (one round trip, one commit).
import { Prisma, type Pool, type Run } from "../client.js";
import { CURRENT_MONTH, monthCostOf } from "./agent-month-cost.js";
import { runAccessPredicate, type RunReach } from "./run-access.js";
import { RUNTIME_STATE_ON_CONFLICT } from "./upsert-runtime-state.js";

export interface HeartbeatItem extends RunReach {
  runId: string;
  pid: number;
  state: Array<{ key: string; value: unknown }>;
  /** The run's cumulative totals so far, key → non-negative number; null: none reported. */
  usage?: Record<string, number> | null;
}

export type HeartbeatRow = Run & {
  workspaceConfigVersion: number;
  leaseExpiresAt: Date | null;
  /** The live event's id: from the history's sequence, so ids stay unique and ordered whether or not the beat was kept. */
  eventId: string;
  eventAt: Date;
  /** The version each of the heartbeat's state entries was written at; null: it carried none. */
  stateVersions: Record<string, number> | null;
  /** The leases it renewed (expiresAt as jsonb gives it); null: none. */
  renewedLeases: Array<{ id: string; companyId: string; environmentId: string; slot: number; fencingToken: number; expiresAt: string }> | null;
  /** The run's agent has a monthlyBudgetCents and its cost this month, this heartbeat's included, reached it. */
  overBudget: boolean;
};

// Every heartbeat of a batch in one statement (one round trip, one commit): touch the RUNNING
// runs the caller may act on (the last heartbeat and a count of them kept on the run), upsert their
// state entries, renew their live leases, and append a history row for each heartbeat that says
// something new. A run the statement does not return was refused; the caller says why.
//
// History: a heartbeat is kept when it is its run's first (heartbeatCount becomes 1, decided by the
// row's own update, so exactly once), carries another pid than the run had, or comes more than
// $2 seconds after the previous one (a gap). The previous pid and time are read from the
// statement's snapshot (\`before\`): two heartbeats of one run committing at the same instant on
// two replicas (a runner never sends them so) might both be kept, or a pid change in the first be
// missed by the second; the run's own columns are exact either way. Every heartbeat gets an event
// id from the history's sequence, kept or not, so live events keep unique, ordered ids. A beat
// that is not kept is the whole point: at the runner's 5 s interval, a fleet of 200 agents would
// otherwise add 3.5 million rows a day for every later write to carry in the indexes.
//
// Usage, in the same statement: a run's totals are cumulative, so they are merged per key with
// the larger value (a resent heartbeat changes nothing), and the rise in costCents is added to
// the agent's "AgentMonthlyCost" of this month. The rise is taken against the run's totals as
// last committed: the usage runs are locked first (\`locked\`), and a row locked after waiting is
// read in its latest version, so two replicas' heartbeats of one run never count one rise twice
// (the UPDATE after it re-reads that version too). Only heartbeats that carry usage are locked so.
// Then each run's agent's month cost as this statement left it decides \`overBudget\`: the
// upserted row's if this batch added to it (which waited for any concurrent adder), else the
// stored one. One insert row per agent: one statement cannot upsert a row twice.
const WRITE_HEARTBEATS = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS i("runId" uuid, "pid" int, "state" jsonb, "usage" jsonb, "agentId" uuid, "companyId" uuid)
  ), locked AS (
    SELECT r."id", r."usage" FROM "Run" r JOIN input i ON r."id" = i."runId"
    WHERE i."usage" IS NOT NULL AND r."status" = 'RUNNING'
      AND ${runAccessPredicate("r", Prisma.raw('i."agentId"'), Prisma.raw('i."companyId"')).text}
    FOR NO KEY UPDATE OF r
  ), run AS (
    UPDATE "Run" r SET "lastHeartbeatAt" = now(), "pid" = i."pid", "heartbeatCount" = r."heartbeatCount" + 1,
      "usage" = CASE WHEN locked."id" IS NULL THEN r."usage" ELSE (
        SELECT COALESCE(jsonb_object_agg(k, GREATEST(COALESCE((locked."usage"->>k)::numeric, 0), COALESCE((i."usage"->>k)::numeric, 0))), '{}')
        FROM (SELECT jsonb_object_keys(locked."usage") UNION SELECT jsonb_object_keys(i."usage")) AS keys(k)) END
    FROM input i JOIN "Run" before ON before."id" = i."runId" LEFT JOIN locked ON locked."id" = i."runId"
    WHERE r."id" = i."runId" AND r."status" = 'RUNNING'
      AND ${runAccessPredicate("r", Prisma.raw('i."agentId"'), Prisma.raw('i."companyId"')).text}
    RETURNING r.*, i."state" AS "inputState",
      CASE WHEN locked."id" IS NULL THEN 0
        ELSE COALESCE((r."usage"->>'costCents')::float8, 0) - COALESCE((locked."usage"->>'costCents')::float8, 0) END AS "costRise",
      (r."heartbeatCount" = 1 OR before."pid" IS DISTINCT FROM i."pid"
        OR before."lastHeartbeatAt" < now() - make_interval(secs => $2)) AS "kept",
      nextval('"RunEvent_id_seq"') AS "eventId",
      -- As the history's timestamptz(3) column stores it, so a kept beat's live event and row agree.
      now()::timestamptz(3) AS "eventAt"
  ), month_cost AS (
    INSERT INTO "AgentMonthlyCost" ("agentId", "month", "costCents")
    SELECT run."agentId", ${CURRENT_MONTH}, sum(run."costRise") FROM run
    WHERE run."costRise" > 0 GROUP BY run."agentId" ORDER BY run."agentId"
    ON CONFLICT ("agentId", "month") DO UPDATE SET "costCents" = "AgentMonthlyCost"."costCents" + EXCLUDED."costCents"
    RETURNING "agentId", "costCents"
  ), budget AS (
    SELECT a."id" AS "agentId", COALESCE(mc."costCents", ${monthCostOf('a."id"')}) >= a."monthlyBudgetCents" AS "overBudget"
    FROM "Agent" a LEFT JOIN month_cost mc ON mc."agentId" = a."id"
    WHERE a."id" IN (SELECT run."agentId" FROM run) AND a."monthlyBudgetCents" IS NOT NULL
  ), state AS (
    INSERT INTO "RuntimeState" ("runId", "key", "value", "version", "updatedAt")
    SELECT run."id", s."key", s."value", 1, now()
    FROM run, jsonb_to_recordset(run."inputState") AS s("key" text, "value" jsonb)
    ${RUNTIME_STATE_ON_CONFLICT}
    RETURNING "runId", "key", "version"
  ), leases AS (
    UPDATE "Lease" l SET "expiresAt" = now() + make_interval(secs => l."ttlSeconds")
    FROM run WHERE l."runId" = run."id" AND l."status" = 'ACTIVE' AND l."expiresAt" > now()
    RETURNING l."id", l."runId", l."companyId", l."environmentId", l."slot", l."fencingToken", l."expiresAt"
  ), history AS (
    INSERT INTO "RunEvent" ("id", "runId", "kind", "status", "pid", "at")
    SELECT run."eventId", run."id", 'HEARTBEAT'::"RunEventKind", 'RUNNING'::"RunStatus", run."pid", run."eventAt" FROM run WHERE run."kept"
    RETURNING 1
  )
  -- Every column of "Run" (a HeartbeatRow is a Run: the answer's run { … } reads any of them), and
  -- not the run CTE's own inputState and costRise. A column added to Run is added here.
  SELECT run."id", run."companyId", run."agentId", run."issueId", run."environmentId", run."workspaceId", run."status",
    run."timeoutSeconds", run."runnerId", run."pid", run."claimedByReplica", run."lastHeartbeatAt", run."cancelRequestedAt",
    run."createdAt", run."startedAt", run."finishedAt", run."exitCode", run."error", run."usage", run."cancelReason",
    run."attempt", run."notBefore", run."priority", run."wakeCount", run."wakeReasons", run."retryOfId", run."notRetriedReason",
    run."logBytes", run."logsTruncated", run."heartbeatCount",
    w."configVersion" AS "workspaceConfigVersion",
    (SELECT min(l."expiresAt") FROM leases l WHERE l."runId" = run."id") AS "leaseExpiresAt",
    -- For the events published after commit (resolvers/events.ts publishHeartbeats).
    (SELECT jsonb_object_agg(s."key", s."version") FROM state s WHERE s."runId" = run."id") AS "stateVersions",
    (SELECT jsonb_agg(jsonb_build_object('id', l."id", 'companyId', l."companyId", 'environmentId', l."environmentId", 'slot', l."slot",
       'fencingToken', l."fencingToken", 'expiresAt', l."expiresAt")) FROM leases l WHERE l."runId" = run."id") AS "renewedLeases",
    run."eventId"::text AS "eventId", run."eventAt", COALESCE(budget."overBudget", false) AS "overBudget"
  FROM run
  JOIN "Workspace" w ON w."id" = run."workspaceId"
  LEFT JOIN budget ON budget."agentId" = run."agentId"`;

/**
 * Spoken to pg directly and prepared once per connection (a named statement): the ORM's
 * per-query cost would be most of a heartbeat's. A run appears at most once per batch (one
 * statement cannot upsert the same row twice); the caller makes sure of it.
 */
export async function writeHeartbeats(pool: Pool, items: HeartbeatItem[], historyGapSeconds: number): Promise<HeartbeatRow[]> {
  const { rows } = await pool.query<HeartbeatRow>({ name: "runyard_write_heartbeats", text: WRITE_HEARTBEATS, values: [JSON.stringify(items), historyGapSeconds] });
  return rows;
}
