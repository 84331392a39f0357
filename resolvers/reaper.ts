// The orphan reaper, run by every replica (one pass at a time across them, under a lock). Its run
// transitions are run-transitions.ts's lose/timeOut, which pick rows with FOR UPDATE SKIP LOCKED,
// so passes that overlap anyway (no Redis) take different rows: every run is marked once, every
// lease ended once, every event published once.
import { expireOverdueLeases } from "../prisma/sql/expire-overdue-leases.js";
import { pruneHeartbeatHistory as pruneHeartbeatHistorySql } from "../prisma/sql/prune-heartbeat-history.js";
import { publishWorkspaceChanged } from "./events.js";
import { announceEndedLeases, startLeaseCleanups } from "./leases.js";
import { pruneRunLogs } from "./run-logs.js";
import { announceTransitions, applyRunTransition, runTransitions } from "./run-transitions.js";
import type { Runtime } from "./runtime.js";
import { repeatEvery } from "./ticker.js";
import { archiveIdleWorkspaces } from "./workspaces.js";

export interface ReapResult {
  lost: number;
  timedOut: number;
  releasedLeases: number;
  expiredLeases: number;
  /** Cleanups due again (a failed or timed-out attempt, or a replica that died before its first) taken on. */
  retriedCleanups: number;
}

/**
 * RUNNING runs without a heartbeat within their agent's timeout become LOST (their leases
 * RELEASED/ORPHANED); RUNNING runs past their own timeoutSeconds become TIMED_OUT (either retried
 * per its agent's retry policy, in the same transaction); ACTIVE leases
 * past expiresAt become EXPIRED. A replica that died is caught by the same rule: its runs stop
 * heartbeating. Then the due lease cleanups (resolvers/leases.ts startLeaseCleanups) are retried.
 */
export async function reapOrphanedRuns(rt: Runtime): Promise<ReapResult> {
  const result = await rt.db.$transaction(async (tx) => {
    const lost = await applyRunTransition(tx, runTransitions.lose());
    const timedOut = await applyRunTransition(tx, runTransitions.timeOut());
    const expired = await expireOverdueLeases(tx);
    const archived = await archiveIdleWorkspaces(tx);
    return {
      // The ended runs, then the next attempts they queued (published after them).
      transitions: [...lost.transitions, ...timedOut.transitions, ...lost.retries, ...timedOut.retries],
      ended: [...lost.endedLeases, ...timedOut.endedLeases, ...expired],
      archived,
      lost: lost.transitions.length,
      timedOut: timedOut.transitions.length,
      expired: expired.length,
    };
  });
  announceTransitions(rt, result.transitions);
  for (const workspace of result.archived) publishWorkspaceChanged(rt.pubsub, workspace);
  await announceEndedLeases(rt, result.ended);
  // After the leases just ended had their first attempts claimed: what is due now is a retry.
  const retriedCleanups = await startLeaseCleanups(rt, null);
  return {
    lost: result.lost,
    timedOut: result.timedOut,
    releasedLeases: result.ended.length - result.expired,
    expiredLeases: result.expired,
    retriedCleanups,
  };
}

const HISTORY_DELETE_BATCH = 5_000;

/** Deletes one batch of HEARTBEAT history older than the retention (see prune-heartbeat-history.ts). */
export function pruneHeartbeatHistory(rt: Runtime, retentionHours: number): Promise<number> {
  return pruneHeartbeatHistorySql(rt.db, retentionHours, HISTORY_DELETE_BATCH);
}

export interface ReaperOptions {
  intervalMs: number;
  /** 0 keeps heartbeat history for good. */
  heartbeatRetentionHours: number;
  /** 0 keeps log chunks for good. */
  logRetentionHours: number;
}

/**
 * Reaps at once (a replica restarting after a crash must not wait an interval), then every
 * interval. Ticks start `intervalMs` apart (a slow pass shortens the pause after it, passes never
 * overlap), so an orphan waits at most one interval past its timeout, however long a pass takes.
 */
export function startReaper(rt: Runtime, { intervalMs, heartbeatRetentionHours, logRetentionHours }: ReaperOptions): { stop(): Promise<void> } {
  // One replica's pass at a time: the others' would find the same rows locked and skip them.
  // A TTL of one interval: a replica that dies holding it delays the next pass by one interval at most.
  return repeatEvery(intervalMs, "reaper", rt.log, () =>
    rt.locks.runExclusive("reaper", async () => {
      const r = await reapOrphanedRuns(rt);
      const actions = {
        lost: r.lost,
        timed_out: r.timedOut,
        leases_released: r.releasedLeases,
        leases_expired: r.expiredLeases,
        cleanups_retried: r.retriedCleanups,
      };
      for (const [action, n] of Object.entries(actions)) if (n) rt.metrics.reaperActions.inc({ action }, n);
      if (r.lost || r.timedOut || r.releasedLeases || r.expiredLeases || r.retriedCleanups) {
        rt.log.info(
          `reaper: ${r.lost} lost, ${r.timedOut} timed out, ${r.releasedLeases} leases released, ${r.expiredLeases} expired, ${r.retriedCleanups} cleanups retried`,
        );
      }
      if (heartbeatRetentionHours > 0) await pruneHeartbeatHistory(rt, heartbeatRetentionHours);
      if (logRetentionHours > 0) await pruneRunLogs(rt, logRetentionHours);
    }, { ttlMs: intervalMs }),
  );
}
