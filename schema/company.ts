// Companies, agents and API tokens.
import { createAgent, deleteAgent, retryPolicyOf, updateAgent, type RetryPolicy } from "../resolvers/agents.js";
import { companiesWhere, createCompany, createOperatorToken, revokeApiToken } from "../resolvers/companies.js";
import { ownRunsFilter, requireViewer } from "../resolvers/auth.js";
import { builder } from "./builder.js";
import { RunStatus } from "./run-status.js";

const RetryPolicyRef = builder.objectRef<RetryPolicy>("RetryPolicy").implement({
  description: "How the agent's runs that end unsuccessfully are retried: each retry is a new QUEUED run (retryOf the ended one).",
  fields: (t) => ({
    maxAttempts: t.exposeInt("maxAttempts", { description: "Attempts in all, the first included (1: no retry)." }),
    initialBackoffSeconds: t.exposeInt("initialBackoffSeconds", { description: "The first retry's backoff; it doubles per attempt, with jitter (½ to 1 of it)." }),
    maxBackoffSeconds: t.exposeInt("maxBackoffSeconds", { description: "The cap on a backoff." }),
    retryOn: t.field({ type: [RunStatus], description: "The ending statuses that are retried (among FAILED, LOST, TIMED_OUT).", resolve: (p) => p.retryOn }),
  }),
});

export const CompanyNode = builder.prismaNode("Company", {
  id: { field: "id" },
  // node(id:) of a row that does not exist (or no longer does) is null, not an error.
  nullable: true,
  authScopes: (company) => ({ companyMember: company.id }),
  fields: (t) => ({
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    agents: t.relatedConnection("agents", { totalCount: true, cursor: "id", description: "Deleted agents are left out.", query: { where: { deletedAt: null } } }),
    issues: t.relatedConnection("issues", { totalCount: true, cursor: "id" }),
    environments: t.relatedConnection("environments", {
      totalCount: true,
      cursor: "id",
      description: "Deleted environments are left out.",
      query: { where: { deletedAt: null } },
    }),
    runs: t.relatedConnection("runs", { totalCount: true, cursor: "id", query: (_args, ctx) => ({ where: ownRunsFilter(ctx), orderBy: { createdAt: "desc" } }) }),
    apiTokens: t.relatedConnection("apiTokens", {
      totalCount: true,
      cursor: "id",
      description: "The company's operator and agent tokens, newest first (operators only). Revoked ones with includeRevoked.",
      authScopes: (company) => ({ companyOperator: company.id }),
      args: { includeRevoked: t.arg.boolean({ description: "Default false." }) },
      query: (args) => ({ where: args.includeRevoked ? {} : { revokedAt: null }, orderBy: { createdAt: "desc" } }),
    }),
  }),
});

export const AgentNode = builder.prismaNode("Agent", {
  id: { field: "id" },
  // node(id:) of a row that does not exist (or no longer does) is null, not an error.
  nullable: true,
  authScopes: (agent) => ({ companyMember: agent.companyId }),
  fields: (t) => ({
    name: t.exposeString("name"),
    // To-one relations are loaded on their own: see "Relations back to a parent" in builder.ts.
    company: t.prismaField({ type: "Company", resolve: (query, agent, _args, ctx) => ctx.db.company.findUniqueOrThrow({ ...query, where: { id: agent.companyId } }) }),
    heartbeatTimeoutSeconds: t.exposeInt("heartbeatTimeoutSeconds"),
    maxConcurrentRuns: t.exposeInt("maxConcurrentRuns", { description: "At most this many of the agent's runs RUNNING at once." }),
    defaultEnvironment: t.relation("defaultEnvironment", { nullable: true, description: "Where a wake that names no environment runs." }),
    retryPolicy: t.field({ type: RetryPolicyRef, resolve: (agent) => retryPolicyOf(agent) }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true, description: "Set by deleteAgent; a deleted agent is still readable by id." }),
    runs: t.relatedConnection("runs", { totalCount: true, cursor: "id", query: (_args, ctx) => ({ where: ownRunsFilter(ctx), orderBy: { createdAt: "desc" } }) }),
    schedules: t.relatedConnection("schedules", { totalCount: true, cursor: "id", query: { orderBy: { createdAt: "asc" } } }),
  }),
});

export const ApiTokenKind = builder.enumType("ApiTokenKind", { values: ["ADMIN", "OPERATOR", "AGENT"] as const });

const ApiTokenNode = builder.prismaNode("ApiToken", {
  id: { field: "id" },
  // node(id:) of a row that does not exist (or no longer does) is null, not an error.
  nullable: true,
  // Token metadata is for those who manage tokens: a company's operators, or the admin.
  authScopes: (token) => (token.companyId ? { companyOperator: token.companyId } : { admin: true }),
  fields: (t) => ({
    kind: t.expose("kind", { type: ApiTokenKind }),
    name: t.exposeString("name"),
    // To-one relations are loaded on their own: see "Relations back to a parent" in builder.ts.
    company: t.prismaField({
      type: "Company",
      nullable: true,
      resolve: (query, token, _args, ctx) => (token.companyId ? ctx.db.company.findUnique({ ...query, where: { id: token.companyId } }) : null),
    }),
    agent: t.prismaField({
      type: "Agent",
      nullable: true,
      resolve: (query, token, _args, ctx) => (token.agentId ? ctx.db.agent.findUnique({ ...query, where: { id: token.agentId } }) : null),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryFields((t) => ({
  companies: t.prismaConnection({
    type: "Company",
    cursor: "id",
    resolve: async (query, _root, _args, ctx) => ctx.db.company.findMany({ ...query, where: await companiesWhere(ctx) }),
    totalCount: async (_connection, _args, ctx) => ctx.db.company.count({ where: await companiesWhere(ctx) }),
  }),
}));

const CreateCompanyInput = builder.inputType("CreateCompanyInput", {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

const CreateAgentInput = builder.inputType("CreateAgentInput", {
  fields: (t) => ({
    companyId: t.globalID({ for: CompanyNode, required: true }),
    name: t.string({ required: true }),
    heartbeatTimeoutSeconds: t.int({ description: "Seconds without a heartbeat before a RUNNING run is LOST. Default 60." }),
  }),
});

const CreateAgentPayload = builder.objectRef<Awaited<ReturnType<typeof createAgent>>>("CreateAgentPayload").implement({
  fields: (t) => ({
    agent: t.field({ type: AgentNode, resolve: (payload) => payload.agent }),
    apiToken: t.prismaField({
      type: "ApiToken",
      description: "The token's record (its id is what revokeApiToken takes).",
      resolve: (query, payload, _args, ctx) => ctx.db.apiToken.findUniqueOrThrow({ ...query, where: { id: payload.apiTokenId } }),
    }),
    token: t.exposeString("token", { description: "The agent's bearer token. Shown once; only its hash is stored." }),
  }),
});

const RetryPolicyInput = builder.inputType("RetryPolicyInput", {
  description: "A whole retry policy: fields left out take their defaults.",
  fields: (t) => ({
    maxAttempts: t.int({ description: "1 to 100. Default 1 (no retry)." }),
    initialBackoffSeconds: t.int({ description: "0 to 86400, at most maxBackoffSeconds. Default 10." }),
    maxBackoffSeconds: t.int({ description: "0 to 86400. Default 600." }),
    retryOn: t.field({ type: [RunStatus], description: "Among FAILED, LOST, TIMED_OUT (a cancelled run is never retried). Default all three." }),
  }),
});

const UpdateAgentInput = builder.inputType("UpdateAgentInput", {
  fields: (t) => ({
    id: t.globalID({ for: AgentNode, required: true }),
    name: t.string(),
    heartbeatTimeoutSeconds: t.int(),
    maxConcurrentRuns: t.int({ description: "At least 1." }),
    defaultEnvironmentId: t.globalID({ description: "An environment of the agent's company; null clears it." }),
    retryPolicy: t.field({ type: RetryPolicyInput, description: "Replaces the agent's retry policy (for runs that end from now on)." }),
    monthlyBudgetCents: t.int({ description: "Cents per calendar month (UTC), at least 0; null clears it (no budget)." }),
  }),
});

const DeleteAgentInput = builder.inputType("DeleteAgentInput", {
  fields: (t) => ({ id: t.globalID({ for: AgentNode, required: true }) }),
});

const CreateOperatorTokenInput = builder.inputType("CreateOperatorTokenInput", {
  fields: (t) => ({ companyId: t.globalID({ for: CompanyNode, required: true }), name: t.string({ required: true }) }),
});

const CreateOperatorTokenPayload = builder.objectRef<{ token: string; apiTokenId: string }>("CreateOperatorTokenPayload").implement({
  fields: (t) => ({
    apiToken: t.prismaField({
      type: "ApiToken",
      resolve: (query, payload, _args, ctx) => ctx.db.apiToken.findUniqueOrThrow({ ...query, where: { id: payload.apiTokenId } }),
    }),
    token: t.exposeString("token", { description: "The bearer token. Shown once; only its hash is stored." }),
  }),
});

const RevokeApiTokenInput = builder.inputType("RevokeApiTokenInput", {
  fields: (t) => ({ id: t.globalID({ for: ApiTokenNode, required: true }) }),
});

builder.mutationFields((t) => ({
  createCompany: t.field({
    type: CompanyNode,
    args: { input: t.arg({ type: CreateCompanyInput, required: true }) },
    resolve: (_root, { input }, ctx) => createCompany(ctx, input),
  }),
  createAgent: t.field({
    type: CreateAgentPayload,
    args: { input: t.arg({ type: CreateAgentInput, required: true }) },
    resolve: (_root, { input }, ctx) => createAgent(ctx, { ...input, companyId: input.companyId.id }),
  }),
  updateAgent: t.field({
    type: AgentNode,
    description: "Operator: changes the agent's knobs; fields left out stay as they are.",
    args: { input: t.arg({ type: UpdateAgentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      updateAgent(ctx, {
        ...input,
        id: input.id.id,
        defaultEnvironmentId: input.defaultEnvironmentId === undefined ? undefined : (input.defaultEnvironmentId?.id ?? null),
      }),
  }),
  deleteAgent: t.field({
    type: AgentNode,
    description:
      "Operator: soft-deletes the agent. Its QUEUED and RUNNING runs are CANCELLED (leases released), its schedules deleted, its tokens revoked.",
    args: { input: t.arg({ type: DeleteAgentInput, required: true }) },
    resolve: (_root, { input }, ctx) => deleteAgent(ctx, { id: input.id.id }),
  }),
  createOperatorToken: t.field({
    type: CreateOperatorTokenPayload,
    args: { input: t.arg({ type: CreateOperatorTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => createOperatorToken(ctx, { ...input, companyId: input.companyId.id }),
  }),
  revokeApiToken: t.field({
    type: ApiTokenNode,
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => revokeApiToken(ctx, { id: input.id.id }),
  }),
}));
