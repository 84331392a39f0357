// Turning committed rows into pubsub events. Always called after the transaction commits, so a
// subscriber never hears of a change that was rolled back.
import type { Lease, RunEvent, RuntimeState, Workspace } from "../prisma/client.js";
import type { RunyardPubSub } from "../pubsub/event-target.js";
import type { LeaseEventPayload, ProviderBreakerPayload, RunEventPayload, RuntimeStatePayload, WorkspaceChangedPayload } from "../pubsub/topics.js";

export function publishRunEvent(pubsub: RunyardPubSub, event: RunEvent, { agentId, companyId }: { agentId: string; companyId: string }): void {
  const payload: RunEventPayload = {
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
  pubsub.publish("runEvents", event.runId, payload);
  pubsub.publish("agentRunEvents", agentId, payload);
  pubsub.publish("companyEvents", companyId, { type: "RunEvent", event: payload });
}

/** Wakes the agent's claimNextRun calls waiting on any replica (they re-check the database). */
export function publishDispatch(pubsub: RunyardPubSub, agentId: string, runId: string | null): void {
  pubsub.publish("agentDispatch", agentId, { agentId, runId });
}

export function publishLeaseEvent(pubsub: RunyardPubSub, kind: LeaseEventPayload["kind"], lease: Lease): void {
  const payload: LeaseEventPayload = {
    kind,
    leaseId: lease.id,
    companyId: lease.companyId,
    environmentId: lease.environmentId,
    runId: lease.runId,
    slot: lease.slot,
    fencingToken: lease.fencingToken,
    releaseReason: lease.releaseReason,
    expiresAt: lease.expiresAt.toISOString(),
    at: new Date().toISOString(),
  };
  pubsub.publish("leaseEvents", lease.environmentId, payload);
  pubsub.publish("companyEvents", lease.companyId, { type: "LeaseEvent", event: payload });
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

/** A runtime-state write, for the run's company (a dashboard's run page shows it live). */
export function publishRuntimeStateChange(pubsub: RunyardPubSub, state: RuntimeState, { agentId, companyId }: { agentId: string; companyId: string }): void {
  const payload: RuntimeStatePayload = {
    runId: state.runId,
    agentId,
    companyId,
    key: state.key,
    value: state.value,
    version: state.version,
    updatedAt: state.updatedAt.toISOString(),
  };
  pubsub.publish("companyEvents", companyId, { type: "RuntimeState", event: payload });
}

export function publishProviderBreakerChanged(pubsub: RunyardPubSub, breaker: { providerKey: string; consecutiveFailures: number; openUntil: Date | null }): void {
  const payload: ProviderBreakerPayload = {
    providerKey: breaker.providerKey,
    consecutiveFailures: breaker.consecutiveFailures,
    openUntil: breaker.openUntil?.toISOString() ?? null,
  };
  pubsub.publish("providerBreakerChanged", payload);
}
