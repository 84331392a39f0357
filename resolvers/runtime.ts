// What the domain operations run against: one replica's connections and registries, plus the
// caller. The server builds a Runtime once and a RequestContext per request or subscription.
import type { Db, Pool } from "../prisma/client.js";
import type { RunyardPubSub } from "../pubsub/event-target.js";
import type { LockService } from "../pubsub/locks.js";
import type { ProviderRegistry } from "./providers.js";
import type { Viewer, ViewerCache } from "./auth.js";
import type { ClaimWaiters } from "./claim-waiters.js";
import type { HeartbeatWriter } from "./heartbeats.js";
import type { Logger } from "pino";
import type { RunyardMetrics } from "./metrics.js";
import type { RunLogLimits } from "./run-logs.js";

export interface Runtime {
  db: Db;
  /** The pool under `db`, for hot autocommit statements spoken to pg directly (prisma/sql/db.ts). */
  pool: Pool;
  pubsub: RunyardPubSub;
  locks: LockService;
  providers: ProviderRegistry;
  /** Groups concurrent heartbeats into one statement each. */
  heartbeats: HeartbeatWriter;
  /** Tokens this replica resolved recently. */
  viewers: ViewerCache;
  /** This process's identity, recorded on the runs it claims. */
  replicaId: string;
  /** This replica's waiting claimNextRun calls (closed when it drains: they answer at once). */
  claimWaiters: ClaimWaiters;
  /** This replica's Prometheus metrics (GET /metrics). */
  metrics: RunyardMetrics;
  /** This replica's log (server/logger.ts), bound to its replica id. */
  log: Logger;
  /** appendRunLogs' limits (server/config.ts reads them). */
  runLogs: RunLogLimits;
}

export interface RequestContext extends Runtime {
  /** Resolves the bearer token once per request, on first use (a bare `{ __typename }` pays nothing). */
  viewer(): Promise<Viewer | null>;
  /**
   * The caller once viewer() has resolved, for what must be decided synchronously (a nested
   * connection's query); undefined before. Every field's authScopes awaits viewer() first.
   */
  resolvedViewer(): Viewer | null | undefined;
  /** Aborts when the caller has gone (its HTTP request closed, its socket closed): nothing is claimed for it then. */
  signal: AbortSignal;
}

/** A request's context when its caller is already known (an HTTP request authenticated before yoga, a test, a benchmark). */
export function contextForViewer(rt: Runtime, viewer: Viewer | null, signal: AbortSignal): RequestContext {
  return { ...rt, signal, viewer: () => Promise.resolve(viewer), resolvedViewer: () => viewer };
}
