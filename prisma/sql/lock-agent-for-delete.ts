// The first statement of deleteAgent: the agent's strongest row lock.
import { Prisma, type Agent } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * FOR UPDATE, because it conflicts with the FOR KEY SHARE a wake's guard (prisma/sql/wake-run.ts)
 * takes on the agent and with the FOR NO KEY UPDATE of a claim (lock-agent-for-claim.ts): a wake or
 * claim in flight makes this wait, and the run it queued or claimed is then seen (and cancelled) by
 * the statements after this one; a wake or claim after it waits for this transaction and re-checks
 * deletedAt on the committed row. (A plain UPDATE of deletedAt takes only FOR NO KEY UPDATE, which
 * a KEY SHARE does not wait for.) Null: no such agent, or it is deleted already.
 */
export async function lockAgentForDelete(db: SqlClient, agentId: string): Promise<Agent | null> {
  const [agent] = await query<Agent>(db, Prisma.sql`
    SELECT * FROM "Agent" WHERE "id" = ${agentId}::uuid AND "deletedAt" IS NULL FOR UPDATE`);
  return agent ?? null;
}
