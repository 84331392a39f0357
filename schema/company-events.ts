// companyEvents: one subscription for everything a company's dashboard shows live (its runs'
// heartbeats, status changes and runtime state, its environments' leases, its workspaces, and the
// providers' breakers), from every replica.
import { Repeater, filter, map, pipe } from "graphql-yoga";
import type { CompanyEventPayload, ProviderBreakerPayload } from "../pubsub/topics.js";
import { assertCanSee, requireViewer } from "../resolvers/auth.js";
import type { ProviderView } from "../resolvers/providers.js";
import { builder } from "./builder.js";
import { CompanyNode } from "./company.js";
import { LeaseEvent } from "./environment.js";
import { WorkspaceNode, workspaceOfEvent } from "./issue.js";
import { SandboxProvider } from "./provider.js";
import { RunEvent, RuntimeStateChange } from "./run.js";
import { eachEvent } from "../pubsub/batches.js";

/** What the subscription's stream carries: the company's topic, and the providers' (every company's). */
type CompanyStreamItem = CompanyEventPayload | { type: "Provider"; event: ProviderView | null };

const CompanyEvent = builder.unionType("CompanyEvent", {
  types: [RunEvent, LeaseEvent, WorkspaceNode, RuntimeStateChange, SandboxProvider],
  description: "A run's event, a runtime-state write, a lease's event, a workspace as a change left it, or a provider as its breaker changed.",
  // The members' shapes differ in a field each has alone.
  resolveType: (value) =>
    "leaseId" in value ? LeaseEvent
    : "configVersion" in value ? WorkspaceNode
    : "source" in value ? SandboxProvider
    : "version" in value ? RuntimeStateChange
    : RunEvent,
});

builder.subscriptionFields((t) => ({
  companyEvents: t.field({
    type: CompanyEvent,
    description:
      "The company's run, runtime-state, lease and workspace events and the providers' breaker changes, from every replica. An agent's token hears only its own runs' events and state.",
    args: { companyId: t.arg.globalID({ for: CompanyNode, required: true }) },
    subscribe: async (_root, args, ctx) => {
      const companyId = args.companyId.id;
      const viewer = requireViewer(await ctx.viewer());
      assertCanSee(viewer, companyId, "company", companyId);
      // The providers' topic first, and uncounted (pubsub/event-target.ts): with Redis, SUBSCRIBEs
      // are confirmed in order, so once the company's topic counts as live both are.
      const events: AsyncIterable<CompanyStreamItem> = Repeater.merge<AsyncIterable<CompanyStreamItem>>([
        pipe(
          ctx.pubsub.subscribe("providerBreakerChanged"),
          map((breaker: ProviderBreakerPayload) => ({
            type: "Provider" as const,
            event: ctx.providers.viewWith({ ...breaker, openUntil: breaker.openUntil === null ? null : new Date(breaker.openUntil) }),
          })),
        ),
        eachEvent(ctx.pubsub.subscribe("companyEvents", companyId)),
      ]);
      const own = (item: CompanyStreamItem): boolean =>
        viewer.kind !== "AGENT" || !(item.type === "RunEvent" || item.type === "RuntimeState") || item.event.agentId === viewer.agentId;
      // A provider this replica has not loaded (no view) is none of its subscribers' business.
      const known = (item: CompanyStreamItem): boolean => item.type !== "Provider" || item.event !== null;
      return pipe(events, filter((item: CompanyStreamItem) => own(item) && known(item)));
    },
    resolve: (item: CompanyStreamItem) => {
      switch (item.type) {
        case "Workspace":
          return workspaceOfEvent(item.event);
        case "Provider":
          return item.event!;
        default:
          return item.event;
      }
    },
  }),
}));
