// The first statement of every claim: the agent's row lock, which serialises its claims.
import { Prisma } from "../client.js";
import { budgetColumns, type AgentBudgetRow } from "./agent-month-cost.js";
import { query, type SqlClient } from "./db.js";

export interface ClaimingAgent extends AgentBudgetRow {
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
 * locks that inserting a run (a wake) takes on its agent through the foreign key. The agent's
 * budget is read with it: an agent over its budget this month takes no runs. A deleted agent
 * (null) claims nothing: deleteAgent holds this row FOR UPDATE until its commit, and the re-check
 * READ COMMITTED makes of a waited-for row sees its deletedAt.
 */
export async function lockAgentForClaim(db: SqlClient, agentId: string): Promise<ClaimingAgent | null> {
  const [agent] = await query<ClaimingAgent>(db, Prisma.sql`
    SELECT a."heartbeatTimeoutSeconds", a."maxConcurrentRuns", ${budgetColumns("a")}
    FROM "Agent" a WHERE a."id" = ${agentId}::uuid AND a."deletedAt" IS NULL FOR NO KEY UPDATE`);
  return agent ?? null;
}
