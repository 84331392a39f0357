// companyEvents: one subscription for everything a company's dashboard shows live (its runs'
// heartbeats and status changes, its environments' leases, its workspaces), from every replica.
import { filter, pipe } from "graphql-yoga";
import type { CompanyEventPayload } from "../pubsub/topics.js";
import { assertCanSee, requireViewer } from "../resolvers/auth.js";
import { builder } from "./builder.js";
import { CompanyNode } from "./company.js";
import { LeaseEvent } from "./environment.js";
import { WorkspaceNode, workspaceOfEvent } from "./issue.js";
import { RunEvent } from "./run.js";

const CompanyEvent = builder.unionType("CompanyEvent", {
  types: [RunEvent, LeaseEvent, WorkspaceNode],
  description: "A run's event, a lease's event, or a workspace as a change left it.",
  // The members' shapes differ in a field each has alone.
  resolveType: (value) => ("leaseId" in value ? LeaseEvent : "configVersion" in value ? WorkspaceNode : RunEvent),
});

builder.subscriptionFields((t) => ({
  companyEvents: t.field({
    type: CompanyEvent,
    description: "The company's run, lease and workspace events, from every replica. An agent's token hears only its own runs' events.",
    args: { companyId: t.arg.globalID({ for: CompanyNode, required: true }) },
    subscribe: async (_root, args, ctx) => {
      const companyId = args.companyId.id;
      const viewer = requireViewer(await ctx.viewer());
      assertCanSee(viewer, companyId, "company", companyId);
      const events = ctx.pubsub.subscribe("companyEvents", companyId);
      if (viewer.kind !== "AGENT") return events;
      return pipe(events, filter((payload: CompanyEventPayload) => payload.type !== "RunEvent" || payload.event.agentId === viewer.agentId));
    },
    resolve: (payload: CompanyEventPayload) => (payload.type === "Workspace" ? workspaceOfEvent(payload.event) : payload.event),
  }),
}));
