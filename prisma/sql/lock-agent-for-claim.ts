// The first statement of every claim: the agent's row lock, which serialises its claims.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

export interface ClaimingAgent {
  heartbeatTimeoutSeconds: number;
  maxConcurrentRuns: number;
}

/**
 * Why a statement of its own: admission ("fewer than maxConcurrentRuns RUNNING runs") is a count
 * over other rows, and a count made in the statement that waited for a lock still reads that
 * statement's snapshot, taken before the other claim committed — two claims would each count 2 of
 * 3 and both proceed. Under READ COMMITTED each statement takes a fresh snapshot, so once this lock
 * is ours (held to commit), the claim statement after it sees every earlier claim of the agent,
 * whichever replica made it. FOR NO KEY UPDATE, not FOR UPDATE: it does not block the KEY SHARE
 * locks that inserting a run (a wake) takes on its agent through the foreign key. A deleted agent
 * (null) claims nothing: deleteAgent holds this row FOR UPDATE until its commit, and the re-check
 * READ COMMITTED makes of a waited-for row sees its deletedAt.
 */
export async function lockAgentForClaim(db: SqlClient, agentId: string): Promise<ClaimingAgent | null> {
  const [agent] = await query<ClaimingAgent>(db, Prisma.sql`
    SELECT "heartbeatTimeoutSeconds", "maxConcurrentRuns" FROM "Agent" WHERE "id" = ${agentId}::uuid AND "deletedAt" IS NULL FOR NO KEY UPDATE`);
  return agent ?? null;
}
