// Usage and cost: what a heartbeat may report, the budget rule as callers see it, and the sums
// over runs that Agent.usage and Company.usage read.
import { z } from "zod";
import type { Prisma } from "../prisma/client.js";
import { agentBudget, type AgentBudgetRow } from "../prisma/sql/agent-month-cost.js";
import type { SqlClient } from "../prisma/sql/db.js";
import { sumUsage } from "../prisma/sql/sum-usage.js";
import { RunyardError } from "./errors.js";
import type { RequestContext } from "./runtime.js";
import { stateKey } from "./validation.js";

/** A run's cumulative totals: key → non-negative number (inputTokens, outputTokens, costCents, any other). */
export const usageTotals = z
  .record(stateKey, z.number({ error: "must be a number" }).min(0, "must not be negative"), { error: "must be an object of numbers" })
  .refine((totals) => Object.keys(totals).length <= 50, "must have at most 50 keys");

export type UsageTotals = Record<string, number>;

/** The contract's named totals, and every other key as it came. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  costCents: number;
  other: UsageTotals;
}

export function usageOf(totals: Prisma.JsonValue | UsageTotals): Usage {
  const { inputTokens = 0, outputTokens = 0, costCents = 0, ...other } = (totals ?? {}) as UsageTotals;
  return { inputTokens, outputTokens, costCents, other };
}

export function budgetExceeded(agentId: string, budget: AgentBudgetRow): RunyardError {
  return new RunyardError(
    "BUDGET_EXCEEDED",
    `the agent's cost this month (${budget.monthCostCents} cents) reached its monthlyBudgetCents (${budget.monthlyBudgetCents}); raise it or wait for the month to turn (UTC)`,
    { agentId, monthlyBudgetCents: budget.monthlyBudgetCents, monthCostCents: budget.monthCostCents },
  );
}

/** Refuses a wake of an agent over its budget this month. */
export async function assertWithinBudget(db: SqlClient, agentId: string): Promise<void> {
  const budget = await agentBudget(db, agentId);
  if (budget?.overBudget) throw budgetExceeded(agentId, budget);
}

interface Batch {
  ownerIds: Set<string>;
  result: Promise<Map<string, UsageTotals>>;
}

const batches = new WeakMap<RequestContext, Map<string, Batch>>();

/**
 * The summed usage of one agent or company, its runs created since `since` (null: this month,
 * UTC). The calls of one request made in one turn of the event loop (a page of agents) are
 * answered by one statement.
 */
export function loadUsage(ctx: RequestContext, by: "agentId" | "companyId", ownerId: string, since: Date | null): Promise<Usage> {
  let open = batches.get(ctx);
  if (!open) batches.set(ctx, (open = new Map()));
  const key = `${by} ${since?.toISOString() ?? ""}`;
  let batch = open.get(key);
  if (!batch) {
    const ownerIds = new Set<string>();
    const result = new Promise<Map<string, UsageTotals>>((resolve, reject) =>
      setImmediate(() => {
        open.delete(key);
        sumUsage(ctx.pool, by, [...ownerIds], since).then((rows) => {
          const byOwner = new Map<string, UsageTotals>();
          for (const { ownerId: owner, key: usageKey, total } of rows) byOwner.set(owner, { ...byOwner.get(owner), [usageKey]: total });
          resolve(byOwner);
        }, reject);
      }),
    );
    open.set(key, (batch = { ownerIds, result }));
  }
  batch.ownerIds.add(ownerId);
  return batch.result.then((byOwner) => usageOf(byOwner.get(ownerId) ?? {}));
}
