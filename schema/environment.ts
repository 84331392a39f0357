// Environments, their leases, and the lease events subscribers follow.
import { assertCanSee, ownRunsFilter, requireViewer } from "../resolvers/auth.js";
import { notFound } from "../resolvers/errors.js";
import { createEnvironment, deleteEnvironment, environmentsWhere, updateEnvironment } from "../resolvers/environments.js";
import { acquireLease, releaseLease, renewLease, retryLeaseCleanup } from "../resolvers/leases.js";
import type { LeaseEventPayload } from "../pubsub/topics.js";
import { builder } from "./builder.js";
import { CompanyNode } from "./company.js";
// run.ts imports this module too: RunNode is only read inside field thunks, once both have loaded.
import { RunNode } from "./run.js";
import { eachEvent } from "../pubsub/batches.js";

const LeaseStatus = builder.enumType("LeaseStatus", { values: ["ACTIVE", "RELEASED", "EXPIRED"] as const });
const LeaseReleaseReason = builder.enumType("LeaseReleaseReason", { values: ["COMPLETED", "ORPHANED", "EXPIRED", "MANUAL", "CANCELLED"] as const });
const LeaseEventKind = builder.enumType("LeaseEventKind", {
  values: ["GRANTED", "RENEWED", "RELEASED", "EXPIRED", "CLEANUP_CHANGED"] as const,
});
const LeaseCleanupStatus = builder.enumType("LeaseCleanupStatus", {
  description: "The driver's release() of an ended lease: PENDING while it is being tried (with backoff), DONE, or FAILED after the last attempt.",
  values: ["PENDING", "DONE", "FAILED"] as const,
});

export const EnvironmentNode = builder.prismaNode("Environment", {
  id: { field: "id" },
  // node(id:) of a row that does not exist (or no longer does) is null, not an error.
  nullable: true,
  authScopes: (environment) => ({ companyMember: environment.companyId }),
  fields: (t) => ({
    name: t.exposeString("name"),
    // To-one relations are loaded on their own: see "Relations back to a parent" in builder.ts.
    company: t.prismaField({ type: "Company", resolve: (query, environment, _args, ctx) => ctx.db.company.findUniqueOrThrow({ ...query, where: { id: environment.companyId } }) }),
    providerKey: t.exposeString("providerKey"),
    capacity: t.exposeInt("capacity"),
    config: t.expose("config", { type: "JSON" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true, description: "Set by deleteEnvironment; a deleted environment is still readable by id." }),
    leases: t.relatedConnection("leases", {
      totalCount: true,
      cursor: "id",
      args: { status: t.arg({ type: LeaseStatus }), cleanupStatus: t.arg({ type: LeaseCleanupStatus }) },
      query: (args) => ({
        where: { status: args.status ?? undefined, cleanupStatus: args.cleanupStatus ?? undefined },
        orderBy: { acquiredAt: "desc" },
      }),
    }),
    runs: t.relatedConnection("runs", { totalCount: true, cursor: "id", query: (_args, ctx) => ({ where: ownRunsFilter(ctx), orderBy: { createdAt: "desc" } }) }),
  }),
});

export const LeaseNode = builder.prismaNode("Lease", {
  id: { field: "id" },
  // node(id:) of a row that does not exist (or no longer does) is null, not an error.
  nullable: true,
  authScopes: (lease) => ({ companyMember: lease.companyId }),
  fields: (t) => ({
    // To-one relations are loaded on their own: see "Relations back to a parent" in builder.ts.
    environment: t.prismaField({ type: "Environment", resolve: (query, lease, _args, ctx) => ctx.db.environment.findUniqueOrThrow({ ...query, where: { id: lease.environmentId } }) }),
    run: t.prismaField({ type: "Run", resolve: (query, lease, _args, ctx) => ctx.db.run.findUniqueOrThrow({ ...query, where: { id: lease.runId } }) }),
    slot: t.exposeInt("slot"),
    fencingToken: t.exposeInt("fencingToken", { description: "Strictly increasing per environment; present it to renew or release." }),
    status: t.expose("status", { type: LeaseStatus }),
    releaseReason: t.expose("releaseReason", { type: LeaseReleaseReason, nullable: true }),
    ttlSeconds: t.exposeInt("ttlSeconds"),
    acquiredAt: t.expose("acquiredAt", { type: "DateTime" }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    releasedAt: t.expose("releasedAt", { type: "DateTime", nullable: true }),
    cleanupStatus: t.expose("cleanupStatus", { type: LeaseCleanupStatus, nullable: true, description: "Null while the lease is ACTIVE." }),
    cleanupAttempts: t.exposeInt("cleanupAttempts"),
    cleanupError: t.exposeString("cleanupError", { nullable: true, description: "The last failed attempt's error." }),
  }),
});

export const LeaseEvent = builder.objectRef<LeaseEventPayload>("LeaseEvent").implement({
  fields: (t) => ({
    kind: t.expose("kind", { type: LeaseEventKind }),
    releaseReason: t.expose("releaseReason", { type: LeaseReleaseReason, nullable: true }),
    slot: t.exposeInt("slot"),
    fencingToken: t.exposeInt("fencingToken"),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    at: t.expose("at", { type: "DateTime" }),
    lease: t.prismaField({
      type: "Lease",
      resolve: (query, event, _args, ctx) => ctx.db.lease.findUniqueOrThrow({ ...query, where: { id: event.leaseId } }),
    }),
  }),
});

builder.queryFields((t) => ({
  environments: t.prismaConnection({
    type: "Environment",
    cursor: "id",
    args: { companyId: t.arg.globalID({ for: CompanyNode, required: true }) },
    resolve: async (query, _root, args, ctx) => ctx.db.environment.findMany({ ...query, where: await environmentsWhere(ctx, args), orderBy: { createdAt: "desc" } }),
    totalCount: async (_connection, args, ctx) => ctx.db.environment.count({ where: await environmentsWhere(ctx, args) }),
  }),
}));

const CreateEnvironmentInput = builder.inputType("CreateEnvironmentInput", {
  fields: (t) => ({
    companyId: t.globalID({ for: CompanyNode, required: true }),
    name: t.string({ required: true }),
    providerKey: t.string({ required: true, description: "A loaded sandbox provider's key; `local` is built in." }),
    capacity: t.int({ required: true, description: "How many leases may be ACTIVE at once (>= 1)." }),
    config: t.field({ type: "JSON", description: "Handed to the provider's createDriver. Default {}." }),
  }),
});

const UpdateEnvironmentInput = builder.inputType("UpdateEnvironmentInput", {
  description: "Fields left out stay as they are. The provider cannot be changed.",
  fields: (t) => ({
    id: t.globalID({ for: EnvironmentNode, required: true }),
    name: t.string(),
    capacity: t.int({ description: "1 to 10000. Lowered only while no ACTIVE lease holds a slot it removes (BAD_USER_INPUT naming them)." }),
    config: t.field({ type: "JSON", description: "Replaces the config; it applies to leases granted from then on." }),
  }),
});

const DeleteEnvironmentInput = builder.inputType("DeleteEnvironmentInput", {
  fields: (t) => ({ id: t.globalID({ for: EnvironmentNode, required: true }) }),
});

const AcquireLeaseInput = builder.inputType("AcquireLeaseInput", {
  fields: (t) => ({
    environmentId: t.globalID({ for: EnvironmentNode, required: true }),
    runId: t.globalID({ for: RunNode, required: true }),
    ttlSeconds: t.int({ required: true }),
  }),
});

const RenewLeaseInput = builder.inputType("RenewLeaseInput", {
  fields: (t) => ({
    leaseId: t.globalID({ for: LeaseNode, required: true }),
    fencingToken: t.int({ required: true }),
    ttlSeconds: t.int({ required: true }),
  }),
});

const ReleaseLeaseInput = builder.inputType("ReleaseLeaseInput", {
  fields: (t) => ({ leaseId: t.globalID({ for: LeaseNode, required: true }), fencingToken: t.int({ required: true }) }),
});

const RetryLeaseCleanupInput = builder.inputType("RetryLeaseCleanupInput", {
  fields: (t) => ({ leaseId: t.globalID({ for: LeaseNode, required: true }) }),
});

builder.mutationFields((t) => ({
  retryLeaseCleanup: t.field({
    type: LeaseNode,
    description: "Operator: starts an ended lease's cleanup over (PENDING, no attempts made, due now).",
    args: { input: t.arg({ type: RetryLeaseCleanupInput, required: true }) },
    resolve: (_root, { input }, ctx) => retryLeaseCleanup(ctx, { leaseId: input.leaseId.id }),
  }),
  createEnvironment: t.field({
    type: EnvironmentNode,
    args: { input: t.arg({ type: CreateEnvironmentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createEnvironment(ctx, { ...input, companyId: input.companyId.id }),
  }),
  updateEnvironment: t.field({
    type: EnvironmentNode,
    description: "Operator: changes the environment's name, capacity or config; fields left out stay as they are.",
    args: { input: t.arg({ type: UpdateEnvironmentInput, required: true }) },
    resolve: (_root, { input }, ctx) => updateEnvironment(ctx, { ...input, id: input.id.id }),
  }),
  deleteEnvironment: t.field({
    type: EnvironmentNode,
    description:
      "Operator: soft-deletes the environment, refused while a run is RUNNING in it or a lease of it is ACTIVE. Its QUEUED runs are CANCELLED, its schedules deleted, agents defaulting to it cleared.",
    args: { input: t.arg({ type: DeleteEnvironmentInput, required: true }) },
    resolve: (_root, { input }, ctx) => deleteEnvironment(ctx, { id: input.id.id }),
  }),
  acquireLease: t.field({
    type: LeaseNode,
    args: { input: t.arg({ type: AcquireLeaseInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      acquireLease(ctx, {
        ...input,
        environmentId: input.environmentId.id,
        runId: input.runId.id,
      }),
  }),
  renewLease: t.field({
    type: LeaseNode,
    args: { input: t.arg({ type: RenewLeaseInput, required: true }) },
    resolve: (_root, { input }, ctx) => renewLease(ctx, { ...input, leaseId: input.leaseId.id }),
  }),
  releaseLease: t.field({
    type: LeaseNode,
    args: { input: t.arg({ type: ReleaseLeaseInput, required: true }) },
    resolve: (_root, { input }, ctx) => releaseLease(ctx, { ...input, leaseId: input.leaseId.id }),
  }),
}));

builder.subscriptionFields((t) => ({
  leaseEvents: t.field({
    type: LeaseEvent,
    description: "Grants, renewals, releases (with reason) and expiries in one environment, from every replica.",
    args: { environmentId: t.arg.globalID({ for: EnvironmentNode, required: true }) },
    subscribe: async (_root, args, ctx) => {
      const environmentId = args.environmentId.id;
      const viewer = requireViewer(await ctx.viewer());
      const environment = await ctx.db.environment.findUnique({ where: { id: environmentId }, select: { companyId: true } });
      if (!environment) throw notFound("environment", environmentId);
      assertCanSee(viewer, environment.companyId, "environment", environmentId);
      return eachEvent(ctx.pubsub.subscribe("leaseEvents", environmentId));
    },
    resolve: (payload: LeaseEventPayload) => payload,
  }),
}));
