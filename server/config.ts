// The operator's knobs, read once from the environment.
import { resolve } from "node:path";
import { MIN_TOKEN_LENGTH } from "../resolvers/auth.js";

export interface Config {
  port: number;
  databaseUrl: string | null;
  redisUrl: string | null;
  adminToken: string | undefined;
  dataDir: string;
  plugins: string[];
  pluginRegistrationTimeoutMs: number;
  reaperIntervalMs: number;
  heartbeatRetentionHours: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const adminToken = env.RUNYARD_ADMIN_TOKEN || undefined;
  if (adminToken && adminToken.length < MIN_TOKEN_LENGTH) {
    throw new Error(`RUNYARD_ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  return {
    port: positiveInt(env, "PORT", 4000, 0),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    adminToken,
    dataDir: resolve(env.RUNYARD_DATA_DIR || ".runyard"),
    plugins: (env.RUNYARD_PLUGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    pluginRegistrationTimeoutMs: positiveInt(env, "RUNYARD_PLUGIN_REGISTRATION_TIMEOUT_MS", 30_000),
    reaperIntervalMs: positiveInt(env, "RUNYARD_REAPER_INTERVAL_MS", 5_000),
    heartbeatRetentionHours: positiveInt(env, "RUNYARD_HEARTBEAT_RETENTION_HOURS", 168, 0),
  };
}

/** `min` 0 where zero means something (an ephemeral PORT, history kept for good); a zero interval or timeout is a mistake. */
function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${raw}`);
  return value;
}
