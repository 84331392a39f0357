// The run state machine: every status change there is (from → to, what it sets, which leases it
// ends), applied through one statement (prisma/sql/transition-runs.ts) and published after commit.
// A run that ends unsuccessfully is retried (or says why not) in the same transaction.
import { Prisma, type Lease, type LeaseReleaseReason, type Run, type RunEvent, type RunStatus } from "../prisma/client.js";
import { admittedOfAgentSql, admittedSql, claimableSql, claimOrderSql } from "../prisma/sql/admission.js";
import { copyCheckpoints } from "../prisma/sql/copy-checkpoints.js";
import type { SqlClient } from "../prisma/sql/db.js";
import { lockIssuesOfRuns } from "../prisma/sql/lock-issues-of-runs.js";
import { noteUnretriedRuns } from "../prisma/sql/note-unretried-runs.js";
import { queueRetries, RETRY_REASON } from "../prisma/sql/queue-retries.js";
import { releaseLeases } from "../prisma/sql/release-leases.js";
import { transitionRuns, type TransitionRunsParams } from "../prisma/sql/transition-runs.js";
import { publishDispatch, publishRunEvent } from "./events.js";
import type { Runtime } from "./runtime.js";

export interface RunTransition extends TransitionRunsParams {
  /** The leases of the moved runs end RELEASED for this reason (null: they keep them). */
  endsLeases: LeaseReleaseReason | null;
}

export interface Transition {
  run: Run;
  event: RunEvent;
}

const byId = (runId: string) => Prisma.sql`r."id" = ${runId}::uuid`;
const finished = Prisma.sql`"finishedAt" = now()`;

/**
 * Which queued run a claim takes: one by id, or the agent's next claimable one (claimNextRun), in
 * an environment whose provider is ready on this replica (`providerKeys`) and whose breaker is
 * not open (resolvers/providers.ts admitClaim decides a probe once the cool-down has passed).
 */
export type ClaimPick = { runId: string } | { nextOfAgent: string; environmentIds: string[] | null; providerKeys: string[] };

function claimPick(pick: ClaimPick): Pick<RunTransition, "which" | "skipLocked" | "takeFirst"> {
  // The caller holds the agent's row lock (prisma/sql/admission.ts says why that makes this exact).
  if ("runId" in pick) return { which: Prisma.sql`${byId(pick.runId)} AND ${admittedSql}`, skipLocked: false };
  const environments = pick.environmentIds ? Prisma.sql`AND r."environmentId" = ANY(${pick.environmentIds}::uuid[])` : Prisma.empty;
  return {
    which: Prisma.sql`r."agentId" = ${pick.nextOfAgent}::uuid ${environments}
      AND EXISTS (SELECT 1 FROM "Environment" e WHERE e."id" = r."environmentId" AND e."providerKey" = ANY(${pick.providerKeys}::text[])
        AND NOT EXISTS (SELECT 1 FROM "ProviderBreaker" b WHERE b."providerKey" = e."providerKey" AND b."openUntil" > now()))
      AND ${admittedOfAgentSql(pick.nextOfAgent)} AND ${claimableSql}`,
    // Runs other takers are claiming (or a wake is merging into) are skipped, not waited for.
    skipLocked: true,
    takeFirst: claimOrderSql,
  };
}

export const runTransitions = {
  /** A runner takes an admitted queued run (its lease is granted in the same transaction). */
  claim: (pick: ClaimPick, claim: { runnerId: string; pid: number; replicaId: string }): RunTransition => ({
    ...claimPick(pick),
    from: ["QUEUED"],
    to: "RUNNING",
    set: Prisma.sql`"runnerId" = ${claim.runnerId}, "pid" = ${claim.pid}, "claimedByReplica" = ${claim.replicaId}, "startedAt" = now(), "lastHeartbeatAt" = now()`,
    endsLeases: null,
  }),
  /**
   * The claim is called off: its prepare() failed while the provider's breaker was already open
   * (a claim in flight when it opened, or a failed probe). The provider is at fault, not the run:
   * it goes back to the queue as it was, its lease released, so a provider's outage fails at most
   * its threshold of runs however long it lasts.
   */
  requeue: (runId: string): RunTransition => ({
    which: byId(runId),
    from: ["RUNNING"],
    to: "QUEUED",
    set: Prisma.sql`"runnerId" = NULL, "pid" = NULL, "claimedByReplica" = NULL, "startedAt" = NULL, "lastHeartbeatAt" = NULL`,
    skipLocked: false,
    endsLeases: "CANCELLED",
  }),
  /** The runner reports its child's end. */
  finish: (runId: string, to: "SUCCEEDED" | "FAILED", outcome: { exitCode: number | null; error: string | null }): RunTransition => ({
    which: byId(runId),
    from: ["RUNNING"],
    to,
    set: Prisma.sql`${finished}, "exitCode" = ${outcome.exitCode}, "error" = ${outcome.error}`,
    skipLocked: false,
    endsLeases: "COMPLETED",
  }),
  /**
   * Cancelled through the API (cancelRequestedAt: its runner stops the child on its next
   * heartbeat) or reported so by the runner.
   */
  cancel: (runId: string, outcome: { exitCode: number | null; error: string | null; requested: boolean }): RunTransition => ({
    which: byId(runId),
    from: ["QUEUED", "RUNNING"],
    to: "CANCELLED",
    set: Prisma.sql`${finished}, "exitCode" = ${outcome.exitCode}, "error" = ${outcome.error}${outcome.requested ? Prisma.sql`, "cancelRequestedAt" = now(), "cancelReason" = 'REQUESTED'` : Prisma.empty}`,
    skipLocked: false,
    endsLeases: "CANCELLED",
  }),
  /**
   * Its heartbeat found its agent's cost this month at its monthlyBudgetCents: cancelled as
   * cancelRun does (its runner stops the child), with the reason.
   */
  exceedBudget: (runId: string): RunTransition => ({
    which: byId(runId),
    from: ["RUNNING"],
    to: "CANCELLED",
    set: Prisma.sql`${finished}, "cancelRequestedAt" = now(), "cancelReason" = 'BUDGET_EXCEEDED',
      "error" = format('the agent''s cost this month reached its monthlyBudgetCents (%s)', (SELECT a."monthlyBudgetCents" FROM "Agent" a WHERE a."id" = r."agentId"))`,
    skipLocked: false,
    endsLeases: "CANCELLED",
  }),
  /** A closed issue takes no more runs: its queued ones are cancelled in the closing transaction. */
  closeIssue: (issueId: string, issueStatus: string): RunTransition => ({
    which: Prisma.sql`r."issueId" = ${issueId}::uuid`,
    from: ["QUEUED"],
    to: "CANCELLED",
    set: Prisma.sql`${finished}, "error" = ${`issue is ${issueStatus}`}`,
    skipLocked: false,
    endsLeases: "CANCELLED",
  }),
  /** A deleted environment takes no more runs: its queued ones are cancelled in the deleting transaction (it has no RUNNING ones). */
  deleteEnvironment: (environmentId: string): RunTransition => ({
    which: Prisma.sql`r."environmentId" = ${environmentId}::uuid`,
    from: ["QUEUED"],
    to: "CANCELLED",
    set: Prisma.sql`${finished}, "error" = 'environment deleted'`,
    skipLocked: false,
    endsLeases: "CANCELLED",
  }),
  /**
   * A deleted agent's queued and running runs are cancelled in the deleting transaction; a running
   * one as cancelRun cancels it (cancelRequestedAt: its runner stops the child when it hears of it).
   * SET reads the row before the update, so the CASE sees the run's status before CANCELLED.
   */
  deleteAgent: (agentId: string): RunTransition => ({
    which: Prisma.sql`r."agentId" = ${agentId}::uuid`,
    from: ["QUEUED", "RUNNING"],
    to: "CANCELLED",
    set: Prisma.sql`${finished}, "error" = 'agent deleted', "cancelRequestedAt" = CASE WHEN r."status" = 'RUNNING' THEN now() END,
      "cancelReason" = CASE WHEN r."status" = 'RUNNING' THEN 'REQUESTED'::"CancelReason" END`,
    skipLocked: false,
    endsLeases: "CANCELLED",
  }),
  /** The reaper: no heartbeat within the agent's timeout. The runner (or its replica) is gone. */
  lose: (): RunTransition => ({
    which: Prisma.sql`r."lastHeartbeatAt" < now() - make_interval(secs => (SELECT a."heartbeatTimeoutSeconds" FROM "Agent" a WHERE a."id" = r."agentId"))`,
    from: ["RUNNING"],
    to: "LOST",
    set: Prisma.sql`${finished}, "error" = format('no heartbeat within %s s', (SELECT a."heartbeatTimeoutSeconds" FROM "Agent" a WHERE a."id" = r."agentId"))`,
    skipLocked: true,
    endsLeases: "ORPHANED",
  }),
  /** The reaper: running longer than the run's own timeoutSeconds. */
  timeOut: (): RunTransition => ({
    which: Prisma.sql`r."timeoutSeconds" IS NOT NULL AND r."startedAt" < now() - make_interval(secs => r."timeoutSeconds")`,
    from: ["RUNNING"],
    to: "TIMED_OUT",
    set: Prisma.sql`${finished}, "error" = format('ran longer than %s s', r."timeoutSeconds")`,
    skipLocked: true,
    endsLeases: "COMPLETED",
  }),
} as const;

export interface AppliedTransition {
  transitions: Transition[];
  /** Leases the transition ended, to announce after commit. */
  endedLeases: Lease[];
  /** The next attempts the ended runs' retry policies queued (or merged into a queued run), to announce after commit. */
  retries: Transition[];
}

/** The statuses a retry policy may retry (retryOn is a subset: the database's CHECK says so). */
const RETRIABLE: ReadonlySet<RunStatus> = new Set(["FAILED", "LOST", "TIMED_OUT"]);

/** Applies `transition` inside the caller's transaction; nothing moved when no run was in `from`. */
export async function applyRunTransition(tx: SqlClient, transition: RunTransition): Promise<AppliedTransition> {
  const rows = await transitionRuns(tx, transition);
  const transitions = rows.map(({ fromStatus, eventId, eventAt, ...run }) => ({
    run,
    event: { id: BigInt(eventId), runId: run.id, kind: "STATUS_CHANGED" as const, status: run.status, fromStatus, pid: run.pid, reason: null, at: eventAt },
  }));
  const endedLeases =
    transition.endsLeases && rows.length > 0 ? await releaseLeases(tx, { runIds: rows.map((r) => r.id) }, transition.endsLeases) : [];
  const unsuccessful = transition.to === "CANCELLED" || RETRIABLE.has(transition.to);
  const retries = unsuccessful && rows.length > 0 ? await queueNextAttempts(tx, transitions) : [];
  return { transitions, endedLeases, retries };
}

/**
 * Each ended run's next attempt, when its agent's retry policy retries it, with its runtime state
 * copied over (prisma/sql/queue-retries.ts, copy-checkpoints.ts); each other one says why not
 * (its notRetriedReason is set on `ended` too, so the caller's answer shows it).
 */
async function queueNextAttempts(tx: SqlClient, ended: Transition[]): Promise<Transition[]> {
  const endedIds = ended.map((t) => t.run.id);
  const retriable = RETRIABLE.has(ended[0]!.run.status);
  if (retriable) await lockIssuesOfRuns(tx, endedIds);
  const rows = retriable ? await queueRetries(tx, endedIds) : [];
  const continuing = rows.filter((r) => r.retryOfId !== null && endedIds.includes(r.retryOfId));
  if (continuing.length > 0) await copyCheckpoints(tx, continuing.map((r) => ({ runId: r.id, retryOf: r.retryOfId! })));
  const notes = new Map((await noteUnretriedRuns(tx, endedIds)).map((n) => [n.id, n.notRetriedReason]));
  for (const { run } of ended) run.notRetriedReason = notes.get(run.id) ?? null;
  return rows.map(({ coalesced: _coalesced, eventId, eventKind, eventAt, ...run }) => ({
    run,
    event: { id: BigInt(eventId), runId: run.id, kind: eventKind, status: "QUEUED" as const, fromStatus: null, pid: null, reason: RETRY_REASON, at: eventAt },
  }));
}

export function announceTransitions(rt: Runtime, transitions: Transition[]): void {
  for (const { run, event } of transitions) {
    publishRunEvent(rt.pubsub, event, run);
    rt.metrics.runTransitions.inc({ to: event.status });
    if (event.status === "RUNNING") {
      const due = run.notBefore && run.notBefore > run.createdAt ? run.notBefore : run.createdAt;
      rt.metrics.dispatchLatency.observe(Math.max(0, event.at.getTime() - due.getTime()) / 1000);
    }
    // A run queued (a retry merged into one included), or a slot of its agent and its workspace
    // freed: the agent's waiting claimNextRun calls, on every replica, look again.
    if (event.status === "QUEUED" || event.fromStatus === "RUNNING") publishDispatch(rt.pubsub, run.agentId, run.id);
  }
}
