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
  eventId: string;
  eventAt: Date;
  /** The run's agent has a monthlyBudgetCents and its cost this month, this heartbeat's included, reached it. */
  overBudget: boolean;
};

// Every heartbeat of a batch in one statement (one round trip, one commit): touch the RUNNING
// runs the caller may act on, upsert their state entries, renew their live leases, append one
// history row each. A run the statement does not return was refused; the caller says why.
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
    UPDATE "Run" r SET "lastHeartbeatAt" = now(), "pid" = i."pid",
      "usage" = CASE WHEN locked."id" IS NULL THEN r."usage" ELSE (
        SELECT COALESCE(jsonb_object_agg(k, GREATEST(COALESCE((locked."usage"->>k)::numeric, 0), COALESCE((i."usage"->>k)::numeric, 0))), '{}')
        FROM (SELECT jsonb_object_keys(locked."usage") UNION SELECT jsonb_object_keys(i."usage")) AS keys(k)) END
    FROM input i LEFT JOIN locked ON locked."id" = i."runId"
    WHERE r."id" = i."runId" AND r."status" = 'RUNNING'
      AND ${runAccessPredicate("r", Prisma.raw('i."agentId"'), Prisma.raw('i."companyId"')).text}
    RETURNING r.*, i."state" AS "inputState",
      CASE WHEN locked."id" IS NULL THEN 0
        ELSE COALESCE((r."usage"->>'costCents')::float8, 0) - COALESCE((locked."usage"->>'costCents')::float8, 0) END AS "costRise"
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
    RETURNING 1
  ), leases AS (
    UPDATE "Lease" l SET "expiresAt" = now() + make_interval(secs => l."ttlSeconds")
    FROM run WHERE l."runId" = run."id" AND l."status" = 'ACTIVE' AND l."expiresAt" > now()
    RETURNING l."runId", l."expiresAt"
  ), event AS (
    INSERT INTO "RunEvent" ("runId", "kind", "status", "pid", "at")
    SELECT run."id", 'HEARTBEAT'::"RunEventKind", 'RUNNING'::"RunStatus", run."pid", now() FROM run
    RETURNING "id", "runId", "at"
  )
  -- Every column of "Run" (a HeartbeatRow is a Run: the answer's run { … } reads any of them), and
  -- not the run CTE's own inputState and costRise. A column added to Run is added here.
  SELECT run."id", run."companyId", run."agentId", run."issueId", run."environmentId", run."workspaceId", run."status",
    run."timeoutSeconds", run."runnerId", run."pid", run."claimedByReplica", run."lastHeartbeatAt", run."cancelRequestedAt",
    run."createdAt", run."startedAt", run."finishedAt", run."exitCode", run."error", run."usage", run."cancelReason",
    run."attempt", run."notBefore", run."priority", run."wakeCount", run."wakeReasons", run."retryOfId", run."notRetriedReason",
    run."logBytes", run."logsTruncated",
    w."configVersion" AS "workspaceConfigVersion",
    (SELECT min(l."expiresAt") FROM leases l WHERE l."runId" = run."id") AS "leaseExpiresAt",
    event."id"::text AS "eventId", event."at" AS "eventAt", COALESCE(budget."overBudget", false) AS "overBudget"
  FROM run
  JOIN event ON event."runId" = run."id"
  JOIN "Workspace" w ON w."id" = run."workspaceId"
  LEFT JOIN budget ON budget."agentId" = run."agentId"
  CROSS JOIN (SELECT count(*) FROM state) AS written`;

/**
 * Spoken to pg directly and prepared once per connection (a named statement): the ORM's
 * per-query cost would be most of a heartbeat's. A run appears at most once per batch (one
 * statement cannot upsert the same row twice); the caller makes sure of it.
 */
export async function writeHeartbeats(pool: Pool, items: HeartbeatItem[]): Promise<HeartbeatRow[]> {
  const { rows } = await pool.query<HeartbeatRow>({ name: "runyard_write_heartbeats", text: WRITE_HEARTBEATS, values: [JSON.stringify(items)] });
  return rows;
}
