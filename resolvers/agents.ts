// Agents, each created with its token (shown once).
import { z } from "zod";
import type { Agent } from "../prisma/client.js";
import { lockAgentForDelete } from "../prisma/sql/lock-agent-for-delete.js";
import { softDeleteAgent } from "../prisma/sql/soft-delete-agent.js";
import { assertCompanyOperator, issueToken, requireViewer } from "./auth.js";
import { announceTokenRevoked } from "./companies.js";
import { RunyardError, notFound } from "./errors.js";
import { publishDispatch } from "./events.js";
import { uuid } from "./ids.js";
import { announceEndedLeases } from "./leases.js";
import { announceTransitions, applyRunTransition, runTransitions } from "./run-transitions.js";
import type { RequestContext } from "./runtime.js";
import { name, parseInput, positiveSeconds } from "./validation.js";

const createAgentInput = z.object({
  companyId: uuid,
  name,
  heartbeatTimeoutSeconds: positiveSeconds(24 * 3600).nullish(),
});

export async function createAgent(ctx: RequestContext, input: z.input<typeof createAgentInput>): Promise<{ agent: Agent; token: string; apiTokenId: string }> {
  const viewer = requireViewer(await ctx.viewer());
  const { companyId, name: agentName, heartbeatTimeoutSeconds } = parseInput(createAgentInput, input);
  assertCompanyOperator(viewer, companyId, "company", companyId);
  const company = await ctx.db.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!company) throw notFound("company", companyId);
  return ctx.db.$transaction(async (tx) => {
    const agent = await tx.agent.create({ data: { companyId, name: agentName, heartbeatTimeoutSeconds: heartbeatTimeoutSeconds ?? 60 } });
    const { token, id: apiTokenId } = await issueToken(tx, { kind: "AGENT", name: `agent ${agentName}`, companyId, agentId: agent.id });
    return { agent, token, apiTokenId };
  });
}

/** The retry policy's bounds (the database's CHECK Agent_retry_policy_valid holds the same). */
const MAX_ATTEMPTS = 100;
const MAX_BACKOFF_SECONDS = 24 * 3600;
const backoffSeconds = z.number().int().min(0, "must be at least 0").max(MAX_BACKOFF_SECONDS, `must be at most ${MAX_BACKOFF_SECONDS}`);

export interface RetryPolicy {
  maxAttempts: number;
  initialBackoffSeconds: number;
  maxBackoffSeconds: number;
  retryOn: Array<"FAILED" | "LOST" | "TIMED_OUT">;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 1, initialBackoffSeconds: 10, maxBackoffSeconds: 600, retryOn: ["FAILED", "LOST", "TIMED_OUT"] };

/** A whole policy: fields left out take their defaults. CANCELLED (or SUCCEEDED) is never retried. */
const retryPolicyInput = z
  .object({
    maxAttempts: z.number().int().min(1, "must be at least 1").max(MAX_ATTEMPTS, `must be at most ${MAX_ATTEMPTS}`).nullish(),
    initialBackoffSeconds: backoffSeconds.nullish(),
    maxBackoffSeconds: backoffSeconds.nullish(),
    retryOn: z
      .array(z.string().refine((s) => s === "FAILED" || s === "LOST" || s === "TIMED_OUT", "may list only FAILED, LOST and TIMED_OUT (a cancelled run is never retried)"))
      .max(3, "may list each of FAILED, LOST and TIMED_OUT once")
      .nullish(),
  })
  .transform((p) => ({
    maxAttempts: p.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    initialBackoffSeconds: p.initialBackoffSeconds ?? DEFAULT_RETRY_POLICY.initialBackoffSeconds,
    maxBackoffSeconds: p.maxBackoffSeconds ?? DEFAULT_RETRY_POLICY.maxBackoffSeconds,
    retryOn: [...new Set(p.retryOn ?? DEFAULT_RETRY_POLICY.retryOn)] as RetryPolicy["retryOn"],
  }))
  .refine((p) => p.initialBackoffSeconds <= p.maxBackoffSeconds, {
    path: ["initialBackoffSeconds"],
    message: "must be at most maxBackoffSeconds",
  });

/** An agent's retry policy, as its columns store it. */
export function retryPolicyOf(agent: Agent): RetryPolicy {
  return {
    maxAttempts: agent.retryMaxAttempts,
    initialBackoffSeconds: agent.retryInitialBackoffSeconds,
    maxBackoffSeconds: agent.retryMaxBackoffSeconds,
    retryOn: agent.retryOn as RetryPolicy["retryOn"],
  };
}

const updateAgentInput = z.object({
  id: uuid,
  name: name.nullish(),
  heartbeatTimeoutSeconds: positiveSeconds(24 * 3600).nullish(),
  maxConcurrentRuns: z.number().int().min(1, "must be at least 1").max(10_000, "must be at most 10000").nullish(),
  /** null clears it; omitted leaves it. */
  defaultEnvironmentId: uuid.nullish(),
  /** Replaces the agent's policy; it applies to runs that end from now on. */
  retryPolicy: retryPolicyInput.nullish(),
  /** null clears it; omitted leaves it. */
  monthlyBudgetCents: z.number().int("must be a whole number of cents").min(0, "must not be negative").nullish(),
});

/**
 * An operator changes an agent's knobs; omitted fields stay. A lower maxConcurrentRuns lets the
 * runs already RUNNING finish and admits no more until the agent is under it.
 */
export async function updateAgent(ctx: RequestContext, input: z.input<typeof updateAgentInput>): Promise<Agent> {
  const viewer = requireViewer(await ctx.viewer());
  const { id, name: agentName, heartbeatTimeoutSeconds, maxConcurrentRuns, defaultEnvironmentId, retryPolicy, monthlyBudgetCents } = parseInput(
    updateAgentInput,
    input,
  );
  const agent = await ctx.db.agent.findUnique({ where: { id, deletedAt: null }, select: { companyId: true } });
  if (!agent) throw notFound("agent", id);
  assertCompanyOperator(viewer, agent.companyId, "agent", id);
  if (defaultEnvironmentId) {
    const environment = await ctx.db.environment.findUnique({ where: { id: defaultEnvironmentId }, select: { companyId: true, deletedAt: true } });
    if (!environment || environment.companyId !== agent.companyId) {
      throw new RunyardError("BAD_USER_INPUT", "defaultEnvironmentId is not an environment of the agent's company", { field: "defaultEnvironmentId" });
    }
    if (environment.deletedAt) throw notFound("environment", defaultEnvironmentId);
  }
  const updated = await ctx.db.agent.update({
    where: { id },
    data: {
      name: agentName ?? undefined,
      heartbeatTimeoutSeconds: heartbeatTimeoutSeconds ?? undefined,
      maxConcurrentRuns: maxConcurrentRuns ?? undefined,
      defaultEnvironmentId: input.defaultEnvironmentId === undefined ? undefined : defaultEnvironmentId,
      ...(retryPolicy && {
        retryMaxAttempts: retryPolicy.maxAttempts,
        retryInitialBackoffSeconds: retryPolicy.initialBackoffSeconds,
        retryMaxBackoffSeconds: retryPolicy.maxBackoffSeconds,
        retryOn: retryPolicy.retryOn,
      }),
      monthlyBudgetCents: input.monthlyBudgetCents === undefined ? undefined : monthlyBudgetCents,
    },
  });
  // More room (or budget) may admit a queued run now: the agent's waiting claimNextRun calls look
  // at once. (defaultEnvironmentId only picks where later wakes queue; no queued run changes with it.)
  if (maxConcurrentRuns != null || input.monthlyBudgetCents !== undefined) publishDispatch(ctx.pubsub, id, null);
  return updated;
}

const deleteAgentInput = z.object({ id: uuid });
const DELETE_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

/**
 * Soft delete, in one transaction: the agent's schedules deleted, its QUEUED runs and its RUNNING
 * ones CANCELLED ("agent deleted"; a RUNNING one as cancelRun cancels it: its lease released at
 * once, cancelRequestedAt set), its tokens revoked and deletedAt set. After commit its tokens are
 * evicted on every replica (as revokeApiToken's are), so its runners' next heartbeat is refused
 * (401) and they stop their children. The row stays: its runs still name it. Lock order: the
 * schedules (a scheduler's fire in flight wakes the agent), then the agent row FOR UPDATE
 * (prisma/sql/lock-agent-for-delete.ts: wakes and claims in flight are waited for, later ones
 * refused), then its runs.
 */
export async function deleteAgent(ctx: RequestContext, input: z.input<typeof deleteAgentInput>): Promise<Agent> {
  const viewer = requireViewer(await ctx.viewer());
  const { id } = parseInput(deleteAgentInput, input);
  const existing = await ctx.db.agent.findUnique({ where: { id, deletedAt: null }, select: { companyId: true } });
  if (!existing) throw notFound("agent", id);
  assertCompanyOperator(viewer, existing.companyId, "agent", id);
  const { agent, revokedTokenIds, cancelled } = await ctx.db.$transaction(async (tx) => {
    await tx.schedule.deleteMany({ where: { agentId: id } });
    if (!(await lockAgentForDelete(tx, id))) throw notFound("agent", id);
    const cancelled = await applyRunTransition(tx, runTransitions.deleteAgent(id));
    return { ...(await softDeleteAgent(tx, id)), cancelled };
  }, DELETE_TRANSACTION_OPTIONS);
  for (const tokenId of revokedTokenIds) announceTokenRevoked(ctx, tokenId);
  announceTransitions(ctx, cancelled.transitions);
  await announceEndedLeases(ctx, cancelled.endedLeases);
  return agent;
}
