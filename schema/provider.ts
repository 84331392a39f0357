// The sandbox providers this replica has loaded, with their registration state.
import type { ProviderStatus } from "../resolvers/providers.js";
import { builder } from "./builder.js";

const ProviderState = builder.enumType("ProviderState", { values: ["REGISTERING", "READY", "FAILED"] as const });

const SandboxProvider = builder.objectRef<ProviderStatus>("SandboxProvider").implement({
  fields: (t) => ({
    key: t.exposeString("key"),
    source: t.exposeString("source", { description: "`builtin`, or the module path or package it was loaded from." }),
    state: t.expose("state", { type: ProviderState }),
    error: t.exposeString("error", { nullable: true }),
    registeredAt: t.expose("registeredAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryFields((t) => ({
  sandboxProviders: t.field({
    type: [SandboxProvider],
    description: "The providers loaded by the replica that answers.",
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.providers.list(),
  }),
}));
