// Turning committed rows into pubsub events. Always called after the transaction commits, so a
// subscriber never hears of a change that was rolled back.
import type { Lease, RunEvent, RuntimeState, Workspace } from "../prisma/client.js";
import type { RunyardPubSub } from "../pubsub/event-target.js";
import type { CompanyEventPayload, LeaseEventPayload, ProviderBreakerPayload, RunEventPayload, RuntimeStatePayload, WorkspaceChangedPayload } from "../pubsub/topics.js";

function runEventPayload(event: RunEvent, { agentId, companyId }: { agentId: string; companyId: string }): RunEventPayload {
  return {
    id: event.id.toString(),
    runId: event.runId,
    agentId,
    companyId,
    kind: event.kind,
    status: event.status,
    fromStatus: event.fromStatus,
    pid: event.pid,
    reason: event.reason,
    at: event.at.toISOString(),
  };
}

export function publishRunEvent(pubsub: RunyardPubSub, event: RunEvent, run: { agentId: string; companyId: string }): void {
  const payload = runEventPayload(event, run);
  pubsub.publish("runEvents", event.runId, payload);
  pubsub.publish("agentRunEvents", run.agentId, payload);
  pubsub.publish("companyEvents", run.companyId, { type: "RunEvent", event: payload });
}

/** Wakes the agent's claimNextRun calls waiting on any replica (they re-check the database). */
export function publishDispatch(pubsub: RunyardPubSub, agentId: string, runId: string | null): void {
  pubsub.publish("agentDispatch", agentId, { agentId, runId });
}

type LeaseOfEvent = Pick<Lease, "id" | "companyId" | "environmentId" | "runId" | "slot" | "fencingToken" | "releaseReason" | "expiresAt">;

function leaseEventPayload(kind: LeaseEventPayload["kind"], lease: LeaseOfEvent, at: Date): LeaseEventPayload {
  return {
    kind,
    leaseId: lease.id,
    companyId: lease.companyId,
    environmentId: lease.environmentId,
    runId: lease.runId,
    slot: lease.slot,
    fencingToken: lease.fencingToken,
    releaseReason: lease.releaseReason,
    expiresAt: lease.expiresAt.toISOString(),
    at: at.toISOString(),
  };
}

export function publishLeaseEvent(pubsub: RunyardPubSub, kind: LeaseEventPayload["kind"], lease: Lease): void {
  const payload = leaseEventPayload(kind, lease, new Date());
  pubsub.publish("leaseEvents", lease.environmentId, payload);
  pubsub.publish("companyEvents", lease.companyId, { type: "LeaseEvent", event: payload });
}

/** What one heartbeat of a committed batch wrote, as its events tell it. */
export interface HeartbeatWritten {
  event: RunEvent;
  run: { agentId: string; companyId: string };
  /** Its runtime-state entries as written (the value as sent). */
  states: Array<Pick<RuntimeState, "runId" | "key" | "value" | "version" | "updatedAt">>;
  /** The leases it renewed. */
  renewed: LeaseOfEvent[];
}

function pushTo<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

/**
 * A committed heartbeat batch's events: each heartbeat's RunEvent on its run's and agent's topics
 * (one subscriber list each), and for each company one companyEvents message holding the batch's
 * RunEvents, runtime-state writes and lease renewals of that company (in that order per
 * heartbeat), and for each environment one leaseEvents message holding its renewals: a few
 * PUBLISHes per batch on those topics, however many heartbeats, entries and leases it held.
 */
export function publishHeartbeats(pubsub: RunyardPubSub, written: HeartbeatWritten[]): void {
  const byCompany = new Map<string, CompanyEventPayload[]>();
  const byEnvironment = new Map<string, LeaseEventPayload[]>();
  for (const { event, run, states, renewed } of written) {
    const payload = runEventPayload(event, run);
    pubsub.publish("runEvents", event.runId, payload);
    pubsub.publish("agentRunEvents", run.agentId, payload);
    pushTo(byCompany, run.companyId, { type: "RunEvent", event: payload });
    for (const state of states) pushTo(byCompany, run.companyId, { type: "RuntimeState", event: runtimeStatePayload(state, run) });
    for (const lease of renewed) {
      const leaseEvent = leaseEventPayload("RENEWED", lease, event.at);
      pushTo(byCompany, lease.companyId, { type: "LeaseEvent", event: leaseEvent });
      pushTo(byEnvironment, lease.environmentId, leaseEvent);
    }
  }
  for (const [companyId, events] of byCompany) pubsub.publish("companyEvents", companyId, events);
  for (const [environmentId, events] of byEnvironment) pubsub.publish("leaseEvents", environmentId, events);
}

function workspacePayload(workspace: Workspace): WorkspaceChangedPayload {
  return {
    id: workspace.id,
    companyId: workspace.companyId,
    issueId: workspace.issueId,
    status: workspace.status,
    config: workspace.config,
    configVersion: workspace.configVersion,
    createdAt: workspace.createdAt.toISOString(),
    updatedAt: workspace.updatedAt.toISOString(),
    archivedAt: workspace.archivedAt?.toISOString() ?? null,
  };
}

export function publishWorkspaceChanged(pubsub: RunyardPubSub, workspace: Workspace): void {
  const payload = workspacePayload(workspace);
  pubsub.publish("workspaceChanged", workspace.id, payload);
  pubsub.publish("issueWorkspaceChanged", workspace.issueId, payload);
  pubsub.publish("companyEvents", workspace.companyId, { type: "Workspace", event: payload });
}

function runtimeStatePayload(
  state: Pick<RuntimeState, "runId" | "key" | "value" | "version" | "updatedAt">,
  { agentId, companyId }: { agentId: string; companyId: string },
): RuntimeStatePayload {
  return {
    runId: state.runId,
    agentId,
    companyId,
    key: state.key,
    value: state.value,
    version: state.version,
    updatedAt: state.updatedAt.toISOString(),
  };
}

/** A runtime-state write, for the run's company (a dashboard's run page shows it live). */
export function publishRuntimeStateChange(pubsub: RunyardPubSub, state: RuntimeState, run: { agentId: string; companyId: string }): void {
  pubsub.publish("companyEvents", run.companyId, { type: "RuntimeState", event: runtimeStatePayload(state, run) });
}

export function publishProviderBreakerChanged(pubsub: RunyardPubSub, breaker: { providerKey: string; consecutiveFailures: number; openUntil: Date | null }): void {
  const payload: ProviderBreakerPayload = {
    providerKey: breaker.providerKey,
    consecutiveFailures: breaker.consecutiveFailures,
    openUntil: breaker.openUntil?.toISOString() ?? null,
  };
  pubsub.publish("providerBreakerChanged", payload);
}
