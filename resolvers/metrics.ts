// The replica's Prometheus metrics (served as GET /metrics). One registry per replica, not
// prom-client's global one: tests run several replicas in one process. Labels never carry a
// tenant's name or a company id: statuses, operation types and fields, provider keys, and
// environment ids (opaque, so a scrape can say which slot grid is full).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "../prisma/client.js";
import type { RunyardPubSub } from "../pubsub/event-target.js";
import { globalId } from "./errors.js";
import type { ProviderRegistry } from "./providers.js";

/** Round trips on one machine to a slow, remote database. */
const FAST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Requests, up to claimNextRun's longest long poll (60 s), so a waiting runner is not all +Inf. */
const REQUEST_BUCKETS = [...FAST_BUCKETS, 10, 30, 60];
/** From a dispatch pushed to a waiting runner (milliseconds) to a run waiting its turn for an hour. */
const DISPATCH_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 15, 60, 300, 900, 3600];

export interface MetricSources {
  db: Db;
  pubsub: RunyardPubSub;
  providers: ProviderRegistry;
}


/** One sample per environment, labelled by its global id; environments gone since are dropped. */
function setPerEnvironment(gauge: Gauge<"environment">, rows: Array<{ id: string; n: number }>): void {
  gauge.reset();
  for (const { id, n } of rows) gauge.set({ environment: globalId("Environment", id) }, n);
}

export class RunyardMetrics {
  readonly registry = new Registry();

  readonly heartbeats = new Counter({ name: "runyard_heartbeats_total", help: "Heartbeats this replica accepted.", registers: [this.registry] });
  readonly heartbeatWrite = new Histogram({
    name: "runyard_heartbeat_write_seconds",
    help: "One group-committed heartbeat batch: its statement and commit.",
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });
  readonly runTransitions = new Counter({
    name: "runyard_run_transitions_total",
    help: "Run status changes this replica committed, by the status entered.",
    labelNames: ["to"] as const,
    registers: [this.registry],
  });
  readonly dispatchLatency = new Histogram({
    name: "runyard_dispatch_latency_seconds",
    help: "From a run queued (or due, past its notBefore) to its claim.",
    buckets: DISPATCH_BUCKETS,
    registers: [this.registry],
  });
  readonly leaseGrants = new Counter({ name: "runyard_lease_grants_total", help: "Leases this replica granted (acquireLease and claims).", registers: [this.registry] });
  readonly leaseAcquire = new Histogram({
    name: "runyard_lease_acquire_seconds",
    help: "acquireLease, by outcome (granted, unavailable, error).",
    labelNames: ["outcome"] as const,
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });
  readonly reaperActions = new Counter({
    name: "runyard_reaper_actions_total",
    help: "What this replica's reaper changed: runs lost and timed out, leases released and expired.",
    labelNames: ["action"] as const,
    registers: [this.registry],
  });
  readonly leaseCleanupAttempts = new Counter({
    name: "runyard_lease_cleanup_attempts_total",
    help: "Ended leases' driver release() attempts this replica made, by outcome: done, retrying (failed, tried again later), failed (its last attempt failed).",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly httpRequests = new Histogram({
    name: "runyard_http_request_duration_seconds",
    help: "GraphQL requests over HTTP, by method and status.",
    labelNames: ["method", "status"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  readonly graphqlOperations = new Histogram({
    name: "runyard_graphql_operation_duration_seconds",
    help: "GraphQL executions, by operation type, first root field and outcome (ok, or the first error code).",
    labelNames: ["type", "field", "outcome"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });

  private scraping: Promise<string> | null = null;

  /**
   * The exposition text. Scrapes that arrive while one is being made share it: fifty at once cost
   * one set of database reads and one serialisation, not fifty (each after it reads afresh).
   */
  scrape(): Promise<string> {
    this.scraping ??= this.registry.metrics().finally(() => (this.scraping = null));
    return this.scraping;
  }

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: "runyard_" });
    const { db, pubsub, providers } = sources;
    const fleetReadUp = new Gauge({
      name: "runyard_fleet_read_up",
      help: "1 when this scrape read the fleet-wide gauges (runyard_runs, leases, capacity) from the database; 0 when it could not (they are then stale).",
      registers: [this.registry],
    });
    /** A fleet-wide figure read at scrape time; null while the database is away (its gauge keeps its last value). */
    const fleetWide = <T>(read: Promise<T>): Promise<T | null> =>
      read.then(
        (rows) => (fleetReadUp.set(1), rows),
        () => (fleetReadUp.set(0), null),
      );
    new Gauge({
      name: "runyard_runs",
      help: "Runs QUEUED and RUNNING in the whole fleet (every replica reports the same: use max()).",
      labelNames: ["status"] as const,
      registers: [this.registry],
      async collect() {
        // Index-backed counts of the two live statuses; ended runs are runyard_run_transitions_total.
        const rows = await fleetWide(db.$queryRaw<Array<{ status: string; n: number }>>`
          SELECT s.status::text AS status, (SELECT count(*) FROM "Run" r WHERE r."status" = s.status)::int AS n
          FROM unnest(ARRAY['QUEUED', 'RUNNING']::"RunStatus"[]) AS s(status)`);
        for (const { status, n } of rows ?? []) this.set({ status }, n);
      },
    });
    new Gauge({
      name: "runyard_environment_capacity",
      help: "Slots per environment.",
      labelNames: ["environment"] as const,
      registers: [this.registry],
      async collect() {
        const rows = await fleetWide(db.$queryRaw<Array<{ id: string; n: number }>>`SELECT "id", "capacity" AS n FROM "Environment"`);
        if (rows) setPerEnvironment(this, rows);
      },
    });
    new Gauge({
      name: "runyard_leases_active",
      help: "Live (ACTIVE, unexpired) leases per environment, fleet-wide.",
      labelNames: ["environment"] as const,
      registers: [this.registry],
      async collect() {
        const rows = await fleetWide(db.$queryRaw<Array<{ id: string; n: number }>>`
          SELECT e."id", (SELECT count(*) FROM "Lease" l WHERE l."environmentId" = e."id" AND l."status" = 'ACTIVE' AND l."expiresAt" > now())::int AS n
          FROM "Environment" e`);
        if (rows) setPerEnvironment(this, rows);
      },
    });
    new Gauge({
      name: "runyard_subscriptions_open",
      help: "Live subscriptions on this replica (one pubsub listener each).",
      registers: [this.registry],
      collect() {
        this.set(pubsub.listeners.active);
      },
    });
    new Gauge({
      name: "runyard_provider_breaker_open",
      help: "1 while the provider's circuit breaker is open (claims refused, or one probe let through past its cool-down), else 0; fleet-wide.",
      labelNames: ["provider"] as const,
      registers: [this.registry],
      async collect() {
        const rows = await fleetWide(db.providerBreaker.findMany({ where: { openUntil: { not: null } }, select: { providerKey: true } }));
        if (!rows) return;
        const open = new Set(rows.map((row) => row.providerKey));
        this.reset();
        for (const { key } of providers.list()) this.set({ provider: key }, open.has(key) ? 1 : 0);
      },
    });
    new Gauge({
      name: "runyard_provider_ready",
      help: "1 when the sandbox provider registered on this replica, else 0.",
      labelNames: ["provider"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { key, state } of providers.list()) this.set({ provider: key }, state === "READY" ? 1 : 0);
      },
    });
  }
}
