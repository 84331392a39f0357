// The heartbeat hot path: every heartbeat of a batch in one statement (one round trip, one commit).
import { Prisma, type Pool, type Run } from "../client.js";
import { runAccessPredicate, type RunReach } from "./run-access.js";
import { RUNTIME_STATE_ON_CONFLICT } from "./upsert-runtime-state.js";

export interface HeartbeatItem extends RunReach {
  runId: string;
  pid: number;
  state: Array<{ key: string; value: unknown }>;
}

export type HeartbeatRow = Run & { workspaceConfigVersion: number; leaseExpiresAt: Date | null; eventId: string; eventAt: Date };

// Every heartbeat of a batch in one statement (one round trip, one commit): touch the RUNNING
// runs the caller may act on, upsert their state entries, renew their live leases, append one
// history row each. A run the statement does not return was refused; the caller says why.
const WRITE_HEARTBEATS = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS i("runId" uuid, "pid" int, "state" jsonb, "agentId" uuid, "companyId" uuid)
  ), run AS (
    UPDATE "Run" r SET "lastHeartbeatAt" = now(), "pid" = i."pid"
    FROM input i
    WHERE r."id" = i."runId" AND r."status" = 'RUNNING'
      AND ${runAccessPredicate("r", Prisma.raw('i."agentId"'), Prisma.raw('i."companyId"')).text}
    RETURNING r.*, i."state" AS "inputState"
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
  SELECT run."id", run."companyId", run."agentId", run."issueId", run."environmentId", run."workspaceId", run."status",
    run."timeoutSeconds", run."runnerId", run."pid", run."claimedByReplica", run."lastHeartbeatAt", run."cancelRequestedAt",
    run."createdAt", run."startedAt", run."finishedAt", run."exitCode", run."error",
    w."configVersion" AS "workspaceConfigVersion",
    (SELECT min(l."expiresAt") FROM leases l WHERE l."runId" = run."id") AS "leaseExpiresAt",
    event."id"::text AS "eventId", event."at" AS "eventAt"
  FROM run
  JOIN event ON event."runId" = run."id"
  JOIN "Workspace" w ON w."id" = run."workspaceId"
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
