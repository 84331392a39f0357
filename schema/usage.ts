// Usage and cost: a run's reported totals, their sums per agent and company, budgets, and why
// the server cancelled a run.
import { loadUsage, usageOf, type Usage } from "../resolvers/usage.js";
import { builder } from "./builder.js";

export const CancelReason = builder.enumType("CancelReason", {
  values: {
    REQUESTED: { description: "cancelRun." },
    BUDGET_EXCEEDED: { description: "The agent's cost this calendar month (UTC) reached its monthlyBudgetCents." },
  } as const,
});

const UsageRef = builder.objectRef<Usage>("Usage").implement({
  description: "Usage totals. Numbers are Float: sums pass what a 32-bit Int holds.",
  fields: (t) => ({
    inputTokens: t.exposeFloat("inputTokens"),
    outputTokens: t.exposeFloat("outputTokens"),
    costCents: t.exposeFloat("costCents"),
    other: t.expose("other", { type: "JSON", description: "Every other numeric key reported, as key → number." }),
  }),
});

const SINCE = "Runs created at or after this time. Default: the first of this month, 00:00 UTC.";

builder.prismaObjectFields("Run", (t) => ({
  usage: t.field({
    type: UsageRef,
    description: "The latest totals the run reported: per key the largest value heartbeats carried (totals are cumulative).",
    select: { usage: true },
    resolve: (run) => usageOf(run.usage),
  }),
  cancelReason: t.expose("cancelReason", { type: CancelReason, nullable: true, description: "Why the server cancelled the run." }),
}));

builder.prismaObjectFields("Agent", (t) => ({
  monthlyBudgetCents: t.exposeInt("monthlyBudgetCents", {
    nullable: true,
    description: "Once the agent's cost this calendar month (UTC) reaches it, its runs are cancelled and it takes no more. Null: no budget.",
  }),
  usage: t.field({
    type: UsageRef,
    args: { since: t.arg({ type: "DateTime", description: SINCE }) },
    resolve: (agent, { since }, ctx) => loadUsage(ctx, "agentId", agent.id, since ?? null),
  }),
}));

builder.prismaObjectFields("Company", (t) => ({
  usage: t.field({
    type: UsageRef,
    args: { since: t.arg({ type: "DateTime", description: SINCE }) },
    resolve: (company, { since }, ctx) => loadUsage(ctx, "companyId", company.id, since ?? null),
  }),
}));
