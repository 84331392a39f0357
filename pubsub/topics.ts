// The typed topics every replica publishes and subscribes to. Payloads are plain JSON (dates as
// ISO strings) so they survive the trip through Redis unchanged.

export type RunStatusName = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED" | "TIMED_OUT" | "LOST";

export interface RunEventPayload {
  id: string;
  runId: string;
  agentId: string;
  companyId: string;
  kind: "STATUS_CHANGED" | "HEARTBEAT" | "WAKE_MERGED";
  status: RunStatusName;
  fromStatus: RunStatusName | null;
  pid: number | null;
  /** The wake's reason (a run queued by a wake, or a wake merged into it). */
  reason: string | null;
  at: string;
}

/**
 * Something the agent's waiting claimNextRun calls should look at: a run queued, a RUNNING one
 * ended, a claim rolled back, or the agent's maxConcurrentRuns changed (runId null).
 */
export interface DispatchPayload {
  agentId: string;
  runId: string | null;
}

export interface LeaseEventPayload {
  /** CLEANUP_CHANGED: an ended lease's cleanup (its driver's release()) was attempted or restarted. */
  kind: "GRANTED" | "RENEWED" | "RELEASED" | "EXPIRED" | "CLEANUP_CHANGED";
  leaseId: string;
  companyId: string;
  environmentId: string;
  runId: string;
  slot: number;
  fencingToken: number;
  releaseReason: "COMPLETED" | "ORPHANED" | "EXPIRED" | "MANUAL" | "CANCELLED" | null;
  expiresAt: string;
  at: string;
}

export interface WorkspaceChangedPayload {
  id: string;
  companyId: string;
  issueId: string;
  status: "OPEN" | "ARCHIVED";
  config: unknown;
  configVersion: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/** One runtime-state entry as a write (setRuntimeState, or a heartbeat's state) left it. */
export interface RuntimeStatePayload {
  runId: string;
  agentId: string;
  companyId: string;
  key: string;
  value: unknown;
  version: number;
  updatedAt: string;
}

/**
 * A provider's circuit breaker as a prepare() outcome left it (shared by every replica, as the
 * ProviderBreaker row is); what the provider's registration is stays each replica's own.
 */
export interface ProviderBreakerPayload {
  providerKey: string;
  consecutiveFailures: number;
  openUntil: string | null;
}

/** One company's events on one topic, so a dashboard holds one subscription, not one per run and environment. */
export type CompanyEventPayload =
  | { type: "RunEvent"; event: RunEventPayload }
  | { type: "LeaseEvent"; event: LeaseEventPayload }
  | { type: "Workspace"; event: WorkspaceChangedPayload }
  | { type: "RuntimeState"; event: RuntimeStatePayload };

/** One stored log chunk of a run. */
export interface RunLogChunkPayload {
  runId: string;
  seq: number;
  stream: "STDOUT" | "STDERR";
  text: string;
  createdAt: string;
}

/** Topic name → [routing id, payload], the shape yoga's `createPubSub` types channels with. */
export type RunyardTopics = {
  runEvents: [runId: string, payload: RunEventPayload];
  agentRunEvents: [agentId: string, payload: RunEventPayload];
  /** The chunks one appendRunLogs call stored, in seq order: one message per call, not per line. */
  runLogs: [runId: string, payload: { runId: string; chunks: RunLogChunkPayload[] }];
  agentDispatch: [agentId: string, payload: DispatchPayload];
  /** One event, or a heartbeat batch's renewals in the environment in one message (pubsub/batches.ts). */
  leaseEvents: [environmentId: string, payload: LeaseEventPayload | LeaseEventPayload[]];
  workspaceChanged: [workspaceId: string, payload: WorkspaceChangedPayload];
  issueWorkspaceChanged: [issueId: string, payload: WorkspaceChangedPayload];
  /** One event, or a heartbeat batch's events of the company in one message (pubsub/batches.ts). */
  companyEvents: [companyId: string, payload: CompanyEventPayload | CompanyEventPayload[]];
  /** Providers serve every company: one topic, merged into each companyEvents subscription. */
  providerBreakerChanged: [payload: ProviderBreakerPayload];
  /** Every replica evicts the token from its cache of resolved tokens. */
  tokenRevoked: [payload: { tokenId: string }];
};
