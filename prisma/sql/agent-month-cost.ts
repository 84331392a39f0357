// An agent's cost this calendar month against its monthlyBudgetCents, as SQL: the heartbeat
// statement (write-heartbeats.ts) keeps "AgentMonthlyCost" and decides there; claims
// (lock-agent-for-claim.ts) and wakes read the same predicate, so all three agree.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/** The first day of this month, UTC, on the database's clock: the key of "AgentMonthlyCost". */
export const CURRENT_MONTH = `(date_trunc('month', now() AT TIME ZONE 'UTC'))::date`;

/** The stored cost this month of the agent whose id is the SQL expression `agentId` (0: none yet). */
export function monthCostOf(agentId: string): string {
  return `COALESCE((SELECT c."costCents" FROM "AgentMonthlyCost" c WHERE c."agentId" = ${agentId} AND c."month" = ${CURRENT_MONTH}), 0)`;
}

export interface AgentBudgetRow {
  monthlyBudgetCents: number | null;
  monthCostCents: number;
  overBudget: boolean;
}

/** The columns of an AgentBudgetRow for "Agent" `agent`. */
export function budgetColumns(agent: string): Prisma.Sql {
  const cost = monthCostOf(`${agent}."id"`);
  return Prisma.raw(`${agent}."monthlyBudgetCents", ${cost} AS "monthCostCents",
    COALESCE(${cost} >= ${agent}."monthlyBudgetCents", false) AS "overBudget"`);
}

/** The agent's budget and cost this month (null: no such agent). */
export async function agentBudget(db: SqlClient, agentId: string): Promise<AgentBudgetRow | null> {
  const [row] = await query<AgentBudgetRow>(db, Prisma.sql`SELECT ${budgetColumns("a")} FROM "Agent" a WHERE a."id" = ${agentId}::uuid`);
  return row ?? null;
}
