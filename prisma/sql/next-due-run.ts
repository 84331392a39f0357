// When a waiting claimNextRun should look again for a run that is queued but not yet due.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Milliseconds until the agent's earliest QUEUED run with a notBefore ahead becomes due (null: none
 * is waiting for its notBefore). Measured on the database's clock, which the claim compares
 * notBefore with, so a replica's clock being off does not make it look early or late. Served by the
 * partial index Run_queued_not_before_by_agent.
 */
export async function msUntilNextDueRun(db: SqlClient, agentId: string): Promise<number | null> {
  const [row] = await query<{ ms: number | null }>(db, Prisma.sql`
    SELECT (EXTRACT(EPOCH FROM min("notBefore") - now()) * 1000)::float8 AS "ms"
    FROM "Run" WHERE "agentId" = ${agentId}::uuid AND "status" = 'QUEUED' AND "notBefore" > now()`);
  return row?.ms ?? null;
}
