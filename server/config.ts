// Every operator knob, read and checked once from the environment. A bad value stops the server
// with a ConfigError that names the variable; nothing else in the code reads process.env.
import { isIP } from "node:net";
import { resolve } from "node:path";
import { MIN_TOKEN_LENGTH } from "../resolvers/auth.js";
import type { RunLogLimits } from "../resolvers/run-logs.js";
import { LOG_LEVELS } from "./logger.js";

export interface Config {
  port: number;
  /** The interface to listen on: 127.0.0.1 on the embedded database (a developer's machine), else every one. */
  host: string;
  /** Browser origins allowed to call the API cross-origin (CORS); none: only pages the server serves itself. */
  corsOrigins: string[];
  databaseUrl: string | null;
  redisUrl: string | null;
  adminToken: string | undefined;
  dataDir: string;
  /** Embedded mode only: the port to prefer for its PostgreSQL (else the last one used, else 5433). */
  embeddedPostgresPort: number | undefined;
  /** Connections in this replica's pg pool (shared by Prisma and the heartbeat writer). */
  dbPoolSize: number;
  plugins: string[];
  pluginRegistrationTimeoutMs: number;
  /** A driver's release() running longer than this is a failed cleanup attempt (retried). */
  releaseTimeoutMs: number;
  cleanupMaxAttempts: number;
  /** The wait after a failed cleanup attempt, doubling per attempt up to cleanupBackoffMaxMs. */
  cleanupBackoffMs: number;
  cleanupBackoffMaxMs: number;
  /** Consecutive failed prepare() calls that open a provider's breaker. */
  failureThreshold: number;
  /** The breaker's first cool-down, doubled by each failed probe up to coolDownMaxMs. */
  coolDownMs: number;
  coolDownMaxMs: number;
  reaperIntervalMs: number;
  /** How often this replica looks for due schedules (every replica does; each tick fires once in all). */
  schedulerIntervalMs: number;
  heartbeatRetentionHours: number;
  /** A heartbeat this long after its run's previous one is kept in history (a gap: beats were lost or the runner stalled). */
  heartbeatHistoryGapSeconds: number;
  /** What appendRunLogs stores per run, and how long after a run finished it still accepts its last chunks. */
  runLogs: RunLogLimits;
  /** Log chunks older than this are pruned by the reaper; 0 keeps them for good. */
  logRetentionHours: number;
  /** How long SIGTERM's drain may take before the process exits anyway. */
  drainTimeoutMs: number;
  /** Bytes a subscription socket may have unsent before it is closed as too slow to read. */
  wsMaxBufferedBytes: number;
  /** The least severe log level written (LOG_LEVEL): fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
}

/** A knob with a value the server cannot use; its message names the variable. */
export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const adminToken = env.RUNYARD_ADMIN_TOKEN || undefined;
  if (adminToken && adminToken.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(`RUNYARD_ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  const databaseUrl = url(env, "DATABASE_URL", ["postgres:", "postgresql:"]);
  const config: Config = {
    port: integer(env, "PORT", 4000, 0, 65535),
    host: host(env, "HOST", databaseUrl ? "0.0.0.0" : "127.0.0.1"),
    corsOrigins: origins(env, "RUNYARD_CORS_ORIGINS"),
    databaseUrl,
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"]),
    adminToken,
    dataDir: resolve(env.RUNYARD_DATA_DIR || ".runyard"),
    embeddedPostgresPort: env.RUNYARD_EMBEDDED_PG_PORT ? integer(env, "RUNYARD_EMBEDDED_PG_PORT", 0, 1, 65535) : undefined,
    dbPoolSize: integer(env, "RUNYARD_DB_POOL_SIZE", 20, 1, 1000),
    plugins: (env.RUNYARD_PLUGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    pluginRegistrationTimeoutMs: integer(env, "RUNYARD_PLUGIN_REGISTRATION_TIMEOUT_MS", 30_000),
    releaseTimeoutMs: integer(env, "RUNYARD_RELEASE_TIMEOUT_MS", 60_000, 1, MAX_TIMER_MS),
    cleanupMaxAttempts: integer(env, "RUNYARD_CLEANUP_MAX_ATTEMPTS", 10, 1, 1000),
    cleanupBackoffMs: integer(env, "RUNYARD_CLEANUP_BACKOFF_MS", 5_000, 1, MAX_TIMER_MS),
    cleanupBackoffMaxMs: integer(env, "RUNYARD_CLEANUP_BACKOFF_MAX_MS", 600_000, 1, MAX_TIMER_MS),
    failureThreshold: integer(env, "RUNYARD_PROVIDER_FAILURE_THRESHOLD", 5, 1, 1000),
    coolDownMs: integer(env, "RUNYARD_PROVIDER_COOL_DOWN_MS", 30_000, 1, MAX_COOL_DOWN_MS),
    coolDownMaxMs: integer(env, "RUNYARD_PROVIDER_COOL_DOWN_MAX_MS", 600_000, 1, MAX_COOL_DOWN_MS),
    reaperIntervalMs: integer(env, "RUNYARD_REAPER_INTERVAL_MS", 5_000),
    schedulerIntervalMs: integer(env, "RUNYARD_SCHEDULER_INTERVAL_MS", 1_000),
    // 0 keeps heartbeat history for good.
    heartbeatRetentionHours: integer(env, "RUNYARD_HEARTBEAT_RETENTION_HOURS", 168, 0),
    // Twice the runner's default interval (5 s): a beat this late means one went missing.
    heartbeatHistoryGapSeconds: integer(env, "RUNYARD_HEARTBEAT_HISTORY_GAP_SECONDS", 10, 1, 86_400),
    runLogs: {
      // An Int column counts them (Run.logBytes).
      maxBytes: integer(env, "RUNYARD_RUN_LOG_MAX_BYTES", 50 * 1024 * 1024, 0, 2 ** 31 - 1),
      graceSeconds: integer(env, "RUNYARD_RUN_LOG_GRACE_SECONDS", 60, 0, 86_400),
    },
    // 0 keeps log chunks for good.
    logRetentionHours: integer(env, "RUNYARD_LOG_RETENTION_HOURS", 720, 0),
    drainTimeoutMs: integer(env, "RUNYARD_DRAIN_TIMEOUT_MS", 15_000),
    wsMaxBufferedBytes: integer(env, "RUNYARD_WS_MAX_BUFFERED_BYTES", 262_144),
    logLevel: oneOf(env, "LOG_LEVEL", LOG_LEVELS, "info"),
  };
  if (config.cleanupBackoffMaxMs < config.cleanupBackoffMs) {
    throw new ConfigError(`RUNYARD_CLEANUP_BACKOFF_MAX_MS (${config.cleanupBackoffMaxMs}) must be at least RUNYARD_CLEANUP_BACKOFF_MS (${config.cleanupBackoffMs})`);
  }
  if (config.coolDownMaxMs < config.coolDownMs) {
    throw new ConfigError(`RUNYARD_PROVIDER_COOL_DOWN_MAX_MS (${config.coolDownMaxMs}) must be at least RUNYARD_PROVIDER_COOL_DOWN_MS (${config.coolDownMs})`);
  }
  return config;
}

/** setTimeout's limit (about 24.8 days): a longer delay fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A cool-down is stored in an int column (ms) and doubled: a day is plenty. */
const MAX_COOL_DOWN_MS = 24 * 3600 * 1000;

/** `min` 0 where zero means something (an ephemeral PORT, history kept for good); a zero interval or timeout is a mistake. */
function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function oneOf(env: NodeJS.ProcessEnv, name: string, allowed: readonly string[], fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (allowed.includes(raw)) return raw;
  throw new ConfigError(`${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(raw)}`);
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (!raw) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(" or ")}`);
  }
  return raw;
}

function host(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (isIP(raw) || /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(raw)) return raw;
  throw new ConfigError(`${name} must be an IP address or a host name, got ${JSON.stringify(raw)}`);
}

/** Comma-separated origins (`https://dash.example.com`, `http://localhost:5173`), each exactly an origin. */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((origin) => {
      // As a browser sends it in `Origin`: scheme and host in lower case, no default port.
      const parsed = URL.canParse(origin) ? new URL(origin) : null;
      if (!parsed || !["http:", "https:"].includes(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, "").toLowerCase()) {
        throw new ConfigError(`${name}: ${JSON.stringify(origin)} is not an origin (scheme://host[:port], no path; * is not accepted)`);
      }
      return parsed.origin;
    });
}
