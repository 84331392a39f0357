// Runs: queued by wakes (which coalesce), claimed when admitted (with their lease), finished or
// cancelled. Every status change is one of resolvers/run-transitions.ts, so of two replicas racing
// on one run exactly one wins.
import { z } from "zod";
import { Prisma, type Lease, type Run, type RunEvent, type RunStatus, type Workspace } from "../prisma/client.js";
import { queueBlocks } from "../prisma/sql/admission.js";
import { claimedWorkspace } from "../prisma/sql/claimed-workspace.js";
import { inTransaction, type SqlClient } from "../prisma/sql/db.js";
import { runById } from "../prisma/sql/run-by-id.js";
import { lockAgentForClaim } from "../prisma/sql/lock-agent-for-claim.js";
import { lockIssuesOfRuns } from "../prisma/sql/lock-issues-of-runs.js";
import { nextBreakerReopening } from "../prisma/sql/next-breaker-reopening.js";
import { wakeRun, type WakeRunParams, type WokenRunRow } from "../prisma/sql/wake-run.js";
import { wakeTarget } from "../prisma/sql/wake-target.js";
import { assertCanActForAgent, assertCanActOnRun, assertCanSee, requireViewer, revokedTokenIds } from "./auth.js";
import { RunyardError, globalId, isUniqueViolation, notFound } from "./errors.js";
import { publishDispatch, publishProviderBreakerChanged, publishRunEvent, publishWorkspaceChanged } from "./events.js";
import { uuid } from "./ids.js";
import { announceEndedLeases, announceGrant, grantLease, leaseUnavailable, retryLostSlot } from "./leases.js";
import {
  announceTransitions,
  applyRunTransition,
  runTransitions,
  type ClaimPick,
  type RunTransition,
  type Transition,
} from "./run-transitions.js";
import { providerUnavailable } from "./providers.js";
import type { RequestContext, Runtime } from "./runtime.js";
import { assertWithinBudget, budgetExceeded } from "./usage.js";
import { name, parseInput, positiveSeconds, text } from "./validation.js";
import { archiveIdleWorkspaces, ensureOpenWorkspace } from "./workspaces.js";

const MAX_PRIORITY = 1_000_000;
const MAX_WAIT_SECONDS = 60;
/** Looks a claimNextRun makes when each finds the probe of the provider it picked taken by another claim. */
const PROBE_RACE_RETRIES = 3;

/** Why a transition did not happen: the run is missing, or in a state that does not allow it. */
async function refusedTransition(rt: Runtime, runId: string, to: RunStatus): Promise<RunyardError> {
  const run = await rt.db.run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) return notFound("run", runId);
  return new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; it cannot become ${to}`, { status: run.status });
}

async function loadRunForActor(ctx: RequestContext, runId: string): Promise<Run> {
  const viewer = requireViewer(await ctx.viewer());
  const run = await runById(ctx.pool, runId);
  if (!run) throw notFound("run", runId);
  assertCanActOnRun(viewer, run);
  return run;
}

const wakeInput = z.object({
  agentId: uuid,
  issueId: uuid,
  environmentId: uuid.nullish(),
  reason: name.nullish(),
  priority: z.number().int().min(-MAX_PRIORITY, `must be at least ${-MAX_PRIORITY}`).max(MAX_PRIORITY, `must be at most ${MAX_PRIORITY}`).nullish(),
  timeoutSeconds: positiveSeconds(7 * 24 * 3600).nullish(),
});

export interface WakeResult {
  run: Run;
  /** The wake merged into the run already QUEUED for the agent and issue. */
  coalesced: boolean;
}

/**
 * Queues a run of the agent on the issue, or merges into the one already QUEUED (one statement on
 * a partial unique index: prisma/sql/wake-run.ts). Without environmentId the agent's
 * defaultEnvironmentId is used. Refused with BUDGET_EXCEEDED while the agent's cost this month
 * has reached its monthlyBudgetCents.
 */
export async function wakeAgent(ctx: RequestContext, input: z.input<typeof wakeInput>): Promise<WakeResult> {
  const viewer = requireViewer(await ctx.viewer());
  const { agentId, issueId, environmentId, reason: givenReason, priority, timeoutSeconds } = parseInput(wakeInput, input);
  const reason = givenReason ?? "wake";
  const { companyId, environmentId: targetEnvironmentId } = await resolveWakeTarget(ctx, { agentId, issueId, environmentId }, (agent) =>
    assertCanActForAgent(viewer, agent),
  );
  const target: WakeTarget = {
    companyId,
    agentId,
    issueId,
    environmentId: targetEnvironmentId,
    reason,
    priority: priority ?? 0,
    timeoutSeconds: timeoutSeconds ?? null,
  };
  // Raw pg, not the ORM's $transaction: a wake is on the dispatch path (wake → claim).
  const woken = await inTransaction(ctx.pool, async (tx) => {
    await assertWithinBudget(tx, agentId);
    // Refused: rolled back, so nothing of the wake (its issue's new workspace) is left behind.
    return (await queueWake(tx, target)) ?? Promise.reject(await deletedWakeTarget(ctx, target));
  });
  return announceWake(ctx, woken, reason);
}

const rerunInput = z.object({ runId: uuid });

/**
 * Another run of an earlier one's agent, issue and environment, with its priority and timeout: a
 * wake with reason "rerun", so it merges into a run already QUEUED for them, and queues a
 * follow-up while one is RUNNING. The caller must be allowed to act on the earlier run.
 */
export async function rerunRun(ctx: RequestContext, input: z.input<typeof rerunInput>): Promise<WakeResult> {
  const viewer = requireViewer(await ctx.viewer());
  const { runId } = parseInput(rerunInput, input);
  const run = await ctx.db.run.findUnique({
    where: { id: runId },
    select: { id: true, companyId: true, agentId: true, issueId: true, environmentId: true, priority: true, timeoutSeconds: true },
  });
  if (!run) throw notFound("run", runId);
  assertCanActOnRun(viewer, run);
  const { agentId, issueId, environmentId, priority, timeoutSeconds } = run;
  return wakeAgent(ctx, { agentId, issueId, environmentId, reason: "rerun", priority, timeoutSeconds });
}

export type WakeTarget = Omit<WakeRunParams, "workspaceId">;

/**
 * What a wake (or a schedule of wakes) is for, checked: the agent (authorized by the caller's
 * rule), an open issue of its company, and the environment given or else the agent's
 * defaultEnvironmentId. Another company's rows are NOT_FOUND, as missing ones are.
 */
export async function resolveWakeTarget(
  ctx: RequestContext,
  { agentId, issueId, environmentId }: { agentId: string; issueId: string; environmentId?: string | null },
  authorize: (agent: { id: string; companyId: string }) => void,
): Promise<{ companyId: string; environmentId: string }> {
  const found = await wakeTarget(ctx.pool, { agentId, issueId, environmentId: environmentId ?? null });
  const companyId = found.agentCompanyId;
  if (companyId === null) throw notFound("agent", agentId);
  authorize({ id: agentId, companyId });
  if (found.issueCompanyId !== companyId) throw notFound("issue", issueId);
  const targetEnvironmentId = environmentId ?? found.defaultEnvironmentId;
  if (!targetEnvironmentId) {
    throw new RunyardError("BAD_USER_INPUT", "environmentId is required: the agent has no defaultEnvironmentId", { field: "environmentId" });
  }
  if (environmentId && found.environmentCompanyId !== companyId) throw notFound("environment", environmentId);
  if (found.issueStatus === "DONE" || found.issueStatus === "CANCELLED") {
    throw new RunyardError("BAD_USER_INPUT", `issue is ${found.issueStatus}; a closed issue takes no runs`, { field: "issueId" });
  }
  return { companyId, environmentId: targetEnvironmentId };
}


/**
 * The wake itself, inside the caller's transaction (a wake's checks are the caller's): the issue's
 * OPEN workspace, then the run queued or merged into (prisma/sql/wake-run.ts). A closed issue is
 * refused with BAD_USER_INPUT. Null when the agent or the environment is deleted (the statement
 * decides, race-free): the caller rolls back. Announce the result with announceWake once committed.
 */
export async function queueWake(tx: SqlClient, target: WakeTarget): Promise<WokenRunRow | null> {
  const workspace = await ensureOpenWorkspace(tx, target.issueId);
  return wakeRun(tx, { ...target, workspaceId: workspace.id });
}

/** The NOT_FOUND of a wake the statement refused: its agent, or else its environment, was deleted. */
async function deletedWakeTarget(ctx: RequestContext, target: WakeTarget): Promise<RunyardError> {
  const found = await wakeTarget(ctx.pool, target);
  return found.agentCompanyId === null ? notFound("agent", target.agentId) : notFound("environment", target.environmentId);
}

/** Tells every replica of a wake, after its commit. */
export function announceWake(rt: Runtime, woken: WokenRunRow, reason: string): WakeResult {
  const { coalesced, eventId, eventKind, eventAt, ...run } = woken;
  const event: RunEvent = { id: BigInt(eventId), runId: run.id, kind: eventKind, status: "QUEUED", fromStatus: null, pid: null, reason, at: eventAt };
  // A new run is a transition. A merge wakes the waiting claimNextRun calls too: while it held the
  // run's row lock their SKIP LOCKED look passed over the run, and nothing else would announce it.
  if (coalesced) {
    publishRunEvent(rt.pubsub, event, run);
    publishDispatch(rt.pubsub, run.agentId, run.id);
  } else announceTransitions(rt, [{ run, event }]);
  return { run, coalesced };
}

/** A wake with reason "manual": two startRuns of one agent and issue return one QUEUED run. */
export async function startRun(ctx: RequestContext, input: Omit<z.input<typeof wakeInput>, "reason" | "priority">): Promise<Run> {
  const { run } = await wakeAgent(ctx, { ...input, reason: "manual" });
  return run;
}

const runnerFields = {
  runnerId: name,
  pid: z.number().int().min(1, "must be a process id"),
  leaseTtlSeconds: positiveSeconds(24 * 3600).nullish(),
};
const claimInput = z.object({ runId: uuid, ...runnerFields });

export interface RunClaim {
  run: Run;
  lease: Lease;
  workspace: Workspace;
  /** Where the provider prepared the workspace, when it prepared a directory. */
  workspaceDir: string | null;
}

type Runner = { runnerId: string; pid: number; leaseTtlSeconds?: number | null };

/**
 * Claims one run (QUEUED → RUNNING, admitted, with its lease) by id: refused with WORKSPACE_BUSY or
 * AGENT_AT_CAPACITY while it is not admitted, LEASE_UNAVAILABLE while its environment is full,
 * BUDGET_EXCEEDED while its agent is over its budget this month, PROVIDER_UNAVAILABLE while its
 * provider's breaker is open; the run stays QUEUED. Its provider must be ready first
 * (PROVIDER_NOT_READY, the run QUEUED, otherwise).
 */
export async function claimRun(ctx: RequestContext, input: z.input<typeof claimInput>): Promise<RunClaim> {
  const { runId, ...runner } = parseInput(claimInput, input);
  const run = await loadRunForActor(ctx, runId);
  if (run.status !== "QUEUED") throw new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; only a queued run can be claimed`, { status: run.status });
  const environment = await ctx.db.environment.findUniqueOrThrow({ where: { id: run.environmentId }, select: { providerKey: true } });
  await ctx.providers.waitUntilReady(environment.providerKey);
  const claim = await claimPicked(ctx, run.agentId, { runId }, runner);
  // Nobody reads this answer: the caller went away before the claim committed, which rolled it back.
  if (!claim) throw new RunyardError("INTERNAL", "the request was aborted before its claim committed: nothing was claimed");
  return claim;
}

const claimNextInput = z.object({
  ...runnerFields,
  waitSeconds: z.number().int().min(0, "must be at least 0").max(MAX_WAIT_SECONDS, `must be at most ${MAX_WAIT_SECONDS}`).nullish(),
  environmentIds: z.array(uuid).max(100, "must list at most 100 environments").nullish(),
});

/**
 * The token's agent's next admitted QUEUED run (highest priority, then oldest; due; in one of
 * `environmentIds` if given; in an environment whose provider is ready here and has a free slot),
 * claimed as claimRun claims. With waitSeconds it waits for one (resolvers/claim-waiters.ts): woken
 * through the pubsub the moment a run is queued, or a RUNNING run of the agent ends, on any
 * replica. Null when none came within waitSeconds, or the replica is draining.
 */
export async function claimNextRun(ctx: RequestContext, input: z.input<typeof claimNextInput>): Promise<RunClaim | null> {
  const viewer = requireViewer(await ctx.viewer());
  const { waitSeconds, environmentIds, ...runner } = parseInput(claimNextInput, input);
  if (viewer.kind !== "AGENT") throw new RunyardError("FORBIDDEN", "claimNextRun takes the runs of the token's agent: an agent token is required");
  const agentId = viewer.agentId;
  if (environmentIds) await assertLiveEnvironments(ctx, viewer.companyId, environmentIds);
  let looks = 0;
  const attempt = async (): Promise<RunClaim | null> => {
    // A token revoked while the call waited claims nothing (the first look is the request's own check).
    if (looks++ > 0 && (await revokedTokenIds(ctx.pool, [viewer.tokenId])).length > 0) {
      throw new RunyardError("UNAUTHENTICATED", "the token was revoked while claimNextRun waited");
    }
    const providerKeys = ctx.providers.list().filter((p) => p.state === "READY").map((p) => p.key);
    const pick: ClaimPick = { nextOfAgent: agentId, environmentIds: environmentIds ?? null, providerKeys };
    for (let tries = 1; ; tries++) {
      try {
        const claim = await claimPicked(ctx, agentId, pick, runner);
        // Runs of providers whose breaker is open were passed over, and no event announces the end
        // of a cool-down: this replica's waiters look again then.
        const reopening = claim || !waitSeconds ? null : await nextBreakerReopening(ctx.pool);
        if (reopening) ctx.claimWaiters.lookAt(agentId, reopening.getTime());
        return claim;
      } catch (err) {
        // Lost a race for the slot or the workspace it saw free: nothing to take now, look again on the next event.
        if (err instanceof RunyardError && (err.code === "LEASE_UNAVAILABLE" || err.code === "WORKSPACE_BUSY")) return null;
        // Lost the race for a provider's probe: the pick now passes over that provider, so look again at once.
        if (err instanceof RunyardError && err.code === "PROVIDER_UNAVAILABLE") {
          if (tries < PROBE_RACE_RETRIES) continue;
          return null;
        }
        throw err;
      }
    }
  };
  if (!waitSeconds) return attempt();
  const group = environmentIds ? [...new Set(environmentIds)].sort().join(",") : null;
  return ctx.claimWaiters.wait(agentId, waitSeconds * 1000, group, attempt, ctx.signal);
}

/** Environments a claim names must be the company's and not deleted (a deleted one has no runs to give). */
async function assertLiveEnvironments(ctx: RequestContext, companyId: string, environmentIds: string[]): Promise<void> {
  const live = await ctx.db.environment.findMany({ where: { id: { in: environmentIds }, companyId, deletedAt: null }, select: { id: true } });
  const missing = environmentIds.find((id) => !live.some((e) => e.id === id));
  if (missing) throw notFound("environment", missing);
}

/**
 * The one claim path of claimRun and claimNextRun, in one transaction: the agent's row lock, the
 * admitted QUEUED → RUNNING transition of the picked run, and its lease. A run is never RUNNING
 * without its slot, or beyond its agent's maxConcurrentRuns, or beside another run in its
 * workspace (prisma/sql/admission.ts). After commit the provider's driver prepares the workspace.
 * Null when the pick found no run (claimNextRun), or when the caller went away (ctx.signal) before
 * the claim committed: it rolls back, so no run is RUNNING in the name of a runner that never
 * hears of it. A run picked by id that cannot be taken is refused.
 */
async function claimPicked(ctx: RequestContext, agentId: string, pick: ClaimPick, runner: Runner): Promise<RunClaim | null> {
  const { runnerId, pid, leaseTtlSeconds } = runner;
  let triedEnvironmentId: string | null = null;
  const claimed = await retryLostSlot(
    async () => {
      let heldRunId: string | null = null;
      try {
        return await inTransaction(ctx.pool, async (tx) => {
          const agent = await lockAgentForClaim(tx, agentId);
          if (!agent) throw notFound("agent", agentId);
          if (agent.overBudget) throw budgetExceeded(agentId, agent);
          let transition: Transition | undefined;
          for (let reads = 1; ; reads++) {
            [transition] = (await applyRunTransition(tx, runTransitions.claim(pick, { runnerId, pid, replicaId: ctx.replicaId }))).transitions;
            if (transition || !("runId" in pick)) break;
            // Read under the agent's lock, but a run of the agent or in the workspace may have ended
            // since the claim statement: a reading that admits the run is not a reason, the claim is
            // made again (a bounded few times: each needs a run to end between two statements).
            const refusal = await refusedClaim(tx, pick.runId, reads >= CLAIM_REREADS);
            if (refusal) throw refusal;
          }
          if (!transition) return null;
          const { run } = transition;
          heldRunId = run.id;
          triedEnvironmentId = run.environmentId;
          // Refused while the provider's breaker is open: the rollback leaves the run QUEUED.
          const admission = await ctx.providers.admitClaim(tx, run.environmentId);
          // Twice the heartbeat timeout: a dead runner's lease is reaped as ORPHANED before it would expire.
          const ttlSeconds = leaseTtlSeconds ?? agent.heartbeatTimeoutSeconds * 2;
          // The run's checks were made by the pick and its row is locked by the transition.
          const grant = await grantLease(tx, { environmentId: run.environmentId, runId: run.id, ttlSeconds, runAccess: Prisma.sql`TRUE` });
          // Rolling back keeps the run QUEUED: it is claimable again once a slot frees.
          if (!grant.lease) throw leaseUnavailable(run.environmentId, grant.earliestExpiresAt);
          // The last thing before commit: a caller gone by now gets nothing.
          if (ctx.signal.aborted) throw new CallerGone();
          return { transition, lease: grant.lease, reused: grant.reused, expired: grant.expired, admission };
        });
      } catch (err) {
        // The run's row was locked until this rollback, and the SKIP LOCKED looks of the agent's
        // waiting calls on every replica passed over it: they look again now, not at their re-check.
        if (heldRunId) publishDispatch(ctx.pubsub, agentId, heldRunId);
        throw err;
      }
    },
    // Every try lost a race: for a slot, or (before any grant) for the workspace, to another agent's claim.
    () => (triedEnvironmentId ? leaseUnavailable(triedEnvironmentId, null) : workspaceBusy(null)),
  ).catch((err: unknown) => {
    if (err instanceof CallerGone) return null;
    throw err;
  });
  if (!claimed) return null;
  const { run } = claimed.transition;
  announceTransitions(ctx, [claimed.transition]);
  await announceEndedLeases(ctx, claimed.expired);
  // A lease the run acquired before its claim was announced then.
  if (!claimed.reused) announceGrant(ctx, claimed.lease);
  const setting = await claimedWorkspace(ctx.pool, { workspaceId: run.workspaceId, environmentId: run.environmentId });
  // Both rows outlive a RUNNING run (deletes are soft, workspaces are archived, not removed).
  if (!setting) throw new RunyardError("INTERNAL", `run ${run.id}: its workspace or environment is missing`);
  const { providerKey, environmentConfig, ...workspace } = setting;
  let prepared;
  try {
    const driver = await ctx.providers.driverFor(providerKey, {
      id: run.environmentId,
      config: environmentConfig,
      lease: { id: claimed.lease.id, runId: run.id, slot: claimed.lease.slot },
    });
    prepared = await driver.prepare({ id: workspace.id, config: workspace.config });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const breaker = await ctx.providers.recordPrepare(ctx.pool, providerKey, false, claimed.admission.probe);
    if (breaker) publishProviderBreakerChanged(ctx.pubsub, breaker);
    // Past the threshold the breaker was open before this failure: the run goes back to the queue.
    if (breaker && breaker.consecutiveFailures > ctx.providers.policy.failureThreshold) {
      await requeueClaim(ctx, run.id);
      throw providerUnavailable(providerKey, breaker.openUntil);
    }
    await finishTransition(ctx, runTransitions.finish(run.id, "FAILED", { exitCode: null, error: `environment could not be prepared: ${message}` }));
    if (err instanceof RunyardError) throw err;
    throw new RunyardError("PROVIDER_ERROR", `provider ${providerKey} could not prepare the workspace: ${message}`);
  }
  const breaker = await ctx.providers.recordPrepare(ctx.pool, providerKey, true, claimed.admission.probe);
  if (breaker) publishProviderBreakerChanged(ctx.pubsub, breaker);
  return { run, lease: claimed.lease, workspace, workspaceDir: prepared?.dir ?? null };
}

/** Rolls a claim transaction back: its caller has gone. */
class CallerGone extends Error {}

function workspaceBusy(workspaceId: string | null): RunyardError {
  return new RunyardError("WORKSPACE_BUSY", "another run is RUNNING in the run's workspace", {
    workspaceId: workspaceId && globalId("Workspace", workspaceId),
  });
}

/** How often a claim by id is made again when the reading of why it was refused admits the run. */
const CLAIM_REREADS = 3;

/**
 * Why a claim by id took nothing: the run moved on, or it is not admitted. Null when this reading
 * admits it (something ended since the claim statement) unless `final`: then the agent's capacity
 * is named, the one check that churn of the agent's own runs defeats.
 */
async function refusedClaim(tx: SqlClient, runId: string, final: boolean): Promise<RunyardError | null> {
  const [blocks] = await queueBlocks(tx, Prisma.sql`r."id" = ${runId}::uuid`, { offset: 0, limit: 1 });
  if (!blocks) return notFound("run", runId);
  if (blocks.status !== "QUEUED") {
    return new RunyardError("INVALID_RUN_TRANSITION", `run is ${blocks.status}; only a queued run can be claimed`, { status: blocks.status });
  }
  if (blocks.workspaceBusy) return workspaceBusy(blocks.workspaceId);
  if (!blocks.agentAtCapacity && !final) return null;
  return new RunyardError("AGENT_AT_CAPACITY", `the agent already has ${blocks.runningRuns} of its ${blocks.maxConcurrentRuns} runs RUNNING`, {
    runningRuns: blocks.runningRuns,
    maxConcurrentRuns: blocks.maxConcurrentRuns,
  });
}

/**
 * A terminal transition with its side effects in one transaction: the run's leases end
 * (COMPLETED), its next attempt is queued if its agent's retry policy retries it, and its
 * workspace is archived if its issue is closed and nothing else runs there. `otherwise` is applied
 * when `transition` moved nothing; `lockIssueOfRun` share-locks that run's issue first.
 */
export async function finishTransition(
  ctx: RequestContext,
  transition: RunTransition,
  opts: { lockIssueOfRun?: string; otherwise?: RunTransition } = {},
): Promise<Transition | null> {
  const result = await inTransaction(ctx.pool, async (tx) => {
    if (opts.lockIssueOfRun) await lockIssuesOfRuns(tx, [opts.lockIssueOfRun]);
    let applied = await applyRunTransition(tx, transition);
    if (applied.transitions.length === 0 && opts.otherwise) applied = await applyRunTransition(tx, opts.otherwise);
    const [moved] = applied.transitions;
    if (!moved) return null;
    const archived = await archiveIdleWorkspaces(tx, moved.run.issueId);
    return { moved, retries: applied.retries, leases: applied.endedLeases, archived };
  });
  if (!result) return null;
  announceTransitions(ctx, [result.moved, ...result.retries]);
  for (const workspace of result.archived) publishWorkspaceChanged(ctx.pubsub, workspace);
  await announceEndedLeases(ctx, result.leases);
  return result.moved;
}

/**
 * A claim called off (runTransitions.requeue), with its issue share-locked first, as a run's end
 * locks it for its retry (prisma/sql/lock-issues-of-runs.ts): a closer commits first and is then
 * seen. A run that cannot go back to the queue is cancelled, saying why. A wake that queued a run
 * of the agent and issue while this one was looked at makes the requeue's row collide with it on
 * the unique index: looked at again, it sees that run and cancels.
 */
async function requeueClaim(ctx: RequestContext, runId: string): Promise<void> {
  const cancel = runTransitions.cancel(runId, {
    exitCode: null,
    error: "its provider's breaker is open, and it could not go back to the queue: its issue is closed, or another run of its agent is queued for it",
    requested: false,
  });
  for (let tries = 1; ; tries++) {
    try {
      await finishTransition(ctx, runTransitions.requeue(runId), { lockIssueOfRun: runId, otherwise: cancel });
      return;
    } catch (err) {
      if (!isUniqueViolation(err) || tries >= 2) throw err;
    }
  }
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

export type QueueBlockName = "WORKSPACE_BUSY" | "AGENT_AT_CAPACITY" | "NOT_BEFORE" | "ENVIRONMENT_FULL";

export interface QueuedRun {
  runId: string;
  blockedBy: QueueBlockName[];
}

/** The QUEUED runs of a company (or of one agent) in claim order, each with what keeps it waiting. */
export async function queuedRuns(
  ctx: RequestContext,
  { companyId, agentId, offset, limit }: { companyId: string; agentId: string | null; offset: number; limit: number },
): Promise<QueuedRun[]> {
  const viewer = requireViewer(await ctx.viewer());
  assertCanSee(viewer, companyId, "company", companyId);
  // Agents see only their own runs.
  const agent = viewer.kind === "AGENT" ? viewer.agentId : agentId;
  const which = Prisma.sql`r."companyId" = ${companyId}::uuid AND r."status" = 'QUEUED' ${agent ? Prisma.sql`AND r."agentId" = ${agent}::uuid` : Prisma.empty}`;
  const rows = await queueBlocks(ctx.pool, which, { offset, limit });
  return rows.map((row) => ({
    runId: row.id,
    blockedBy: [
      ...(row.workspaceBusy ? (["WORKSPACE_BUSY"] as const) : []),
      ...(row.agentAtCapacity ? (["AGENT_AT_CAPACITY"] as const) : []),
      ...(row.notYetDue ? (["NOT_BEFORE"] as const) : []),
      ...(row.environmentFull ? (["ENVIRONMENT_FULL"] as const) : []),
    ],
  }));
}

/** The runs `runs(…)` lists, once the caller may see the company; an agent sees only its own. */
export async function runsWhere(
  ctx: RequestContext,
  args: { companyId: { id: string }; agentId?: { id: string } | null; issueId?: { id: string } | null; status?: RunStatus | null },
) {
  const viewer = requireViewer(await ctx.viewer());
  const companyId = args.companyId.id;
  assertCanSee(viewer, companyId, "company", companyId);
  const agentId = viewer.kind === "AGENT" ? viewer.agentId : args.agentId?.id;
  return { companyId, agentId, issueId: args.issueId?.id, status: args.status ?? undefined };
}
