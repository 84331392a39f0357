// Environment leases. A grant happens under a Redis lock on the environment (ordering contenders
// across replicas) inside a transaction that row-locks the environment; the partial unique index
// on (environment, slot) WHERE ACTIVE is the last word, so no lock failure can double-grant.
import { z } from "zod";
import type { DbTransaction, Lease, LeaseReleaseReason, Prisma } from "../prisma/client.js";
import { LockWaitTimeout } from "../pubsub/locks.js";
import { assertCanActOnRun, requireViewer } from "./auth.js";
import { RunyardError, isUniqueViolation, notFound } from "./errors.js";
import { publishLeaseEvent } from "./events.js";
import { uuid } from "./ids.js";
import type { RequestContext, Runtime } from "./runtime.js";
import { parseInput, positiveSeconds } from "./validation.js";

const MAX_TTL_SECONDS = 24 * 3600;
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;

export interface GrantResult {
  lease: Lease | null;
  /** The run already held this lease (an idempotent retry): nothing was granted, nothing to announce. */
  reused: boolean;
  /** Leases of the environment found past their expiry and moved to EXPIRED on the way. */
  expired: Lease[];
  earliestExpiresAt: Date | null;
}

/**
 * Runs `work` holding the environment's lock. The lock only queues contenders in Redis instead of
 * on the environment's row lock; `work` takes that row lock itself and the database refuses a
 * second holder of a slot, so a lock that cannot be had in time (a long queue, or a holder that
 * died and left its key until the TTL) is not an error: the work then queues on the row lock.
 */
export async function withEnvironmentLock<T>(rt: Runtime, environmentId: string, work: () => Promise<T>): Promise<T> {
  let started = false;
  const guarded = () => {
    started = true;
    return work();
  };
  try {
    return await rt.locks.withLock(`environment:${environmentId}`, guarded, { ttlMs: 15_000, waitMs: 5_000 });
  } catch (err) {
    if (err instanceof LockWaitTimeout && !started) {
      rt.log(`environment ${environmentId}: lock not acquired within ${err.waitedMs} ms; the database alone orders this grant`);
      return work();
    }
    throw err;
  }
}

/** Grants a slot inside the caller's transaction, or reports the environment full. */
export async function grantLease(tx: DbTransaction, environmentId: string, runId: string, ttlSeconds: number): Promise<GrantResult> {
  // Row-locks the environment: grants on one environment are serialised by the database itself.
  const [environment] = await tx.$queryRaw<{ capacity: number; companyId: string }[]>`
    SELECT "capacity", "companyId" FROM "Environment" WHERE "id" = ${environmentId}::uuid FOR UPDATE`;
  if (!environment) throw notFound("environment", environmentId);
  // Times come from the database's clock, as heartbeats' and the reaper's do, so replicas' clocks
  // never disagree about expiry; clock_timestamp(), not the transaction's start, so a grant's
  // acquiredAt is later than the release that freed its slot. One statement sweeps the overdue
  // leases and reads the live ones (its snapshot still shows the swept rows ACTIVE: hence NOT IN).
  const leases = await tx.$queryRaw<(Lease & { swept: boolean })[]>`
    WITH swept AS (
      UPDATE "Lease" SET "status" = 'EXPIRED', "releaseReason" = 'EXPIRED', "releasedAt" = clock_timestamp()
      WHERE "environmentId" = ${environmentId}::uuid AND "status" = 'ACTIVE' AND "expiresAt" <= clock_timestamp()
      RETURNING *
    )
    SELECT *, TRUE AS "swept" FROM swept
    UNION ALL
    SELECT l.*, FALSE AS "swept" FROM "Lease" l
    WHERE l."environmentId" = ${environmentId}::uuid AND l."status" = 'ACTIVE' AND l."id" NOT IN (SELECT "id" FROM swept)`;
  const expired = leases.filter((l) => l.swept).map(({ swept: _, ...lease }) => lease);
  const active = leases.filter((l) => !l.swept).map(({ swept: _, ...lease }) => lease);
  // Idempotent for a retrying client: a run already holding a slot here keeps it.
  const own = active.find((lease) => lease.runId === runId);
  if (own) return { lease: own, reused: true, expired, earliestExpiresAt: null };
  const taken = new Set(active.map((lease) => lease.slot));
  let slot = 0;
  while (taken.has(slot)) slot += 1;
  if (slot >= environment.capacity) {
    const earliest = active.reduce<Date | null>((min, l) => (!min || l.expiresAt < min ? l.expiresAt : min), null);
    return { lease: null, reused: false, expired, earliestExpiresAt: earliest };
  }
  // The next fencing token and the lease, in one statement.
  const [lease] = await tx.$queryRaw<[Lease]>`
    WITH token AS (
      UPDATE "Environment" SET "fencingCounter" = "fencingCounter" + 1 WHERE "id" = ${environmentId}::uuid RETURNING "fencingCounter"
    )
    INSERT INTO "Lease" ("id", "companyId", "environmentId", "runId", "slot", "fencingToken", "status", "ttlSeconds", "acquiredAt", "expiresAt")
    SELECT gen_random_uuid(), ${environment.companyId}::uuid, ${environmentId}::uuid, ${runId}::uuid, ${slot}, token."fencingCounter",
      'ACTIVE', ${ttlSeconds}, t."now", t."now" + make_interval(secs => ${ttlSeconds})
    FROM token, (SELECT clock_timestamp() AS "now") t
    RETURNING *`;
  return { lease, reused: false, expired, earliestExpiresAt: null };
}

export function leaseUnavailable(environmentId: string, earliestExpiresAt: Date | null): RunyardError {
  return new RunyardError("LEASE_UNAVAILABLE", "environment is at capacity", {
    environmentId,
    earliestExpiresAt: earliestExpiresAt?.toISOString() ?? null,
  });
}

/** Ends the ACTIVE leases matching `where`: each row moves once, whoever calls. */
export async function endLeases(
  tx: DbTransaction,
  where: Prisma.LeaseWhereInput,
  status: "RELEASED" | "EXPIRED",
  reason: LeaseReleaseReason,
): Promise<Lease[]> {
  // The database's clock, like acquiredAt's: a slot's history orders its holders truthfully.
  const [{ now }] = await tx.$queryRaw<[{ now: Date }]>`SELECT clock_timestamp() AS "now"`;
  return tx.lease.updateManyAndReturn({
    where: { ...where, status: "ACTIVE" },
    data: { status, releaseReason: reason, releasedAt: now },
  });
}

/** After commit: tell subscribers and let each lease's driver clean up, once per lease. */
export async function announceEndedLeases(rt: Runtime, leases: Lease[]): Promise<void> {
  if (leases.length === 0) return;
  for (const lease of leases) publishLeaseEvent(rt.pubsub, lease.status === "EXPIRED" ? "EXPIRED" : "RELEASED", lease);
  const environments = await rt.db.environment.findMany({
    where: { id: { in: [...new Set(leases.map((l) => l.environmentId))] } },
    select: { id: true, providerKey: true, config: true },
  });
  const byId = new Map(environments.map((e) => [e.id, e]));
  for (const lease of leases) {
    const environment = byId.get(lease.environmentId)!;
    // Not awaited: a slow provider must not hold up the mutation or the reaper.
    void rt.providers.releaseDriver(environment.providerKey, {
      id: environment.id,
      config: environment.config,
      lease: { id: lease.id, runId: lease.runId, slot: lease.slot },
    });
  }
}

/**
 * The earliest expiry if, in one committed snapshot, every slot of the environment is held by a
 * live lease of another run: it is at capacity. Null when a grant may succeed (a free slot, an
 * expired lease to sweep, or the run's own lease to hand back), which only grantLease decides.
 */
async function visiblyFull(rt: Runtime, environmentId: string, runId: string): Promise<Date | null> {
  const [row] = await rt.db.$queryRaw<{ full: boolean; earliest: Date | null }[]>`
    SELECT count(*) FILTER (WHERE l."expiresAt" > now() AND l."runId" <> ${runId}::uuid) >= e."capacity"
             AND count(*) FILTER (WHERE l."expiresAt" <= now() OR l."runId" = ${runId}::uuid) = 0 AS "full",
           min(l."expiresAt") AS "earliest"
    FROM "Environment" e LEFT JOIN "Lease" l ON l."environmentId" = e."id" AND l."status" = 'ACTIVE'
    WHERE e."id" = ${environmentId}::uuid
    GROUP BY e."capacity"`;
  return row?.full ? row.earliest : null;
}

const acquireInput = z.object({ environmentId: uuid, runId: uuid, ttlSeconds: positiveSeconds(MAX_TTL_SECONDS) });

export async function acquireLease(ctx: RequestContext, input: z.input<typeof acquireInput>): Promise<Lease> {
  const viewer = requireViewer(await ctx.viewer());
  const { environmentId, runId, ttlSeconds } = parseInput(acquireInput, input);
  const [run, environment, fullUntil] = await Promise.all([
    ctx.db.run.findUnique({ where: { id: runId }, select: { companyId: true, agentId: true, status: true } }),
    ctx.db.environment.findUnique({ where: { id: environmentId }, select: { companyId: true } }),
    visiblyFull(ctx, environmentId, runId),
  ]);
  if (!run) throw notFound("run", runId);
  assertCanActOnRun(viewer, run);
  if (!environment || environment.companyId !== run.companyId) throw notFound("environment", environmentId);
  if (run.status !== "QUEUED" && run.status !== "RUNNING") {
    throw new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; only a queued or running run may hold a lease`, { status: run.status });
  }
  // A full environment refuses without queueing for the lock, and a contender that queued while
  // the last slot went refuses without opening a transaction. Only a caller that may get a slot
  // takes the row lock.
  if (fullUntil) throw leaseUnavailable(environmentId, fullUntil);
  const result = await withEnvironmentLock(ctx, environmentId, async (): Promise<GrantResult> => {
    const earliest = await visiblyFull(ctx, environmentId, runId);
    if (earliest) return { lease: null, reused: false, expired: [], earliestExpiresAt: earliest };
    return ctx.db.$transaction((tx) => grantLease(tx, environmentId, runId, ttlSeconds), TRANSACTION_OPTIONS);
  }).catch((err: unknown) => {
    if (isUniqueViolation(err)) throw leaseUnavailable(environmentId, null);
    throw err;
  });
  await announceEndedLeases(ctx, result.expired);
  if (!result.lease) throw leaseUnavailable(environmentId, result.earliestExpiresAt);
  if (!result.reused) publishLeaseEvent(ctx.pubsub, "GRANTED", result.lease);
  return result.lease;
}

const renewInput = z.object({ leaseId: uuid, fencingToken: z.number().int(), ttlSeconds: positiveSeconds(MAX_TTL_SECONDS) });

export async function renewLease(ctx: RequestContext, input: z.input<typeof renewInput>): Promise<Lease> {
  const viewer = requireViewer(await ctx.viewer());
  const { leaseId, fencingToken, ttlSeconds } = parseInput(renewInput, input);
  await loadLeaseForActor(ctx, viewer, leaseId);
  const [lease] = await ctx.db.$queryRaw<Lease[]>`
    UPDATE "Lease" SET "ttlSeconds" = ${ttlSeconds}, "expiresAt" = now() + make_interval(secs => ${ttlSeconds})
    WHERE "id" = ${leaseId}::uuid AND "fencingToken" = ${fencingToken} AND "status" = 'ACTIVE' AND "expiresAt" > now()
    RETURNING *`;
  if (!lease) throw await staleToken(ctx, leaseId, fencingToken);
  publishLeaseEvent(ctx.pubsub, "RENEWED", lease);
  return lease;
}

const releaseInput = z.object({ leaseId: uuid, fencingToken: z.number().int() });

export async function releaseLease(ctx: RequestContext, input: z.input<typeof releaseInput>): Promise<Lease> {
  const viewer = requireViewer(await ctx.viewer());
  const { leaseId, fencingToken } = parseInput(releaseInput, input);
  await loadLeaseForActor(ctx, viewer, leaseId);
  const [lease] = await ctx.db.$transaction((tx) => endLeases(tx, { id: leaseId, fencingToken }, "RELEASED", "MANUAL"));
  if (!lease) throw await staleToken(ctx, leaseId, fencingToken);
  await announceEndedLeases(ctx, [lease]);
  return lease;
}

async function loadLeaseForActor(ctx: RequestContext, viewer: ReturnType<typeof requireViewer>, leaseId: string): Promise<void> {
  const lease = await ctx.db.lease.findUnique({ where: { id: leaseId }, select: { run: { select: { companyId: true, agentId: true } } } });
  if (!lease) throw notFound("lease", leaseId);
  assertCanActOnRun(viewer, lease.run);
}

async function staleToken(ctx: RequestContext, leaseId: string, fencingToken: number): Promise<RunyardError> {
  const current = await ctx.db.lease.findUnique({ where: { id: leaseId }, select: { status: true, fencingToken: true, expiresAt: true } });
  return new RunyardError("STALE_FENCING_TOKEN", `fencing token ${fencingToken} is not current for lease ${leaseId}`, {
    leaseStatus: current?.status === "ACTIVE" && current.expiresAt <= new Date() ? "EXPIRED" : current?.status ?? null,
  });
}
