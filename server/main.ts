// The server entry: picks real or embedded services, migrates, loads providers, serves one port,
// reaps orphans, and drains on SIGTERM.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { connectDatabase } from "../prisma/client.js";
import { createInProcessPubSub, createRedisPubSub } from "../pubsub/event-target.js";
import { InProcessLockService, RedisLockService } from "../pubsub/locks.js";
import { connectRedis, type RedisConnections } from "../pubsub/redis.js";
import { ensureAdminToken, evictRevokedTokens, ViewerCache } from "../resolvers/auth.js";
import { createLocalProvider } from "../resolvers/local-provider.js";
import { ProviderRegistry } from "../resolvers/providers.js";
import { HeartbeatWriter } from "../resolvers/heartbeats.js";
import { startReaper } from "../resolvers/reaper.js";
import type { Runtime } from "../resolvers/runtime.js";
import { schema } from "../schema/index.js";
import { readConfig } from "./config.js";
import { startEmbeddedPostgres } from "./embedded-postgres.js";
import { createHttpServer } from "./http.js";
import { applyMigrations } from "./migrate.js";

const startedAt = Date.now();
const log = (msg: string) => console.log(`[runyard] ${msg}`);
const config = readConfig();
const replicaId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, log);
const databaseUrl = config.databaseUrl ?? embedded!.databaseUrl;
log(embedded ? `database: embedded PostgreSQL under ${config.dataDir} (set DATABASE_URL to use your own)` : "database: DATABASE_URL");

await applyMigrations(databaseUrl, fileURLToPath(new URL("../prisma/migrations", import.meta.url)), log);

const database = connectDatabase(databaseUrl);
const { db } = database;
let redis: RedisConnections | null = null;
if (config.redisUrl) {
  redis = await connectRedis(config.redisUrl, log);
  log("pubsub and locks: Redis (REDIS_URL)");
} else {
  log("pubsub and locks: in-process (set REDIS_URL to run several replicas)");
}

const providers = new ProviderRegistry(config.pluginRegistrationTimeoutMs, log);
providers.add(createLocalProvider(config.dataDir), "builtin");
await providers.loadPlugins(config.plugins);

const runtime: Runtime = {
  db,
  pool: database.pool,
  pubsub: redis ? createRedisPubSub(redis.publish, redis.subscribe, log) : createInProcessPubSub(),
  locks: redis ? new RedisLockService(redis.locks, log) : new InProcessLockService(),
  providers,
  heartbeats: new HeartbeatWriter(database.pool),
  viewers: new ViewerCache(),
  replicaId,
  log,
};
void evictRevokedTokens(runtime.pubsub, runtime.viewers);

await ensureAdminToken(db, config.adminToken, log);

const http = createHttpServer(runtime, schema, {
  async check() {
    const database = await db.$queryRaw`SELECT 1`.then(() => "ok", (err: Error) => err.message);
    const redisState = redis ? await redis.publish.ping().then(() => "ok", (err: Error) => err.message) : "in-process";
    const registering = providers.registering();
    const ready = database === "ok" && (redisState === "ok" || redisState === "in-process") && registering.length === 0;
    return { ready, details: { database, redis: redisState, providers: providers.list().map(({ key, state, error }) => ({ key, state, error })) } };
  },
});
await new Promise<void>((resolve, reject) => {
  http.server.once("error", reject);
  http.server.listen(config.port, resolve);
});
const reaper = startReaper(runtime, { intervalMs: config.reaperIntervalMs, heartbeatRetentionHours: config.heartbeatRetentionHours });
// Counted from the process start (node, the TypeScript loader and loading our modules included),
// with the part after the modules loaded in parentheses.
log(
  `replica ${replicaId} serving on port ${config.port} in ${Math.round(process.uptime() * 1000)} ms ` +
    `(${Date.now() - startedAt} ms after loading); GraphiQL at http://localhost:${config.port}/graphql`,
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: draining`);
  const force = setTimeout(() => {
    log("drain took too long; exiting");
    process.exit(1);
  }, 15_000);
  force.unref();
  // Every step runs even if one before it failed: an embedded PostgreSQL must stop whatever happened.
  let clean = true;
  const step = async (what: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      clean = false;
      log(`stopping ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  await step("the reaper", () => reaper.stop());
  await step("the HTTP server", () => http.drain());
  await step("the database client", () => database.close());
  await step("Redis", async () => redis?.close());
  await step("embedded PostgreSQL", async () => embedded?.stop());
  log(clean ? "stopped" : "stopped, with errors");
  process.exit(clean ? 0 : 1);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
