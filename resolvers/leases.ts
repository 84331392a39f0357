// Environment leases. A grant is one statement (prisma/sql/grant-lease.ts): it claims a free
// slot with FOR UPDATE SKIP LOCKED, and the partial unique index on (environment, slot) WHERE
// ACTIVE is the last word, so no race can double-grant.
import { z } from "zod";
import type { Lease } from "../prisma/client.js";
import type { SqlClient } from "../prisma/sql/db.js";
import { claimLeaseCleanups, type ClaimedCleanup } from "../prisma/sql/claim-lease-cleanups.js";
import { grantLease as grantLeaseSql, type GrantLeaseParams } from "../prisma/sql/grant-lease.js";
import { releaseLeases } from "../prisma/sql/release-leases.js";
import { recordLeaseCleanup } from "../prisma/sql/record-lease-cleanup.js";
import { renewLease as renewLeaseSql } from "../prisma/sql/renew-lease.js";
import { restartLeaseCleanup } from "../prisma/sql/restart-lease-cleanup.js";
import { assertCanActOnRun, assertCanSee, assertCompanyOperator, canActOnRun, requireViewer, runAccessSql, type Viewer } from "./auth.js";
import { RunyardError, globalId, isUniqueViolation, notFound } from "./errors.js";
import { publishLeaseEvent } from "./events.js";
import { uuid } from "./ids.js";
import type { RequestContext, Runtime } from "./runtime.js";
import { parseInput, positiveSeconds } from "./validation.js";

const MAX_TTL_SECONDS = 24 * 3600;
/** A grant that lost its slot to one committed after its snapshot sees that lease on the next try. */
const GRANT_ATTEMPTS = 5;

export interface GrantResult {
  lease: Lease | null;
  /** The run already held this lease (an idempotent retry): nothing was granted, nothing to announce. */
  reused: boolean;
  /** Leases of the environment found past their expiry and moved to EXPIRED on the way. */
  expired: Lease[];
  earliestExpiresAt: Date | null;
  /** False when the caller's checks (see grant-lease.ts) refused it: nothing was granted. */
  allowed: boolean;
}

/** Grants a slot (inside the caller's transaction, if any), or reports the environment full. */
export async function grantLease(db: SqlClient, params: GrantLeaseParams): Promise<GrantResult> {
  const rows = await grantLeaseSql(db, params);
  const leases = rows.flatMap(({ outcome, earliestExpiresAt: _, allowed: __, ...lease }) => (outcome ? [{ outcome, lease: lease as Lease }] : []));
  const expired = leases.filter((l) => l.outcome === "SWEPT").map((l) => l.lease);
  const held = leases.find((l) => l.outcome !== "SWEPT");
  const allowed = rows[0]?.allowed ?? false;
  const earliestExpiresAt = held ? null : rows[0]?.earliestExpiresAt ?? null;
  // Refused with no live lease in sight: every free slot was being taken by a grant this
  // statement's snapshot cannot see yet (SKIP LOCKED skipped them). Looked at again once they
  // commit, the refusal can say when the earliest of them expires.
  if (allowed && !held && earliestExpiresAt === null) throw new SlotsBeingGranted();
  return { lease: held?.lease ?? null, reused: held?.outcome === "HELD", expired, earliestExpiresAt, allowed };
}

class SlotsBeingGranted extends Error {}

/**
 * Runs `attempt` (a grant, or a transaction ending in one) again when it raced grants it could not
 * see: it lost its slot to one committed after its snapshot (the unique index refused it), or
 * every free slot was being taken. A short jittered pause lets those commit; still racing after
 * GRANT_ATTEMPTS, it fails with `exhausted()` (LEASE_UNAVAILABLE for a plain grant).
 */
export async function retryLostSlot<T>(attempt: () => Promise<T>, exhausted: () => Error): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isUniqueViolation(err) && !(err instanceof SlotsBeingGranted)) throw err;
      if (n >= GRANT_ATTEMPTS) throw exhausted();
      await new Promise((resolve) => setTimeout(resolve, n * (2 + Math.random() * 8)));
    }
  }
}

export function leaseUnavailable(environmentId: string, earliestExpiresAt: Date | null): RunyardError {
  return new RunyardError("LEASE_UNAVAILABLE", "environment is at capacity", {
    environmentId: globalId("Environment", environmentId),
    earliestExpiresAt: earliestExpiresAt?.toISOString() ?? null,
  });
}

/**
 * After commit: tell subscribers, and make the first attempt at each lease's cleanup (its
 * PENDING status was written with the release, so a crash before or during this attempt leaves
 * the cleanup to the reaper).
 */
export async function announceEndedLeases(rt: Runtime, leases: Lease[]): Promise<void> {
  if (leases.length === 0) return;
  for (const lease of leases) publishLeaseEvent(rt.pubsub, lease.status === "EXPIRED" ? "EXPIRED" : "RELEASED", lease);
  // Not awaited beyond the claim: a slow provider must not hold up the mutation or the reaper.
  await startLeaseCleanups(rt, leases.map((l) => l.id)).catch((err: unknown) =>
    rt.log.warn(`cleanup of ${leases.length} ended lease(s) could not start: ${(err as Error).message}; the reaper retries it`),
  );
}

/** How many due cleanups one reaper pass takes on. */
const CLEANUPS_PER_PASS = 100;

/**
 * Claims the due cleanups (of `leaseIds`, or the oldest due anywhere: the reaper) and starts an
 * attempt at each, not awaited: resolves with how many were claimed. Each attempt records its
 * outcome (prisma/sql/record-lease-cleanup.ts) and announces it as a CLEANUP_CHANGED lease event.
 */
export async function startLeaseCleanups(rt: Runtime, leaseIds: string[] | null): Promise<number> {
  const { releaseTimeoutMs } = rt.providers.policy;
  const claimed = await claimLeaseCleanups(rt.pool, {
    leaseIds,
    limit: leaseIds?.length ?? CLEANUPS_PER_PASS,
    // Twice the timeout: the attempt's own timer records its outcome well before anyone else may try.
    windowMs: 2 * releaseTimeoutMs,
  });
  for (const cleanup of claimed) {
    void attemptCleanup(rt, cleanup).catch((err: unknown) =>
      rt.log.warn(`cleanup of lease ${cleanup.id}: its outcome could not be recorded (${(err as Error).message}); retried once its window ends`),
    );
  }
  return claimed.length;
}

async function attemptCleanup(rt: Runtime, cleanup: ClaimedCleanup): Promise<void> {
  let error: string | null = null;
  try {
    await rt.providers.releaseDriver(cleanup.providerKey, {
      id: cleanup.environmentId,
      config: cleanup.environmentConfig,
      lease: { id: cleanup.id, runId: cleanup.runId, slot: cleanup.slot },
    });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const { cleanupMaxAttempts, cleanupBackoffMs, cleanupBackoffMaxMs } = rt.providers.policy;
  const [lease] = await recordLeaseCleanup(rt.pool, {
    leaseId: cleanup.id,
    attempt: cleanup.cleanupAttempts,
    error,
    maxAttempts: cleanupMaxAttempts,
    backoffMs: cleanupBackoffMs,
    backoffMaxMs: cleanupBackoffMaxMs,
  });
  // Restarted by retryLeaseCleanup meanwhile: this attempt's outcome is no longer the lease's.
  if (!lease) return;
  // DONE; PENDING: it failed and is retried; FAILED: it failed its last attempt.
  rt.metrics.leaseCleanupAttempts.inc({ outcome: lease.cleanupStatus === "PENDING" ? "retrying" : lease.cleanupStatus === "FAILED" ? "failed" : "done" });
  if (error) {
    rt.log.warn(`release of lease ${cleanup.id} on provider ${cleanup.providerKey} failed (attempt ${cleanup.cleanupAttempts}): ${error}; cleanup ${lease.cleanupStatus}`);
  }
  publishLeaseEvent(rt.pubsub, "CLEANUP_CHANGED", lease);
}

const retryCleanupInput = z.object({ leaseId: uuid });

/** An operator starts an ended lease's cleanup over: PENDING, no attempts made, due now. */
export async function retryLeaseCleanup(ctx: RequestContext, input: z.input<typeof retryCleanupInput>): Promise<Lease> {
  const viewer = requireViewer(await ctx.viewer());
  const { leaseId } = parseInput(retryCleanupInput, input);
  const lease = await ctx.db.lease.findUnique({ where: { id: leaseId }, select: { companyId: true } });
  if (!lease) throw notFound("lease", leaseId);
  assertCompanyOperator(viewer, lease.companyId, "lease", leaseId);
  const [restarted] = await restartLeaseCleanup(ctx.pool, leaseId);
  if (!restarted) throw new RunyardError("BAD_USER_INPUT", "the lease is ACTIVE: its cleanup is owed once it ends", { field: "leaseId" });
  publishLeaseEvent(ctx.pubsub, "CLEANUP_CHANGED", restarted);
  await startLeaseCleanups(ctx, [leaseId]);
  return restarted;
}

const acquireInput = z.object({ environmentId: uuid, runId: uuid, ttlSeconds: positiveSeconds(MAX_TTL_SECONDS) });

export async function acquireLease(ctx: RequestContext, input: z.input<typeof acquireInput>): Promise<Lease> {
  const viewer = requireViewer(await ctx.viewer());
  const { environmentId, runId, ttlSeconds } = parseInput(acquireInput, input);
  const timer = ctx.metrics.leaseAcquire.startTimer();
  try {
    const result = await retryLostSlot(
      () => grantLease(ctx.pool, { environmentId, runId, ttlSeconds, runAccess: runAccessSql(viewer, "r") }),
      () => leaseUnavailable(environmentId, null),
    );
    if (!result.allowed) throw await refusedGrant(ctx, viewer, environmentId, runId);
    await announceEndedLeases(ctx, result.expired);
    if (!result.lease) throw leaseUnavailable(environmentId, result.earliestExpiresAt);
    if (!result.reused) announceGrant(ctx, result.lease);
    timer({ outcome: "granted" });
    return result.lease;
  } catch (err) {
    timer({ outcome: err instanceof RunyardError && err.code === "LEASE_UNAVAILABLE" ? "unavailable" : "error" });
    throw err;
  }
}

/** A lease granted and committed: counted, and announced to its environment's subscribers. */
export function announceGrant(rt: Runtime, lease: Lease): void {
  rt.metrics.leaseGrants.inc();
  publishLeaseEvent(rt.pubsub, "GRANTED", lease);
}

/** Why the grant statement found the caller's checks failing (they are re-read: the run may have moved since). */
async function refusedGrant(ctx: RequestContext, viewer: Viewer, environmentId: string, runId: string): Promise<RunyardError> {
  const [run, environment] = await Promise.all([
    ctx.db.run.findUnique({ where: { id: runId }, select: { id: true, companyId: true, agentId: true, status: true } }),
    ctx.db.environment.findUnique({ where: { id: environmentId, deletedAt: null }, select: { companyId: true } }),
  ]);
  if (!run) return notFound("run", runId);
  assertCanActOnRun(viewer, run);
  if (!environment || environment.companyId !== run.companyId) return notFound("environment", environmentId);
  return new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; only a queued or running run may hold a lease`, { status: run.status });
}

const renewInput = z.object({ leaseId: uuid, fencingToken: z.number().int(), ttlSeconds: positiveSeconds(MAX_TTL_SECONDS) });

export async function renewLease(ctx: RequestContext, input: z.input<typeof renewInput>): Promise<Lease> {
  const viewer = requireViewer(await ctx.viewer());
  const { leaseId, fencingToken, ttlSeconds } = parseInput(renewInput, input);
  const lease = await renewLeaseSql(ctx.pool, { leaseId, fencingToken, ttlSeconds, runAccess: runAccessSql(viewer, "r") });
  if (!lease) throw await refusedLeaseCall(ctx, viewer, leaseId, fencingToken);
  publishLeaseEvent(ctx.pubsub, "RENEWED", lease);
  return lease;
}

const releaseInput = z.object({ leaseId: uuid, fencingToken: z.number().int() });

export async function releaseLease(ctx: RequestContext, input: z.input<typeof releaseInput>): Promise<Lease> {
  const viewer = requireViewer(await ctx.viewer());
  const { leaseId, fencingToken } = parseInput(releaseInput, input);
  const [lease] = await releaseLeases(ctx.pool, { leaseId, fencingToken, runAccess: runAccessSql(viewer, "r") }, "MANUAL");
  if (!lease) throw await refusedLeaseCall(ctx, viewer, leaseId, fencingToken);
  await announceEndedLeases(ctx, [lease]);
  return lease;
}

/** Why a renew or release matched nothing: no such lease, not the caller's, or a stale token. */
async function refusedLeaseCall(ctx: RequestContext, viewer: Viewer, leaseId: string, fencingToken: number): Promise<RunyardError> {
  const lease = await ctx.db.lease.findUnique({
    where: { id: leaseId },
    select: { companyId: true, status: true, expiresAt: true, run: { select: { companyId: true, agentId: true } } },
  });
  if (!lease) return notFound("lease", leaseId);
  // Leases are visible company-wide (as Lease reads are); acting on one takes the run's reach.
  assertCanSee(viewer, lease.companyId, "lease", leaseId);
  if (!canActOnRun(viewer, lease.run)) return new RunyardError("FORBIDDEN", "this token may not act on that lease's run");
  return new RunyardError("STALE_FENCING_TOKEN", `fencing token ${fencingToken} is not current for lease ${leaseId}`, {
    leaseStatus: lease.status === "ACTIVE" && lease.expiresAt <= new Date() ? "EXPIRED" : lease.status,
  });
}
