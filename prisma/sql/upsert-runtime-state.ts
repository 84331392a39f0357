// Runtime state is only ever written by upsert, so concurrent writers to one (run, key) all
// succeed and `version` counts them; setRuntimeState and the heartbeat batch share this clause.
import { Prisma, type RuntimeState } from "../client.js";
import { query, type SqlClient } from "./db.js";
import { runAccessSql, type RunReach } from "./run-access.js";

/** The tail of every INSERT INTO "RuntimeState" ("runId", "key", "value", "version", "updatedAt"). */
export const RUNTIME_STATE_ON_CONFLICT = `ON CONFLICT ("runId", "key") DO UPDATE
      SET "value" = EXCLUDED."value", "version" = "RuntimeState"."version" + 1, "updatedAt" = EXCLUDED."updatedAt"`;

export type WrittenRuntimeState = RuntimeState & { agentId: string; companyId: string };

/**
 * One entry, only while the run is QUEUED or RUNNING and the caller may act on it, checked in the
 * same statement (an INSERT … SELECT from the run); null when it was not written. The run's agent
 * and company come back beside it, for the event the write publishes.
 */
export async function upsertRuntimeState(
  db: SqlClient,
  { runId, key, value, reach }: { runId: string; key: string; value: unknown; reach: RunReach },
): Promise<WrittenRuntimeState | null> {
  const [row] = await query<WrittenRuntimeState>(db, Prisma.sql`
    WITH run AS (
      SELECT r."id", r."agentId", r."companyId" FROM "Run" r
      WHERE r."id" = ${runId}::uuid AND r."status" IN ('QUEUED', 'RUNNING') AND ${runAccessSql("r", reach)}
    ), written AS (
      INSERT INTO "RuntimeState" ("runId", "key", "value", "version", "updatedAt")
      SELECT run."id", ${key}, ${JSON.stringify(value)}::jsonb, 1, now() FROM run
      ${Prisma.raw(RUNTIME_STATE_ON_CONFLICT)}
      RETURNING *
    )
    SELECT written.*, run."agentId", run."companyId" FROM written, run`);
  return row ?? null;
}
