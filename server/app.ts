// The composition root: createRunyard builds one replica (database, pubsub, locks, providers,
// heartbeat writer, HTTP and graphql-ws) from a Config, and returns it with start/stop. The server
// entry, the tests and the benchmarks all build it here, so there is one way a replica is put together.
import { randomBytes } from "node:crypto";
import type { RequestListener } from "node:http";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { connectDatabase, type Database } from "../prisma/client.js";
import { createInProcessPubSub, createRedisPubSub } from "../pubsub/event-target.js";
import { InProcessLockService, RedisLockService } from "../pubsub/locks.js";
import { connectRedis, type RedisConnections } from "../pubsub/redis.js";
import { ensureAdminToken, evictRevokedTokens, ViewerCache } from "../resolvers/auth.js";
import { ClaimWaiters } from "../resolvers/claim-waiters.js";
import { publishHeartbeats } from "../resolvers/events.js";
import { HeartbeatWriter } from "../resolvers/heartbeats.js";
import { createLocalProvider } from "../resolvers/local-provider.js";
import { ProviderRegistry, type SandboxProvider } from "../resolvers/providers.js";
import { startReaper } from "../resolvers/reaper.js";
import { startScheduler } from "../resolvers/schedules.js";
import type { Runtime } from "../resolvers/runtime.js";
import { schema } from "../schema/index.js";
import { ConfigError, type Config } from "./config.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.js";
import { createHttpServer } from "./http.js";
import { applyMigrations } from "./migrate.js";
import { createLogger, type Logger } from "./logger.js";
import { RunyardMetrics } from "../resolvers/metrics.js";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
// Long enough for a server on the far side of a slow network; short enough that a wrong URL is
// reported while the operator is still looking.
const CONNECT_TIMEOUT_MS = 10_000;

export interface RunyardOverrides {
  /** Where the replica logs (tests collect it); omitted: JSON lines on stdout at LOG_LEVEL. */
  logger?: Logger;
  /** Provider objects registered beside `local` and RUNYARD_PLUGINS (tests hand them in directly). */
  providers?: SandboxProvider[];
}

export interface Runyard {
  runtime: Runtime;
  /** This replica's Redis connections, when REDIS_URL is set (benchmarks pace publishes on them). */
  redis: RedisConnections | null;
  /** GraphQL over HTTP, GraphiQL, the dashboard and the health endpoints, as a node:http request listener. */
  handler: RequestListener;
  /** Listens on `port` (0: any free port), makes sure an admin token exists, starts the reaper and the scheduler. */
  start(port?: number): Promise<{ port: number; url: string }>;
  /** Drains: the reaper and the scheduler stop, requests finish, subscriptions close with 1001, connections close. */
  stop(): Promise<void>;
}

export async function createRunyard(config: Config, overrides: RunyardOverrides = {}): Promise<Runyard> {
  const replicaId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const log = (overrides.logger ?? createLogger(config.logLevel)).child({ replica: replicaId });
  // What is open so far, closed in reverse if a later step fails: a failed start leaves no
  // embedded PostgreSQL or connection behind.
  const closers: Array<{ what: string; close: () => Promise<unknown> }> = [];
  try {
    let embedded: EmbeddedPostgres | null = null;
    if (!config.databaseUrl) {
      embedded = await startEmbeddedPostgres(config.dataDir, log, config.embeddedPostgresPort);
      closers.push({ what: "embedded PostgreSQL", close: () => embedded!.stop() });
      log.info(`database: embedded PostgreSQL under ${config.dataDir} (set DATABASE_URL to use your own)`);
    } else {
      log.info("database: DATABASE_URL");
    }
    const databaseUrl = config.databaseUrl ?? embedded!.databaseUrl;
    // Only the first contact is bounded: a long migration on a big database must not fail the start.
    if (!embedded) await reach("DATABASE_URL", databaseUrl, () => probePostgres(databaseUrl));
    await applyMigrations(databaseUrl, MIGRATIONS_DIR, log);

    const database: Database = connectDatabase(databaseUrl, config.dbPoolSize);
    closers.push({ what: "the database client", close: () => database.close() });

    let redis: RedisConnections | null = null;
    if (config.redisUrl) {
      const url = config.redisUrl;
      redis = await reach("REDIS_URL", url, () => connectRedis(url, log));
      closers.push({ what: "Redis", close: () => redis!.close() });
      log.info("pubsub and locks: Redis (REDIS_URL)");
    } else {
      log.info("pubsub and locks: in-process (set REDIS_URL to run several replicas)");
    }

    const providers = new ProviderRegistry(
      {
        registrationTimeoutMs: config.pluginRegistrationTimeoutMs,
        releaseTimeoutMs: config.releaseTimeoutMs,
        cleanupMaxAttempts: config.cleanupMaxAttempts,
        cleanupBackoffMs: config.cleanupBackoffMs,
        cleanupBackoffMaxMs: config.cleanupBackoffMaxMs,
        failureThreshold: config.failureThreshold,
        coolDownMs: config.coolDownMs,
        coolDownMaxMs: config.coolDownMaxMs,
      },
      log,
    );
    providers.add(createLocalProvider(config.dataDir), "builtin");
    for (const provider of overrides.providers ?? []) providers.add(provider, "override");
    await providers.loadPlugins(config.plugins);

    const pubsub = redis ? createRedisPubSub(redis.publish, redis.subscribe, log) : createInProcessPubSub();
    const metrics = new RunyardMetrics({ db: database.db, pubsub, providers });
    const runtime: Runtime = {
      db: database.db,
      pool: database.pool,
      pubsub,
      locks: redis ? new RedisLockService(redis.locks, log) : new InProcessLockService(),
      providers,
      heartbeats: new HeartbeatWriter(database.pool, metrics.heartbeatWrite, config.heartbeatHistoryGapSeconds, (written) => publishHeartbeats(pubsub, written)),
      viewers: new ViewerCache(),
      replicaId,
      claimWaiters: new ClaimWaiters(pubsub, database.pool),
      metrics,
      runLogs: config.runLogs,
      log,
    };
    void evictRevokedTokens(runtime.pubsub, runtime.viewers);

    // Ready once start() has finished: the admin token exists and the reaper and scheduler run.
    let started = false;
    // /readyz answers anyone: each part in a word ("ok", "down"); why a part is down goes to the
    // log (a driver's message names hosts and ports), once when it goes down and once when it is back.
    const downSince = new Map<string, string>();
    const probe = (part: string, check: () => Promise<unknown>): Promise<"ok" | "down"> =>
      check().then(
        () => {
          if (downSince.delete(part)) log.info(`readiness: ${part} is back`);
          return "ok";
        },
        (err: unknown) => {
          const reason = errorMessage(err);
          if (downSince.get(part) !== reason) log.warn(`readiness: ${part} is down: ${reason}`);
          downSince.set(part, reason);
          return "down";
        },
      );
    const http = createHttpServer(runtime, schema, {
      async check() {
        const [databaseState, redisState] = await Promise.all([
          probe("database", () => database.db.$queryRaw`SELECT 1`),
          redis ? probe("redis", () => redis!.publish.ping()) : ("in-process" as const),
        ]);
        const ready = started && databaseState === "ok" && redisState !== "down" && providers.registering().length === 0;
        return {
          ready,
          details: {
            replica: started ? "started" : "starting",
            database: databaseState,
            redis: redisState,
            // A provider's state; its error is for `sandboxProviders`, which needs a token.
            providers: providers.list().map(({ key, state }) => ({ key, state })),
          },
        };
      },
    }, {
      corsOrigins: config.corsOrigins,
      // Half of the drain for requests in flight; the rest for the reaper, pubsub and the database.
      drainGraceMs: Math.floor(config.drainTimeoutMs / 2),
      subscriptionLimits: { maxBufferedBytes: config.wsMaxBufferedBytes },
    });

    let reaper: { stop(): Promise<void> } | null = null;
    let scheduler: { stop(): Promise<void> } | null = null;
    let stopped: Promise<void> | null = null;
    return {
      runtime,
      redis,
      handler: http.handler,
      async start(port = config.port) {
        await new Promise<void>((resolve, reject) => {
          http.server.once("error", (err: NodeJS.ErrnoException) =>
            reject(
              err.code === "EADDRINUSE"
                ? new ConfigError(`PORT ${port} is already in use`)
                : err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND"
                  ? new ConfigError(`HOST ${config.host} is not an address of this machine`)
                  : err,
            ),
          );
          http.server.listen(port, config.host, () => resolve());
        });
        // After the port is ours: a start that fails on a taken port has generated no token.
        await ensureAdminToken(runtime.db, config.adminToken, log);
        reaper = startReaper(runtime, { intervalMs: config.reaperIntervalMs, heartbeatRetentionHours: config.heartbeatRetentionHours, logRetentionHours: config.logRetentionHours });
        scheduler = startScheduler(runtime, { intervalMs: config.schedulerIntervalMs });
        const address = http.server.address();
        const bound = typeof address === "object" && address ? address.port : port;
        // Counted from the process start: node, the TypeScript loader and loading our modules included.
        log.info(`replica ${replicaId} serving on port ${bound} ${Math.round(process.uptime() * 1000)} ms after the process started; the dashboard at http://localhost:${bound}/ (sign in with a token), GraphiQL at http://localhost:${bound}/graphql`);
        started = true;
        return { port: bound, url: `http://${reachableHost(config.host)}:${bound}` };
      },
      stop() {
        stopped ??= (async () => {
          const failures: string[] = [];
          // Long polls answer first, so the HTTP server's drain does not wait out their waitSeconds.
          runtime.claimWaiters.close();
          const steps: Array<{ what: string; close: () => Promise<unknown> }> = [
            { what: "the reaper", close: async () => reaper?.stop() },
            { what: "the scheduler", close: async () => scheduler?.stop() },
            { what: "the HTTP server", close: () => http.drain() },
            ...closers.reverse(),
          ];
          // Every step runs even if one before it failed: an embedded PostgreSQL must stop whatever happened.
          for (const step of steps) {
            await step.close().catch((err: unknown) => failures.push(`stopping ${step.what} failed: ${errorMessage(err)}`));
          }
          if (failures.length) throw new Error(failures.join("; "));
        })();
        return stopped;
      },
    };
  } catch (err) {
    for (const { close } of closers.reverse()) await close().catch(() => undefined);
    throw err;
  }
}

/**
 * Runs the first exchange with a configured service, bounded, and turns its failure into one line
 * naming the variable (and the host, never the password).
 */
async function reach<T>(variable: string, url: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (err) {
    const { protocol, host, pathname } = new URL(url);
    throw new ConfigError(`${variable}: cannot reach ${protocol}//${host}${pathname === "/" ? "" : pathname} (${errorMessage(err)})`);
  } finally {
    clearTimeout(timer);
  }
}

async function probePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  await client.end();
}

function errorMessage(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return errorMessage(err.errors[0]);
  const error = err as { code?: string; message?: string };
  return error?.message || error?.code || String(err);
}

/** Where this machine reaches a server listening on `host`: loopback for a wildcard. */
function reachableHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return isIP(host) === 6 ? `[${host}]` : host;
}
