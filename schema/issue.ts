// Issues and the execution workspaces their runs reuse.
import { assertCanSee, canSeeCompany, ownRunsFilter, requireViewer } from "../resolvers/auth.js";
import { RunyardError, notFound } from "../resolvers/errors.js";
import { createIssue, issuesWhere, updateIssue } from "../resolvers/issues.js";
import type { WorkspaceChangedPayload } from "../pubsub/topics.js";
import { builder } from "./builder.js";
import { CompanyNode } from "./company.js";

const IssueStatus = builder.enumType("IssueStatus", { values: ["OPEN", "IN_PROGRESS", "DONE", "CANCELLED"] as const });
const WorkspaceStatus = builder.enumType("WorkspaceStatus", { values: ["OPEN", "ARCHIVED"] as const });

export const IssueNode = builder.prismaNode("Issue", {
  id: { field: "id" },
  // node(id:) of a row that does not exist (or no longer does) is null, not an error.
  nullable: true,
  authScopes: (issue) => ({ companyMember: issue.companyId }),
  fields: (t) => ({
    title: t.exposeString("title"),
    status: t.expose("status", { type: IssueStatus }),
    // To-one relations are loaded on their own: see "Relations back to a parent" in builder.ts.
    company: t.prismaField({ type: "Company", resolve: (query, issue, _args, ctx) => ctx.db.company.findUniqueOrThrow({ ...query, where: { id: issue.companyId } }) }),
    workspaceConfig: t.expose("workspaceConfig", { type: "JSON" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    // Selected with the issue (one statement for a whole page of issues), not looked up per issue.
    workspace: t.field({
      type: WorkspaceNode,
      description: "The OPEN workspace its runs reuse, if one exists.",
      nullable: true,
      select: (_args, _ctx, nestedSelection) => ({ workspaces: nestedSelection({ where: { status: "OPEN" as const }, take: 1 }) }),
      resolve: (issue) => issue.workspaces[0] ?? null,
    }),
    workspaces: t.relatedConnection("workspaces", { totalCount: true, cursor: "id" }),
    runs: t.relatedConnection("runs", { totalCount: true, cursor: "id", query: (_args, ctx) => ({ where: ownRunsFilter(ctx), orderBy: { createdAt: "desc" } }) }),
    schedules: t.relatedConnection("schedules", { totalCount: true, cursor: "id", query: { orderBy: { createdAt: "asc" } } }),
  }),
});

export const WorkspaceNode = builder.prismaNode("Workspace", {
  id: { field: "id" },
  // node(id:) of a row that does not exist (or no longer does) is null, not an error.
  nullable: true,
  authScopes: (workspace) => ({ companyMember: workspace.companyId }),
  fields: (t) => ({
    // To-one relations are loaded on their own: see "Relations back to a parent" in builder.ts.
    issue: t.prismaField({ type: "Issue", resolve: (query, workspace, _args, ctx) => ctx.db.issue.findUniqueOrThrow({ ...query, where: { id: workspace.issueId } }) }),
    status: t.expose("status", { type: WorkspaceStatus }),
    config: t.expose("config", { type: "JSON" }),
    configVersion: t.exposeInt("configVersion", { description: "1 at creation, +1 on every config sync." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    archivedAt: t.expose("archivedAt", { type: "DateTime", nullable: true }),
    runs: t.relatedConnection("runs", { totalCount: true, cursor: "id", query: (_args, ctx) => ({ where: ownRunsFilter(ctx), orderBy: { createdAt: "desc" } }) }),
  }),
});

builder.queryFields((t) => ({
  issues: t.prismaConnection({
    type: "Issue",
    cursor: "id",
    args: { companyId: t.arg.globalID({ for: CompanyNode, required: true }), status: t.arg({ type: IssueStatus }) },
    resolve: async (query, _root, args, ctx) => ctx.db.issue.findMany({ ...query, where: await issuesWhere(ctx, args), orderBy: { createdAt: "desc" } }),
    totalCount: async (_connection, args, ctx) => ctx.db.issue.count({ where: await issuesWhere(ctx, args) }),
  }),
}));

const CreateIssueInput = builder.inputType("CreateIssueInput", {
  fields: (t) => ({
    companyId: t.globalID({ for: CompanyNode, required: true }),
    title: t.string({ required: true }),
    workspaceConfig: t.field({ type: "JSON", description: "The config its workspace starts from. Default {}." }),
  }),
});

const UpdateIssueInput = builder.inputType("UpdateIssueInput", {
  fields: (t) => ({
    id: t.globalID({ for: IssueNode, required: true }),
    title: t.string(),
    status: t.field({ type: IssueStatus, description: "DONE or CANCELLED cancels the issue's QUEUED runs and archives its workspace once nothing runs in it." }),
    workspaceConfig: t.field({ type: "JSON", description: "Synced to the OPEN workspace in the same transaction." }),
  }),
});

builder.mutationFields((t) => ({
  createIssue: t.field({
    type: IssueNode,
    args: { input: t.arg({ type: CreateIssueInput, required: true }) },
    resolve: (_root, { input }, ctx) => createIssue(ctx, { ...input, companyId: input.companyId.id }),
  }),
  updateIssue: t.field({
    type: IssueNode,
    args: { input: t.arg({ type: UpdateIssueInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateIssue(ctx, { ...input, id: input.id.id }),
  }),
}));

builder.subscriptionFields((t) => ({
  workspaceChanged: t.field({
    type: WorkspaceNode,
    description: "Config syncs and archiving of one workspace, or of an issue's workspaces, from every replica.",
    args: { workspaceId: t.arg.globalID({ for: WorkspaceNode }), issueId: t.arg.globalID({ for: IssueNode }) },
    subscribe: async (_root, args, ctx) => {
      const workspaceId = args.workspaceId?.id;
      const issueId = args.issueId?.id;
      if (!workspaceId === !issueId) throw new RunyardError("BAD_USER_INPUT", "give exactly one of workspaceId and issueId", { field: "workspaceId" });
      const viewer = requireViewer(await ctx.viewer());
      const owner = workspaceId
        ? await ctx.db.workspace.findUnique({ where: { id: workspaceId }, select: { companyId: true } })
        : await ctx.db.issue.findUnique({ where: { id: issueId }, select: { companyId: true } });
      if (!owner || !canSeeCompany(viewer, owner.companyId)) throw workspaceId ? notFound("workspace", workspaceId) : notFound("issue", issueId!);
      return workspaceId ? ctx.pubsub.subscribe("workspaceChanged", workspaceId) : ctx.pubsub.subscribe("issueWorkspaceChanged", issueId!);
    },
    resolve: workspaceOfEvent,
  }),
}));

/** The event carries the committed row, so subscribers see exactly what the mutation wrote. */
export function workspaceOfEvent(payload: WorkspaceChangedPayload) {
  return {
    ...payload,
    config: payload.config as never,
    createdAt: new Date(payload.createdAt),
    updatedAt: new Date(payload.updatedAt),
    archivedAt: payload.archivedAt ? new Date(payload.archivedAt) : null,
  };
}
