// Runs: their lifecycle mutations, runtime state, history, and the runEvents subscription.
import { assertCanActForAgent, assertCanActOnRunId, assertCanSee, requireViewer } from "../resolvers/auth.js";
import { RunyardError, notFound } from "../resolvers/errors.js";
import { heartbeat, setRuntimeState, type HeartbeatAck } from "../resolvers/heartbeats.js";
import { cancelRun, claimNextRun, claimRun, finishRun, queuedRuns, rerunRun, runsWhere, startRun, wakeAgent, type QueuedRun, type RunClaim, type WakeResult } from "../resolvers/runs.js";
import type { RunEventPayload, RuntimeStatePayload } from "../pubsub/topics.js";
import { resolveOffsetConnection } from "@pothos/plugin-relay";
import { builder, visibleOrNull } from "./builder.js";
import { checkOffsetArgs } from "./cursors.js";
import { AgentNode, CompanyNode } from "./company.js";
import { EnvironmentNode, LeaseNode } from "./environment.js";
import { IssueNode, WorkspaceNode } from "./issue.js";
import { RunStatus } from "./run-status.js";
import { CancelReason } from "./usage.js";

const RunFinishStatus = builder.enumType("RunFinishStatus", { values: ["SUCCEEDED", "FAILED", "CANCELLED"] as const });
const RunEventKind = builder.enumType("RunEventKind", { values: ["STATUS_CHANGED", "HEARTBEAT", "WAKE_MERGED"] as const });
const QueueBlock = builder.enumType("QueueBlock", {
  description: "Why a QUEUED run is not claimed yet.",
  values: {
    WORKSPACE_BUSY: { description: "Another run is RUNNING in its workspace." },
    AGENT_AT_CAPACITY: { description: "Its agent has maxConcurrentRuns runs RUNNING." },
    NOT_BEFORE: { description: "Its notBefore is still ahead." },
    ENVIRONMENT_FULL: { description: "Every slot of its environment is leased." },
  } as const,
});

export const RunNode = builder.prismaNode("Run", {
  id: { field: "id" },
  // node(id:) of a row that does not exist (or no longer does) is null, not an error.
  nullable: true,
  authScopes: (run) => ({ runActor: { companyId: run.companyId, agentId: run.agentId } }),
  fields: (t) => ({
    status: t.expose("status", { type: RunStatus }),
    // To-one relations are loaded on their own: see "Relations back to a parent" in builder.ts.
    agent: t.prismaField({ type: "Agent", resolve: (query, run, _args, ctx) => ctx.db.agent.findUniqueOrThrow({ ...query, where: { id: run.agentId } }) }),
    issue: t.prismaField({ type: "Issue", resolve: (query, run, _args, ctx) => ctx.db.issue.findUniqueOrThrow({ ...query, where: { id: run.issueId } }) }),
    environment: t.prismaField({ type: "Environment", resolve: (query, run, _args, ctx) => ctx.db.environment.findUniqueOrThrow({ ...query, where: { id: run.environmentId } }) }),
    workspace: t.prismaField({ type: "Workspace", resolve: (query, run, _args, ctx) => ctx.db.workspace.findUniqueOrThrow({ ...query, where: { id: run.workspaceId } }) }),
    runnerId: t.exposeString("runnerId", { nullable: true }),
    pid: t.exposeInt("pid", { nullable: true }),
    claimedByReplica: t.exposeString("claimedByReplica", { nullable: true, description: "The server replica that accepted the claim." }),
    timeoutSeconds: t.exposeInt("timeoutSeconds", { nullable: true }),
    lastHeartbeatAt: t.expose("lastHeartbeatAt", { type: "DateTime", nullable: true }),
    heartbeatCount: t.exposeInt("heartbeatCount", {
      description: "Heartbeats received while RUNNING. `events` keeps only those that said something new: the first, a new pid, one after a gap.",
    }),
    cancelRequestedAt: t.expose("cancelRequestedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    finishedAt: t.expose("finishedAt", { type: "DateTime", nullable: true }),
    exitCode: t.exposeInt("exitCode", { nullable: true }),
    error: t.exposeString("error", { nullable: true }),
    attempt: t.exposeInt("attempt", { description: "1 for a woken run; retries count up from it." }),
    notBefore: t.expose("notBefore", { type: "DateTime", nullable: true, description: "Not claimed before this time." }),
    priority: t.exposeInt("priority", { description: "claimNextRun takes the highest first; a merged wake raises it to its own." }),
    wakeCount: t.exposeInt("wakeCount", { description: "Wakes merged into this run while it was QUEUED, the one that queued it included." }),
    wakeReasons: t.exposeStringList("wakeReasons", { description: "The distinct reasons of those wakes, first seen first (at most 100)." }),
    // Loaded by key, as the to-one relations above (Prisma batches a level's findUniques into one query).
    retryOf: t.prismaField({
      type: "Run",
      nullable: true,
      description: "The ended attempt this run retries.",
      resolve: (query, run, _args, ctx) => (run.retryOfId ? ctx.db.run.findUnique({ ...query, where: { id: run.retryOfId } }) : null),
    }),
    retriedBy: t.prismaField({
      type: "Run",
      nullable: true,
      description: "The next attempt of this run, queued in the transaction that ended it.",
      resolve: (query, run, _args, ctx) => ctx.db.run.findUnique({ ...query, where: { retryOfId: run.id } }),
    }),
    notRetriedReason: t.exposeString("notRetriedReason", {
      nullable: true,
      description: "Why this ended run got no next attempt (cancelled, its status not in retryOn, retries exhausted, …); null while it has not ended, when it succeeded, or when retriedBy is set.",
    }),
    leases: t.relatedConnection("leases", { totalCount: true, cursor: "id", query: { orderBy: { acquiredAt: "asc" } } }),
    runtimeState: t.relatedConnection("runtimeState", { totalCount: true, cursor: "runId_key", query: { orderBy: { key: "asc" } } }),
    events: t.relatedConnection("events", {
      totalCount: true,
      cursor: "id",
      description: "The run's history, oldest first; `kinds` keeps those kinds (a timeline: `kinds: [STATUS_CHANGED, WAKE_MERGED], last: 50`, without the heartbeats).",
      args: { kinds: t.arg({ type: [RunEventKind] }) },
      query: (args) => ({ where: args.kinds ? { kind: { in: args.kinds } } : {}, orderBy: { id: "asc" } }),
    }),
  }),
});

builder.prismaObject("RuntimeState", {
  fields: (t) => ({
    key: t.exposeString("key"),
    value: t.expose("value", { type: "JSON" }),
    version: t.exposeInt("version", { description: "1 on first write, +1 on every write to the same run and key." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObject("RunEvent", {
  name: "RunHistoryEntry",
  fields: (t) => ({
    id: t.string({ resolve: (event) => event.id.toString() }),
    kind: t.expose("kind", { type: RunEventKind }),
    status: t.expose("status", { type: RunStatus }),
    fromStatus: t.expose("fromStatus", { type: RunStatus, nullable: true }),
    pid: t.exposeInt("pid", { nullable: true }),
    reason: t.exposeString("reason", { nullable: true, description: "The wake's reason, on the event that queued the run or merged a wake into it." }),
    at: t.expose("at", { type: "DateTime" }),
  }),
});

export const RuntimeStateChange = builder.objectRef<RuntimeStatePayload>("RuntimeStateChange").implement({
  description: "A runtime-state entry as a write left it.",
  fields: (t) => ({
    key: t.exposeString("key"),
    value: t.expose("value", { type: "JSON" }),
    version: t.exposeInt("version", { description: "1 on first write, +1 on every write to the same run and key." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    run: t.prismaField({
      type: "Run",
      resolve: (query, change, _args, ctx) => ctx.db.run.findUniqueOrThrow({ ...query, where: { id: change.runId } }),
    }),
  }),
});

export const RunEvent = builder.objectRef<RunEventPayload>("RunEvent").implement({
  description: "A heartbeat, a status change (QUEUED: a run was queued) or a wake merged into a queued run, as it happens.",
  fields: (t) => ({
    id: t.exposeString("id"),
    kind: t.expose("kind", { type: RunEventKind }),
    status: t.expose("status", { type: RunStatus }),
    fromStatus: t.expose("fromStatus", { type: RunStatus, nullable: true }),
    pid: t.exposeInt("pid", { nullable: true }),
    reason: t.exposeString("reason", { nullable: true, description: "The wake's reason (a run queued by a wake, or a wake merged)." }),
    at: t.expose("at", { type: "DateTime" }),
    run: t.prismaField({
      type: "Run",
      resolve: (query, event, _args, ctx) => ctx.db.run.findUniqueOrThrow({ ...query, where: { id: event.runId } }),
    }),
  }),
});

const RunClaimRef = builder.objectRef<RunClaim>("RunClaim").implement({
  fields: (t) => ({
    run: t.field({ type: RunNode, resolve: (claim) => claim.run }),
    lease: t.field({ type: LeaseNode, resolve: (claim) => claim.lease }),
    workspace: t.field({ type: WorkspaceNode, resolve: (claim) => claim.workspace }),
    workspaceDir: t.exposeString("workspaceDir", {
      nullable: true,
      description: "The directory the environment's provider prepared for the run (the built-in local provider: on the server's host), where the runner starts the command; null when the provider prepared none.",
    }),
  }),
});

const WakeResultRef = builder.objectRef<WakeResult>("WakeResult").implement({
  fields: (t) => ({
    run: t.field({ type: RunNode, resolve: (result) => result.run }),
    coalesced: t.exposeBoolean("coalesced", { description: "The wake merged into the run already QUEUED for this agent and issue." }),
  }),
});

const QueuedRunRef = builder.objectRef<QueuedRun>("QueuedRun").implement({
  description: "A QUEUED run in claim order, with why it is not claimed yet.",
  fields: (t) => ({
    run: t.prismaField({ type: "Run", resolve: (query, queued, _args, ctx) => ctx.db.run.findUniqueOrThrow({ ...query, where: { id: queued.runId } }) }),
    blockedBy: t.field({
      type: [QueueBlock],
      description: "Empty: admitted, it goes to the next runner that asks (claimNextRun).",
      resolve: (queued) => queued.blockedBy,
    }),
  }),
});

const HeartbeatAckRef = builder.objectRef<HeartbeatAck>("HeartbeatAck").implement({
  fields: (t) => ({
    run: t.field({ type: RunNode, resolve: (ack) => ack.run }),
    cancelRequested: t.exposeBoolean("cancelRequested", { description: "The run was cancelled (through the API, or for its agent's budget): stop the child, do not finish the run." }),
    cancelReason: t.expose("cancelReason", { type: CancelReason, nullable: true, description: "Why, when cancelRequested." }),
    workspaceConfigVersion: t.exposeInt("workspaceConfigVersion", { description: "Newer than yours: fetch the workspace config again." }),
    leaseExpiresAt: t.expose("leaseExpiresAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryFields((t) => ({
  run: t.prismaField({
    type: "Run",
    nullable: true,
    args: { id: t.arg.globalID({ for: RunNode, required: true }) },
    // A run the caller may not see is null, as a missing one is (and as node(id:) answers).
    resolve: async (query, _root, args, ctx) => visibleOrNull(ctx, "Run", await ctx.db.run.findUnique({ ...query, where: { id: args.id.id } })),
  }),
  runs: t.prismaConnection({
    type: "Run",
    cursor: "id",
    args: {
      companyId: t.arg.globalID({ for: CompanyNode, required: true }),
      agentId: t.arg.globalID({ for: AgentNode }),
      issueId: t.arg.globalID({ for: IssueNode }),
      status: t.arg({ type: RunStatus }),
    },
    resolve: async (query, _root, args, ctx) => ctx.db.run.findMany({ ...query, where: await runsWhere(ctx, args), orderBy: { createdAt: "desc" } }),
    totalCount: async (_connection, args, ctx) => ctx.db.run.count({ where: await runsWhere(ctx, args) }),
  }),
  queuedRuns: t.connection({
    type: QueuedRunRef,
    description: "The company's QUEUED runs (or one agent's) in the order claimNextRun takes them, each with why it waits.",
    args: { companyId: t.arg.globalID({ for: CompanyNode, required: true }), agentId: t.arg.globalID({ for: AgentNode }) },
    resolve: async (_root, args, ctx) => {
      checkOffsetArgs(args);
      const page = await resolveOffsetConnection({ args }, ({ offset, limit }) => queuedRuns(ctx, { companyId: args.companyId.id, agentId: args.agentId?.id ?? null, offset, limit }));
      // Counted only when asked for.
      return Object.assign(page, { totalCount: async () => ctx.db.run.count({ where: await runsWhere(ctx, { ...args, status: "QUEUED" }) }) });
    },
  }, {
    fields: (t) => ({
      totalCount: t.int({ resolve: (page) => (page as unknown as { totalCount: () => Promise<number> }).totalCount() }),
    }),
  }),
}));

const StartRunInput = builder.inputType("StartRunInput", {
  fields: (t) => ({
    agentId: t.globalID({ for: AgentNode, required: true }),
    issueId: t.globalID({ for: IssueNode, required: true }),
    environmentId: t.globalID({ for: EnvironmentNode, description: "Default: the agent's defaultEnvironmentId." }),
    timeoutSeconds: t.int({ description: "Once RUNNING for longer than this, the run becomes TIMED_OUT." }),
  }),
});

const WakeAgentInput = builder.inputType("WakeAgentInput", {
  fields: (t) => ({
    agentId: t.globalID({ for: AgentNode, required: true }),
    issueId: t.globalID({ for: IssueNode, required: true }),
    environmentId: t.globalID({ for: EnvironmentNode, description: "Default: the agent's defaultEnvironmentId." }),
    reason: t.string({ description: 'Why the agent is woken (kept in wakeReasons). Default "wake".' }),
    priority: t.int({ description: "Default 0. Merged into a queued run, its priority becomes the higher of the two." }),
    timeoutSeconds: t.int({ description: "Once RUNNING for longer than this, the run becomes TIMED_OUT." }),
  }),
});

const RerunRunInput = builder.inputType("RerunRunInput", {
  fields: (t) => ({ runId: t.globalID({ for: RunNode, required: true }) }),
});

const ClaimNextRunInput = builder.inputType("ClaimNextRunInput", {
  fields: (t) => ({
    runnerId: t.string({ required: true }),
    pid: t.int({ required: true }),
    waitSeconds: t.int({ description: "0–60, default 0: how long to wait for a run when none is claimable now." }),
    environmentIds: t.globalIDList({ for: EnvironmentNode, description: "Only runs in these environments." }),
    leaseTtlSeconds: t.int({ description: "Lease TTL, renewed by each heartbeat. Default: twice the agent's heartbeat timeout." }),
  }),
});

const ClaimRunInput = builder.inputType("ClaimRunInput", {
  fields: (t) => ({
    runId: t.globalID({ for: RunNode, required: true }),
    runnerId: t.string({ required: true }),
    pid: t.int({ required: true }),
    leaseTtlSeconds: t.int({ description: "Lease TTL, renewed by each heartbeat. Default: twice the agent's heartbeat timeout." }),
  }),
});

const RuntimeStateEntry = builder.inputType("RuntimeStateEntry", {
  fields: (t) => ({ key: t.string({ required: true }), value: t.field({ type: "JSON", required: true }) }),
});

const HeartbeatInput = builder.inputType("HeartbeatInput", {
  fields: (t) => ({
    runId: t.globalID({ for: RunNode, required: true }),
    pid: t.int({ required: true }),
    state: t.field({ type: [RuntimeStateEntry], description: "Runtime state upserted with the heartbeat, keys unique." }),
    usage: t.field({
      type: "JSON",
      description:
        "The run's cumulative totals so far, key → non-negative number: inputTokens, outputTokens, costCents and any other key. Per key the server keeps the largest, so a resent heartbeat counts once.",
    }),
  }),
});

const SetRuntimeStateInput = builder.inputType("SetRuntimeStateInput", {
  fields: (t) => ({
    runId: t.globalID({ for: RunNode, required: true }),
    key: t.string({ required: true }),
    value: t.field({ type: "JSON", required: true }),
  }),
});

const FinishRunInput = builder.inputType("FinishRunInput", {
  fields: (t) => ({
    runId: t.globalID({ for: RunNode, required: true }),
    status: t.field({ type: RunFinishStatus, required: true }),
    exitCode: t.int(),
    error: t.string(),
  }),
});

const CancelRunInput = builder.inputType("CancelRunInput", {
  fields: (t) => ({ runId: t.globalID({ for: RunNode, required: true }) }),
});

builder.mutationFields((t) => ({
  startRun: t.field({
    type: RunNode,
    args: { input: t.arg({ type: StartRunInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      startRun(ctx, {
        ...input,
        agentId: input.agentId.id,
        issueId: input.issueId.id,
        environmentId: input.environmentId?.id,
      }),
  }),
  wakeAgent: t.field({
    type: WakeResultRef,
    args: { input: t.arg({ type: WakeAgentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      wakeAgent(ctx, { ...input, agentId: input.agentId.id, issueId: input.issueId.id, environmentId: input.environmentId?.id }),
  }),
  rerunRun: t.field({
    type: WakeResultRef,
    description: 'Queues another run of the run\'s agent, issue and environment (a wake with reason "rerun": it coalesces as any wake).',
    args: { input: t.arg({ type: RerunRunInput, required: true }) },
    resolve: (_root, { input }, ctx) => rerunRun(ctx, { runId: input.runId.id }),
  }),
  claimNextRun: t.field({
    type: RunClaimRef,
    nullable: true,
    description: "The next admitted QUEUED run of the token's agent, claimed as claimRun claims; null when none came within waitSeconds.",
    args: { input: t.arg({ type: ClaimNextRunInput, required: true }) },
    resolve: (_root, { input }, ctx) => claimNextRun(ctx, { ...input, environmentIds: input.environmentIds?.map((id) => id.id) }),
  }),
  claimRun: t.field({
    type: RunClaimRef,
    args: { input: t.arg({ type: ClaimRunInput, required: true }) },
    resolve: (_root, { input }, ctx) => claimRun(ctx, { ...input, runId: input.runId.id }),
  }),
  heartbeat: t.field({
    type: HeartbeatAckRef,
    args: { input: t.arg({ type: HeartbeatInput, required: true }) },
    resolve: (_root, { input }, ctx) => heartbeat(ctx, { ...input, runId: input.runId.id }),
  }),
  setRuntimeState: t.prismaField({
    type: "RuntimeState",
    args: { input: t.arg({ type: SetRuntimeStateInput, required: true }) },
    resolve: (_query, _root, { input }, ctx) => setRuntimeState(ctx, { ...input, runId: input.runId.id }),
  }),
  finishRun: t.field({
    type: RunNode,
    args: { input: t.arg({ type: FinishRunInput, required: true }) },
    resolve: (_root, { input }, ctx) => finishRun(ctx, { ...input, runId: input.runId.id }),
  }),
  cancelRun: t.field({
    type: RunNode,
    args: { input: t.arg({ type: CancelRunInput, required: true }) },
    resolve: (_root, { input }, ctx) => cancelRun(ctx, { runId: input.runId.id }),
  }),
}));

builder.subscriptionFields((t) => ({
  runEvents: t.field({
    type: RunEvent,
    description: "Heartbeats and status changes of one run, or of all of an agent's runs, from every replica.",
    args: { runId: t.arg.globalID({ for: RunNode }), agentId: t.arg.globalID({ for: AgentNode }) },
    subscribe: async (_root, args, ctx) => {
      const run = args.runId?.id;
      const agent = args.agentId?.id;
      if (!run === !agent) throw new RunyardError("BAD_USER_INPUT", "give exactly one of runId and agentId", { field: "runId" });
      const viewer = requireViewer(await ctx.viewer());
      if (run) {
        await assertCanActOnRunId(ctx.db, viewer, run);
        return ctx.pubsub.subscribe("runEvents", run);
      }
      const row = await ctx.db.agent.findUnique({ where: { id: agent! }, select: { companyId: true } });
      if (!row) throw notFound("agent", agent!);
      assertCanActForAgent(viewer, { id: agent!, companyId: row.companyId });
      return ctx.pubsub.subscribe("agentRunEvents", agent!);
    },
    resolve: (payload: RunEventPayload) => payload,
  }),
}));
