// The sandbox providers this replica has loaded, with their registration state.
import type { ProviderView } from "../resolvers/providers.js";
import { builder } from "./builder.js";

const ProviderState = builder.enumType("ProviderState", { values: ["REGISTERING", "READY", "FAILED"] as const });

const ProviderHealth = builder.enumType("ProviderHealth", {
  description: "DEGRADED: its circuit breaker is not closed (its claims are refused or probed), or it failed to register.",
  values: ["HEALTHY", "DEGRADED"] as const,
});

export const SandboxProvider = builder.objectRef<ProviderView>("SandboxProvider").implement({
  fields: (t) => ({
    key: t.exposeString("key"),
    source: t.exposeString("source", { description: "`builtin`, or the module path or package it was loaded from." }),
    state: t.expose("state", { type: ProviderState }),
    error: t.exposeString("error", { nullable: true }),
    registeredAt: t.expose("registeredAt", { type: "DateTime", nullable: true }),
    health: t.expose("health", { type: ProviderHealth }),
    consecutiveFailures: t.exposeInt("consecutiveFailures", { description: "Failed prepare() calls in a row, on every replica." }),
    openUntil: t.expose("openUntil", {
      type: "DateTime",
      nullable: true,
      description: "While the breaker is open, claims are refused until then; past it, one claim is let through as the probe. Null: closed.",
    }),
  }),
});

builder.queryFields((t) => ({
  sandboxProviders: t.field({
    type: [SandboxProvider],
    description: "The providers loaded by the replica that answers.",
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.providers.view(ctx.db),
  }),
}));
