// Schedules: an agent woken on an issue every intervalSeconds, or at each time of a cron
// expression (5 fields, UTC). Every replica ticks; each due tick fires once in all
// (prisma/sql/claim-due-schedule.ts), through the wake path, so schedule wakes coalesce like any.
import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import type { Schedule } from "../prisma/client.js";
import { claimDueSchedule, type DueSchedule } from "../prisma/sql/claim-due-schedule.js";
import { databaseNow } from "../prisma/sql/database-now.js";
import { assertCompanyOperator, requireViewer } from "./auth.js";
import { notFound } from "./errors.js";
import { uuid } from "./ids.js";
import { announceWake, queueWake, resolveWakeTarget, type WakeResult } from "./runs.js";
import type { RequestContext, Runtime } from "./runtime.js";
import { repeatEvery } from "./ticker.js";
import { parseInput, positiveSeconds, text } from "./validation.js";

/** The wake reason of a schedule's wakes (in the run's wakeReasons and its events). */
export const SCHEDULE_WAKE_REASON = "schedule";
const MAX_INTERVAL_SECONDS = 366 * 24 * 3600;
// A tick's fires are each a short transaction; more than this waits for the next tick.
const MAX_FIRES_PER_TICK = 100;
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

/** The first time of a cron expression after `after`; it throws what is wrong with the expression. */
function nextCronTime(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: "UTC" }).next().toDate();
}

/**
 * The wake after `now`: an interval keeps its cadence from nextWakeAt (a late tick does not shift
 * the ones after it) but skips every time already past, so ticks missed while no replica ran become
 * the one wake being fired now, not a burst; a cron's next time after now likewise.
 */
export function nextWakeAfter(schedule: Pick<Schedule, "intervalSeconds" | "cron" | "nextWakeAt">, now: Date): Date {
  if (schedule.cron !== null) return nextCronTime(schedule.cron, now);
  const intervalMs = schedule.intervalSeconds! * 1000;
  const missed = Math.floor((now.getTime() - schedule.nextWakeAt.getTime()) / intervalMs);
  return new Date(schedule.nextWakeAt.getTime() + (Math.max(missed, 0) + 1) * intervalMs);
}

const cron = text(200)
  .transform((s) => s.trim())
  .superRefine((expression, ctx) => {
    // cron-parser also takes a seconds field and @aliases: the contract's expressions are 5 fields.
    if (expression.split(/\s+/).length !== 5) {
      ctx.addIssue({ code: "custom", message: "must have 5 fields (minute hour day-of-month month day-of-week), in UTC" });
      return;
    }
    try {
      nextCronTime(expression, new Date());
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `is not a valid cron expression: ${(err as Error).message}` });
    }
  });

const createScheduleInput = z
  .object({
    agentId: uuid,
    issueId: uuid,
    environmentId: uuid.nullish(),
    intervalSeconds: positiveSeconds(MAX_INTERVAL_SECONDS).nullish(),
    cron: cron.nullish(),
  })
  .superRefine((input, ctx) => {
    if ((input.intervalSeconds == null) === (input.cron == null)) {
      ctx.addIssue({ code: "custom", path: ["intervalSeconds"], message: "or cron: give exactly one of the two" });
    }
  });

/**
 * An operator schedules wakes of an agent on an issue of its company, in an environment of it
 * (default: the agent's defaultEnvironmentId). The first wake is one interval from now, or the
 * cron's next time, on the database's clock.
 */
export async function createSchedule(ctx: RequestContext, input: z.input<typeof createScheduleInput>): Promise<Schedule> {
  const viewer = requireViewer(await ctx.viewer());
  const { agentId, issueId, environmentId, intervalSeconds, cron: expression } = parseInput(createScheduleInput, input);
  const { companyId, environmentId: targetEnvironmentId } = await resolveWakeTarget(ctx, { agentId, issueId, environmentId }, (agent) =>
    assertCompanyOperator(viewer, agent.companyId, "agent", agent.id),
  );
  const now = await databaseNow(ctx.db);
  const nextWakeAt = expression ? nextCronTime(expression, now) : new Date(now.getTime() + intervalSeconds! * 1000);
  return ctx.db.schedule.create({
    data: {
      companyId,
      agentId,
      issueId,
      environmentId: targetEnvironmentId,
      intervalSeconds: intervalSeconds ?? null,
      cron: expression ?? null,
      nextWakeAt,
    },
  });
}

const deleteScheduleInput = z.object({ id: uuid });

/** An operator deletes a schedule; the run it queued, if any, stays. Answers the deleted schedule. */
export async function deleteSchedule(ctx: RequestContext, input: z.input<typeof deleteScheduleInput>): Promise<Schedule> {
  const viewer = requireViewer(await ctx.viewer());
  const { id } = parseInput(deleteScheduleInput, input);
  const schedule = await ctx.db.schedule.findUnique({ where: { id } });
  if (!schedule) throw notFound("schedule", id);
  assertCompanyOperator(viewer, schedule.companyId, "schedule", id);
  // deleteMany: of two deletes racing, the second is NOT_FOUND, not an internal error.
  const { count } = await ctx.db.schedule.deleteMany({ where: { id } });
  if (count === 0) throw notFound("schedule", id);
  return schedule;
}

/**
 * Fires the schedules that are due, each in its own transaction: taken (skipping those another
 * replica holds), advanced past now, and woken with reason "schedule" — all or nothing, so a tick
 * fires once whichever replica takes it. A closed issue's schedule is advanced without a wake.
 * A schedule whose fire fails is logged and left due; the others still fire. Answers the wakes,
 * announced after their commits.
 */
export async function fireDueSchedules(rt: Runtime): Promise<WakeResult[]> {
  const fired: WakeResult[] = [];
  const failed: string[] = [];
  for (let i = 0; i < MAX_FIRES_PER_TICK; i++) {
    const taken: { id: string | null } = { id: null };
    try {
      const outcome = await rt.db.$transaction(async (tx) => {
        const due: DueSchedule | null = await claimDueSchedule(tx, failed);
        if (!due) return null;
        taken.id = due.id;
        const open = due.issueStatus !== "DONE" && due.issueStatus !== "CANCELLED";
        const woken = open
          ? await queueWake(tx, {
              companyId: due.companyId,
              agentId: due.agentId,
              issueId: due.issueId,
              environmentId: due.environmentId,
              reason: SCHEDULE_WAKE_REASON,
              priority: 0,
              timeoutSeconds: null,
            })
          : null;
        // Its agent or environment was deleted (the wake statement says so, race-free): the
        // schedule goes with it, as deleteAgent and deleteEnvironment delete the ones they see.
        if (open && !woken) {
          await tx.schedule.delete({ where: { id: due.id } });
          return { woken };
        }
        // lastWakeAt is the wake's event time: the run's history and the schedule agree.
        await tx.schedule.update({
          where: { id: due.id },
          data: { nextWakeAt: nextWakeAfter(due, due.databaseNow), ...(woken ? { lastWakeAt: woken.eventAt } : {}) },
        });
        return { woken };
      }, TRANSACTION_OPTIONS);
      if (!outcome) break;
      if (outcome.woken) fired.push(announceWake(rt, outcome.woken, SCHEDULE_WAKE_REASON));
    } catch (err) {
      // Not taking the schedule at all is the database failing: the next tick tries again.
      if (!taken.id) throw err;
      // Rolled back, so still due: the next tick retries it; the schedules due after it fire now.
      failed.push(taken.id);
      // One line: a driver's message spans several.
      rt.log.warn(`scheduler: schedule ${taken.id}: ${(err as Error).message.replace(/\s+/g, " ").trim()}`);
    }
  }
  return fired;
}

/**
 * Ticks every `intervalMs` on every replica (no lock: claim-due-schedule.ts makes each fire
 * once). Ticks start `intervalMs` apart and never overlap; a failed tick is logged, and what it
 * did not fire is still due on the next.
 */
export function startScheduler(rt: Runtime, { intervalMs }: { intervalMs: number }): { stop(): Promise<void> } {
  return repeatEvery(intervalMs, "scheduler", rt.log, () => fireDueSchedules(rt));
}
