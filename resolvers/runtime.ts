// What the domain operations run against: one replica's connections and registries, plus the
// caller. The server builds a Runtime once and a RequestContext per request or subscription.
import type { Db, Pool } from "../prisma/client.js";
import type { RunyardPubSub } from "../pubsub/event-target.js";
import type { LockService } from "../pubsub/locks.js";
import type { ProviderRegistry } from "./providers.js";
import type { Viewer, ViewerCache } from "./auth.js";
import type { ClaimWaiters } from "./claim-waiters.js";
import type { HeartbeatWriter } from "./heartbeats.js";
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
  /** appendRunLogs' limits (server/config.ts reads them). */
  runLogs: RunLogLimits;
  log: (msg: string) => void;
}

export interface RequestContext extends Runtime {
  /** Resolves the bearer token once per request, on first use (a bare `{ __typename }` pays nothing). */
  viewer(): Promise<Viewer | null>;
  /** Aborts when the caller has gone (its HTTP request closed, its socket closed): nothing is claimed for it then. */
  signal: AbortSignal;
}
