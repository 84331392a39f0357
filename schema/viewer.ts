// The caller: its token's kind, its agent (agent tokens) and the companies it may read.
import { companiesWhere } from "../resolvers/companies.js";
import { currentViewer, type ViewerView } from "../resolvers/viewer.js";
import { builder } from "./builder.js";
import { ApiTokenKind } from "./company.js";

const ViewerRef = builder.objectRef<ViewerView>("Viewer").implement({
  description: "Who the caller's token is, and what it may read: what a client shows after sign-in.",
  fields: (t) => ({
    kind: t.field({ type: ApiTokenKind, resolve: (viewer) => viewer.kind }),
    agent: t.prismaField({
      type: "Agent",
      nullable: true,
      description: "An agent token's agent; null for operator and admin tokens.",
      resolve: (query, viewer, _args, ctx) => (viewer.agentId ? ctx.db.agent.findUnique({ ...query, where: { id: viewer.agentId } }) : null),
    }),
    companies: t.prismaConnection({
      type: "Company",
      cursor: "id",
      description: "Every company for the admin token; the token's own company for the others.",
      resolve: async (query, _viewer, _args, ctx) => ctx.db.company.findMany({ ...query, where: await companiesWhere(ctx), orderBy: { createdAt: "asc" } }),
      totalCount: async (_connection, _args, ctx) => ctx.db.company.count({ where: await companiesWhere(ctx) }),
    }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: ViewerRef,
    description: "The caller's token: its kind and what it may read.",
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => currentViewer(ctx),
  }),
}));
