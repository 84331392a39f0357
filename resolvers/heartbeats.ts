// The hot path: heartbeats are written in batches, one SQL statement per batch (run touch, usage
// merged with the agent's month cost and budget decided, runtime-state upserts, lease renewal and
// a history row each), spoken to pg directly to skip the ORM's per-query cost; runtime state is
// only ever written by upsert, so concurrent writers to one (run, key) all succeed and `version`
// counts them.
import { z } from "zod";
import type { CancelReason, Pool, Run, RuntimeState } from "../prisma/client.js";
import { upsertRuntimeState } from "../prisma/sql/upsert-runtime-state.js";
import { writeHeartbeats, type HeartbeatItem, type HeartbeatRow } from "../prisma/sql/write-heartbeats.js";
import { assertCanActOnRun, requireViewer, runReach, type Viewer } from "./auth.js";
import { RunyardError, notFound } from "./errors.js";
import { publishRuntimeStateChange, type HeartbeatWritten } from "./events.js";
import { uuid } from "./ids.js";
import { runTransitions } from "./run-transitions.js";
import { finishTransition } from "./runs.js";
import type { RequestContext } from "./runtime.js";
import { usageTotals } from "./usage.js";
import { boundedJson, parseInput, stateKey } from "./validation.js";
import type { Histogram } from "prom-client";

const stateEntry = z.object({ key: stateKey, value: boundedJson });

const heartbeatInput = z.object({
  runId: uuid,
  pid: z.number().int().min(1, "must be a process id"),
  state: z
    .array(stateEntry)
    .max(100, "must have at most 100 entries")
    .nullish()
    .superRefine((entries, ctx) => {
      const keys = new Set<string>();
      for (const [i, { key }] of (entries ?? []).entries()) {
        if (keys.has(key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: `repeats key ${key}` });
        keys.add(key);
      }
    }),
  usage: usageTotals.nullish(),
});

export interface HeartbeatAck {
  run: Run;
  cancelRequested: boolean;
  /** Why, when cancelRequested. */
  cancelReason: CancelReason | null;
  workspaceConfigVersion: number;
  leaseExpiresAt: Date | null;
}

export async function heartbeat(
  ctx: RequestContext,
  input: { runId: string; pid: number; state?: Array<{ key: string; value?: unknown }> | null; usage?: unknown },
): Promise<HeartbeatAck> {
  const viewer = requireViewer(await ctx.viewer());
  const { runId, pid, state, usage } = parseInput(heartbeatInput, input);
  const row = await ctx.heartbeats.write({
    runId,
    pid,
    state: state ?? [],
    usage: usage ?? null,
    // The caller's reach, checked in the same statement: an agent only its runs, an operator its company's.
    ...runReach(viewer),
  });
  if (!row) return refusedHeartbeat(ctx, viewer, runId);
  // Its events went out with its batch's, once the batch committed (HeartbeatWriter).
  const { workspaceConfigVersion, leaseExpiresAt, eventId: _eventId, eventAt: _eventAt, stateVersions: _states, renewedLeases: _leases, overBudget, ...run } = row;
  ctx.metrics.heartbeats.inc();
  if (overBudget) {
    // Decided by the heartbeat's own statement; the run is moved at once (its slot freed), not
    // left to a runner that may be slow to stop. Had it moved on meanwhile, say what it is now.
    const moved = await finishTransition(ctx, runTransitions.exceedBudget(runId));
    if (!moved) return refusedHeartbeat(ctx, viewer, runId);
    return { run: moved.run, cancelRequested: true, cancelReason: "BUDGET_EXCEEDED", workspaceConfigVersion, leaseExpiresAt: null };
  }
  return { run, cancelRequested: false, cancelReason: null, workspaceConfigVersion, leaseExpiresAt };
}

interface Pending {
  item: HeartbeatItem;
  resolve(row: HeartbeatRow | null): void;
  reject(err: unknown): void;
}

const MAX_BATCH = 200;
const DEADLOCK = "40P01";

/**
 * A failure of the database itself, not of one batch's data: no SQLSTATE (the connection broke),
 * or a connection, resource, shutdown or system error class. Splitting the batch would only repeat it.
 */
function isDatabaseFailure(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return ["08", "53", "57", "58", "XX"].includes(code.slice(0, 2));
}

/**
 * Group commit for heartbeats: while one batch is being written, the heartbeats that arrive wait
 * and go together in the next. An idle replica writes a lone heartbeat at once; a busy one pays
 * one round trip and one commit per batch instead of per heartbeat. A run appears at most once
 * per batch (one statement cannot upsert the same row twice); a second beat of it waits a batch.
 * A batch the database refuses (it wrote nothing: one statement) is split and its halves written
 * again, down to the one heartbeat refused, so one caller's input never fails another's write.
 */
export class HeartbeatWriter {
  private queue: Pending[] = [];
  private writing = false;

  constructor(
    private readonly pool: Pool,
    private readonly writeSeconds: Histogram,
    /** A heartbeat this long after its run's previous one is kept in history. */
    private readonly historyGapSeconds: number,
    /** Where a committed batch's events go (resolvers/events.ts publishHeartbeats), before its callers hear back. */
    private readonly publish: (written: HeartbeatWritten[]) => void,
  ) {}

  write(item: HeartbeatItem): Promise<HeartbeatRow | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    // Let the heartbeats of this tick join.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch: Pending[] = [];
      const later: Pending[] = [];
      const runs = new Set<string>();
      for (const pending of this.queue) {
        if (batch.length < MAX_BATCH && !runs.has(pending.item.runId)) {
          runs.add(pending.item.runId);
          batch.push(pending);
        } else later.push(pending);
      }
      this.queue = later;
      await this.writeBatch(batch);
    }
    this.writing = false;
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let rows: HeartbeatRow[];
    try {
      const timer = this.writeSeconds.startTimer();
      rows = await this.writeRetryingDeadlocks(batch.map((p) => p.item));
      timer();
    } catch (err) {
      if (batch.length === 1 || isDatabaseFailure(err)) {
        for (const pending of batch) pending.reject(err);
        return;
      }
      // The halves hold different runs, so they lock different rows and may go at once.
      const half = Math.ceil(batch.length / 2);
      await Promise.all([this.writeBatch(batch.slice(0, half)), this.writeBatch(batch.slice(half))]);
      return;
    }
    const byRun = new Map(rows.map((row) => [row.id, row]));
    this.publish(batch.flatMap(({ item }) => {
      const row = byRun.get(item.runId);
      return row ? [writtenBy(item, row)] : [];
    }));
    for (const pending of batch) pending.resolve(byRun.get(pending.item.runId) ?? null);
  }

  private async writeRetryingDeadlocks(items: HeartbeatItem[]): Promise<HeartbeatRow[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await writeHeartbeats(this.pool, items, this.historyGapSeconds);
      } catch (err) {
        // Two replicas' batches may lock shared runs in opposite orders; PostgreSQL aborts one.
        if ((err as { code?: string }).code === DEADLOCK && attempt < 3) continue;
        throw err;
      }
    }
  }
}

/** What one heartbeat of a committed batch wrote, for its events. */
function writtenBy(item: HeartbeatItem, row: HeartbeatRow): HeartbeatWritten {
  const runId = row.id;
  return {
    event: { id: BigInt(row.eventId), runId, kind: "HEARTBEAT", status: "RUNNING", fromStatus: null, pid: item.pid, reason: null, at: row.eventAt },
    run: row,
    // The entries' updatedAt is the statement's now(), as eventAt (both stored to the millisecond).
    states: item.state.map(({ key, value }) => ({ runId, key, value: value as RuntimeState["value"], version: row.stateVersions![key]!, updatedAt: row.eventAt })),
    renewed: (row.renewedLeases ?? []).map((lease) => ({ ...lease, runId, releaseReason: null, expiresAt: new Date(lease.expiresAt) })),
  };
}

/**
 * The heartbeat touched nothing: say why. A run cancelled through the API or for its agent's
 * budget is answered (not refused) with `cancelRequested` and its reason, so its runner stops the
 * child; any other finished or LOST run is INVALID_RUN_TRANSITION, and the runner must stop.
 */
async function refusedHeartbeat(ctx: RequestContext, viewer: Viewer, runId: string): Promise<HeartbeatAck> {
  const run = await ctx.db.run.findUnique({ where: { id: runId }, include: { workspace: { select: { configVersion: true } } } });
  if (!run) throw notFound("run", runId);
  assertCanActOnRun(viewer, run);
  const { workspace, ...plain } = run;
  if (run.status === "CANCELLED" && run.cancelRequestedAt) {
    return {
      run: plain,
      cancelRequested: true,
      cancelReason: run.cancelReason ?? "REQUESTED",
      workspaceConfigVersion: workspace.configVersion,
      leaseExpiresAt: null,
    };
  }
  throw new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; heartbeats are accepted only while RUNNING`, { status: run.status });
}

const setStateInput = z.object({ runId: uuid, key: stateKey, value: boundedJson });

export async function setRuntimeState(ctx: RequestContext, input: { runId: string; key: string; value?: unknown }): Promise<RuntimeState> {
  const viewer = requireViewer(await ctx.viewer());
  const { runId, key, value } = parseInput(setStateInput, input);
  const row = await upsertRuntimeState(ctx.pool, { runId, key, value, reach: runReach(viewer) });
  if (row) {
    const { agentId, companyId, ...state } = row;
    publishRuntimeStateChange(ctx.pubsub, state, { agentId, companyId });
    return state;
  }
  const run = await ctx.db.run.findUnique({ where: { id: runId }, select: { id: true, status: true, companyId: true, agentId: true } });
  if (!run) throw notFound("run", runId);
  assertCanActOnRun(viewer, run);
  throw new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; runtime state is written only while QUEUED or RUNNING`, { status: run.status });
}
