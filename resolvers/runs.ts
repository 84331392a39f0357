// Runs: started QUEUED, claimed (with their lease), finished or cancelled. Every status change is
// one of resolvers/run-transitions.ts, so of two replicas racing on one run exactly one wins.
import { z } from "zod";
import { Prisma, type Lease, type Run, type RunStatus, type Workspace } from "../prisma/client.js";
import { assertCanActForAgent, assertCanActOnRun, requireViewer } from "./auth.js";
import { RunyardError, notFound } from "./errors.js";
import { publishLeaseEvent, publishWorkspaceChanged } from "./events.js";
import { uuid } from "./ids.js";
import { announceEndedLeases, grantLease, leaseUnavailable, retryLostSlot } from "./leases.js";
import { announceTransitions, applyRunTransition, runTransitions, type RunTransition, type Transition } from "./run-transitions.js";
import type { RequestContext, Runtime } from "./runtime.js";
import { name, parseInput, positiveSeconds, text } from "./validation.js";
import { archiveIdleWorkspaces, ensureOpenWorkspace } from "./workspaces.js";

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

/** Why a transition did not happen: the run is missing, or in a state that does not allow it. */
async function refusedTransition(rt: Runtime, runId: string, to: RunStatus): Promise<RunyardError> {
  const run = await rt.db.run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) return notFound("run", runId);
  return new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; it cannot become ${to}`, { status: run.status });
}

async function loadRunForActor(ctx: RequestContext, runId: string): Promise<Run> {
  const viewer = requireViewer(await ctx.viewer());
  const run = await ctx.db.run.findUnique({ where: { id: runId } });
  if (!run) throw notFound("run", runId);
  assertCanActOnRun(viewer, run);
  return run;
}

const startInput = z.object({
  agentId: uuid,
  issueId: uuid,
  environmentId: uuid,
  timeoutSeconds: positiveSeconds(7 * 24 * 3600).nullish(),
});

export async function startRun(ctx: RequestContext, input: z.input<typeof startInput>): Promise<Run> {
  const viewer = requireViewer(await ctx.viewer());
  const { agentId, issueId, environmentId, timeoutSeconds } = parseInput(startInput, input);
  const [agent, issue, environment] = await Promise.all([
    ctx.db.agent.findUnique({ where: { id: agentId }, select: { companyId: true } }),
    ctx.db.issue.findUnique({ where: { id: issueId }, select: { companyId: true, status: true } }),
    ctx.db.environment.findUnique({ where: { id: environmentId }, select: { companyId: true } }),
  ]);
  if (!agent) throw notFound("agent", agentId);
  assertCanActForAgent(viewer, { id: agentId, companyId: agent.companyId });
  if (!issue || issue.companyId !== agent.companyId) throw notFound("issue", issueId);
  if (!environment || environment.companyId !== agent.companyId) throw notFound("environment", environmentId);
  if (issue.status === "DONE" || issue.status === "CANCELLED") {
    throw new RunyardError("BAD_USER_INPUT", `issue is ${issue.status}; a closed issue takes no runs`, { field: "issueId" });
  }
  const transition = await ctx.db.$transaction(async (tx) => {
    const workspace = await ensureOpenWorkspace(tx, issueId);
    const run = await tx.run.create({
      data: { companyId: agent.companyId, agentId, issueId, environmentId, workspaceId: workspace.id, timeoutSeconds },
    });
    const event = await tx.runEvent.create({ data: { runId: run.id, kind: "STATUS_CHANGED", status: "QUEUED" } });
    return { run, event };
  }, TRANSACTION_OPTIONS);
  announceTransitions(ctx, [transition]);
  return transition.run;
}

const claimInput = z.object({
  runId: uuid,
  runnerId: name,
  pid: z.number().int().min(1, "must be a process id"),
  leaseTtlSeconds: positiveSeconds(24 * 3600).nullish(),
});

export interface RunClaim {
  run: Run;
  lease: Lease;
  workspace: Workspace;
}

/**
 * QUEUED → RUNNING together with the run's lease, in one transaction: a run is never RUNNING
 * without its slot, and a full environment leaves it QUEUED. The provider must be ready first;
 * its driver prepares the workspace after commit.
 */
export async function claimRun(ctx: RequestContext, input: z.input<typeof claimInput>): Promise<RunClaim> {
  const { runId, runnerId, pid, leaseTtlSeconds } = parseInput(claimInput, input);
  const run = await loadRunForActor(ctx, runId);
  if (run.status !== "QUEUED") throw new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; only a queued run can be claimed`, { status: run.status });
  const [agent, environment, workspace] = await Promise.all([
    ctx.db.agent.findUniqueOrThrow({ where: { id: run.agentId }, select: { heartbeatTimeoutSeconds: true } }),
    ctx.db.environment.findUniqueOrThrow({ where: { id: run.environmentId } }),
    ctx.db.workspace.findUniqueOrThrow({ where: { id: run.workspaceId } }),
  ]);
  await ctx.providers.waitUntilReady(environment.providerKey);
  // Twice the heartbeat timeout: a dead runner's lease is reaped as ORPHANED before it would expire.
  const ttlSeconds = leaseTtlSeconds ?? agent.heartbeatTimeoutSeconds * 2;
  const claimed = await retryLostSlot(environment.id, () =>
    ctx.db.$transaction(async (tx) => {
      const {
        transitions: [transition],
      } = await applyRunTransition(tx, runTransitions.claim(runId, { runnerId, pid, replicaId: ctx.replicaId }));
      if (!transition) return null;
      // The run's checks were made above and its row is locked by the transition.
      const grant = await grantLease(tx, { environmentId: environment.id, runId, ttlSeconds, runAccess: Prisma.sql`TRUE` });
      // Rolling back keeps the run QUEUED: it is claimable again once a slot frees.
      if (!grant.lease) throw leaseUnavailable(environment.id, grant.earliestExpiresAt);
      return { transition, lease: grant.lease, reused: grant.reused, expired: grant.expired };
    }, TRANSACTION_OPTIONS),
  );
  if (!claimed) throw await refusedTransition(ctx, runId, "RUNNING");
  announceTransitions(ctx, [claimed.transition]);
  await announceEndedLeases(ctx, claimed.expired);
  // A lease the run acquired before its claim was announced then.
  if (!claimed.reused) publishLeaseEvent(ctx.pubsub, "GRANTED", claimed.lease);
  try {
    const driver = await ctx.providers.driverFor(environment.providerKey, {
      id: environment.id,
      config: environment.config,
      lease: { id: claimed.lease.id, runId, slot: claimed.lease.slot },
    });
    await driver.prepare({ id: workspace.id, config: workspace.config });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await finishTransition(ctx, runTransitions.finish(runId, "FAILED", { exitCode: null, error: `environment could not be prepared: ${message}` }));
    if (err instanceof RunyardError) throw err;
    throw new RunyardError("PROVIDER_ERROR", `provider ${environment.providerKey} could not prepare the workspace: ${message}`);
  }
  return { run: claimed.transition.run, lease: claimed.lease, workspace };
}

/**
 * A terminal transition with its side effects in one transaction: the run's leases end
 * (COMPLETED), and its workspace is archived if its issue is closed and nothing else runs there.
 */
async function finishTransition(ctx: RequestContext, transition: RunTransition): Promise<Transition | null> {
  const result = await ctx.db.$transaction(async (tx) => {
    const applied = await applyRunTransition(tx, transition);
    const [moved] = applied.transitions;
    if (!moved) return null;
    const archived = await archiveIdleWorkspaces(tx, moved.run.issueId);
    return { moved, leases: applied.endedLeases, archived };
  }, TRANSACTION_OPTIONS);
  if (!result) return null;
  announceTransitions(ctx, [result.moved]);
  for (const workspace of result.archived) publishWorkspaceChanged(ctx.pubsub, workspace);
  await announceEndedLeases(ctx, result.leases);
  return result.moved;
}

const finishInput = z.object({
  runId: uuid,
  status: z.enum(["SUCCEEDED", "FAILED", "CANCELLED"]),
  exitCode: z.number().int().nullish(),
  error: text(10_000).nullish(),
});

export async function finishRun(ctx: RequestContext, input: z.input<typeof finishInput>): Promise<Run> {
  const { runId, status, exitCode, error } = parseInput(finishInput, input);
  await loadRunForActor(ctx, runId);
  const outcome = { exitCode: exitCode ?? null, error: error ?? null };
  const transition = await finishTransition(
    ctx,
    status === "CANCELLED" ? runTransitions.cancel(runId, { ...outcome, requested: false }) : runTransitions.finish(runId, status, outcome),
  );
  if (!transition) throw await refusedTransition(ctx, runId, status);
  return transition.run;
}

const cancelInput = z.object({ runId: uuid });

/**
 * Cancels now: the run becomes CANCELLED and its slot is freed at once. A running runner learns of
 * it on its next heartbeat (`cancelRequested: true`) and stops its child.
 */
export async function cancelRun(ctx: RequestContext, input: z.input<typeof cancelInput>): Promise<Run> {
  const { runId } = parseInput(cancelInput, input);
  await loadRunForActor(ctx, runId);
  const transition = await finishTransition(ctx, runTransitions.cancel(runId, { exitCode: null, error: null, requested: true }));
  if (!transition) throw await refusedTransition(ctx, runId, "CANCELLED");
  return transition.run;
}
