// Sandbox environments: a provider, a capacity of concurrent leases, and provider config.
import { z } from "zod";
import type { Environment, Lease } from "../prisma/client.js";
import { activeLeaseSlots } from "../prisma/sql/active-lease-slots.js";
import { expireOverdueLeases } from "../prisma/sql/expire-overdue-leases.js";
import { lockEnvironmentForDelete } from "../prisma/sql/lock-environment-for-delete.js";
import { lockEnvironmentSlots } from "../prisma/sql/lock-environment-slots.js";
import { softDeleteEnvironment } from "../prisma/sql/soft-delete-environment.js";
import { assertCanSee, assertCompanyOperator, requireViewer } from "./auth.js";
import { RunyardError, notFound } from "./errors.js";
import { publishDispatch } from "./events.js";
import { uuid } from "./ids.js";
import { announceEndedLeases } from "./leases.js";
import { announceTransitions, applyRunTransition, runTransitions } from "./run-transitions.js";
import type { RequestContext } from "./runtime.js";
import { boundedJson, name, parseInput } from "./validation.js";

// A lowering or a delete waits for the grants holding the slots it takes; give it time rather than fail.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;
const capacity = z.number().int().min(1, "must be at least 1").max(10_000, "must be at most 10000");

const createEnvironmentInput = z.object({
  companyId: uuid,
  name,
  providerKey: name,
  capacity,
  config: boundedJson.nullish(),
});

export async function createEnvironment(ctx: RequestContext, input: z.input<typeof createEnvironmentInput>): Promise<Environment> {
  const viewer = requireViewer(await ctx.viewer());
  const { companyId, name: envName, providerKey, capacity, config } = parseInput(createEnvironmentInput, { config: {}, ...input });
  assertCompanyOperator(viewer, companyId, "company", companyId);
  // A provider that is loaded but still registering (or failed) is accepted: that is decided when
  // a run needs its driver. A key nothing provides is a mistake now.
  if (!ctx.providers.has(providerKey)) {
    throw new RunyardError("BAD_USER_INPUT", `providerKey ${providerKey} names no loaded provider`, { field: "providerKey" });
  }
  const company = await ctx.db.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!company) throw notFound("company", companyId);
  return ctx.db.environment.create({ data: { companyId, name: envName, providerKey, capacity, config: config ?? {} } });
}

/** The environments `environments(companyId)` lists (not the deleted ones), once the caller may see the company. */
export async function environmentsWhere(ctx: RequestContext, args: { companyId: { id: string } }) {
  const companyId = args.companyId.id;
  assertCanSee(requireViewer(await ctx.viewer()), companyId, "company", companyId);
  return { companyId, deletedAt: null };
}

/** An operator's environment that is not deleted; another company's, or a deleted one, is NOT_FOUND. */
async function operatedEnvironment(ctx: RequestContext, id: string): Promise<{ companyId: string }> {
  const viewer = requireViewer(await ctx.viewer());
  const environment = await ctx.db.environment.findUnique({ where: { id, deletedAt: null }, select: { companyId: true } });
  if (!environment) throw notFound("environment", id);
  assertCompanyOperator(viewer, environment.companyId, "environment", id);
  return environment;
}

const updateEnvironmentInput = z.object({ id: uuid, name: name.nullish(), capacity: capacity.nullish(), config: boundedJson.nullish() });

/**
 * An operator changes an environment's name, capacity or config; fields left out stay (the
 * provider is fixed). A capacity is lowered only while no ACTIVE lease holds a slot it removes:
 * the removed slots are locked first (grants waiting on them finish, new ones skip them), the
 * overdue leases swept, and then, in a statement of its own that sees every grant the lock waited
 * for, any lease left on them refuses the change (BAD_USER_INPUT naming the slots). So no lease
 * ever runs on a slot at or above the capacity in force. A config change applies to the leases
 * granted from then on (each lease's driver is made from the config of its grant); nothing held
 * changes, so nothing is announced.
 */
export async function updateEnvironment(ctx: RequestContext, input: z.input<typeof updateEnvironmentInput>): Promise<Environment> {
  const { id, name: envName, capacity: newCapacity, config } = parseInput(updateEnvironmentInput, input);
  await operatedEnvironment(ctx, id);
  const { environment, expired, raised } = await ctx.db.$transaction(async (tx) => {
    let expired: Lease[] = [];
    let raised = false;
    if (newCapacity != null) {
      const removed = await lockEnvironmentSlots(tx, id, newCapacity);
      if (removed.length > 0) {
        expired = await expireOverdueLeases(tx, id);
        const held = await activeLeaseSlots(tx, id, newCapacity);
        if (held.length > 0) {
          throw new RunyardError(
            "BAD_USER_INPUT",
            `capacity cannot be lowered to ${newCapacity} while live leases hold slot${held.length > 1 ? "s" : ""} ${held.join(", ")}; it may be lowered once they are released`,
            { field: "capacity", heldSlots: held },
          );
        }
      } else raised = true;
    }
    // The capacity trigger (Environment_maintain_slots) deletes the locked slots, or adds new ones.
    const [environment] = await tx.environment.updateManyAndReturn({
      where: { id, deletedAt: null },
      data: { name: envName ?? undefined, capacity: newCapacity ?? undefined, config: config ?? undefined },
    });
    // Deleted since it was read.
    if (!environment) throw notFound("environment", id);
    return { environment, expired, raised };
  }, TRANSACTION_OPTIONS);
  await announceEndedLeases(ctx, expired);
  // More room may admit a queued run now: the waiting claimNextRun calls of its agents look at once.
  if (raised) {
    const queued = await ctx.db.run.findMany({ where: { environmentId: id, status: "QUEUED" }, distinct: ["agentId"], select: { agentId: true } });
    for (const { agentId } of queued) publishDispatch(ctx.pubsub, agentId, null);
  }
  return environment;
}

const deleteEnvironmentInput = z.object({ id: uuid });

/**
 * Soft delete: refused while a run is RUNNING in the environment or a lease of it is ACTIVE; else,
 * in one transaction, its QUEUED runs are CANCELLED ("environment deleted"), its schedules deleted,
 * the agents defaulting to it cleared, its slots deleted and deletedAt set. The row stays: its runs
 * still name it. Lock order, to wait for (never deadlock with) what is in flight: the schedules
 * (a scheduler's fire), the slots (grants, claims included), the environment row FOR UPDATE
 * (wakes: prisma/sql/wake-run.ts), the agents' rows, then the runs. Overdue leases are swept on
 * the way, so only live ones refuse it.
 */
export async function deleteEnvironment(ctx: RequestContext, input: z.input<typeof deleteEnvironmentInput>): Promise<Environment> {
  const { id } = parseInput(deleteEnvironmentInput, input);
  await operatedEnvironment(ctx, id);
  const { environment, cancelled, expired } = await ctx.db.$transaction(async (tx) => {
    await tx.schedule.deleteMany({ where: { environmentId: id } });
    await lockEnvironmentSlots(tx, id, 0);
    if (!(await lockEnvironmentForDelete(tx, id))) throw notFound("environment", id);
    // Fresh statements from here: every grant, claim and wake the locks waited for is seen.
    const expired = await expireOverdueLeases(tx, id);
    const [running, held] = await Promise.all([tx.run.count({ where: { environmentId: id, status: "RUNNING" } }), activeLeaseSlots(tx, id, 0)]);
    if (running > 0 || held.length > 0) {
      throw new RunyardError(
        "BAD_USER_INPUT",
        `environment has ${running} RUNNING run(s) and ${held.length} ACTIVE lease(s); it may be deleted once they end`,
        { field: "id", runningRuns: running, activeLeases: held.length },
      );
    }
    await tx.agent.updateMany({ where: { defaultEnvironmentId: id }, data: { defaultEnvironmentId: null } });
    const cancelled = await applyRunTransition(tx, runTransitions.deleteEnvironment(id));
    return { environment: await softDeleteEnvironment(tx, id), cancelled, expired };
  }, TRANSACTION_OPTIONS);
  announceTransitions(ctx, cancelled.transitions);
  await announceEndedLeases(ctx, [...expired, ...cancelled.endedLeases]);
  return environment;
}
