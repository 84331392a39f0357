// Vitest globalSetup: makes sure the template database every test database is cloned from exists,
// and checks that Redis is up, so a missing service fails once and clearly instead of in every test.
import { Redis } from "ioredis";
import pg from "pg";
import { applyMigrations } from "../../server/migrate.js";
import { databaseUrlFor, MIGRATIONS_DIR, TEMPLATE_DATABASE, TEST_POSTGRES_URL, TEST_REDIS_URL } from "./env.js";
import { createLogger } from "../../server/logger.js";

export default async function setup(): Promise<void> {
  await buildTemplateDatabase();
  await checkRedis();
}

// Serialises template builds of concurrent test runs (an advisory lock on the maintenance database).
const TEMPLATE_LOCK_KEY = 7345110002;

/**
 * Builds the template once per set of migrations. It is migrated under a temporary name and renamed
 * when complete, so a test run never clones a half-built template, and one that is already there
 * (another run built it) is reused as is.
 */
async function buildTemplateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`tests need PostgreSQL at ${TEST_POSTGRES_URL} (set TEST_DATABASE_URL): ${String(error)}`, { cause: error });
  }
  try {
    await admin.query(`SELECT pg_advisory_lock(${TEMPLATE_LOCK_KEY})`);
    const existing = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [TEMPLATE_DATABASE]);
    if (existing.rowCount) {
      console.log(`[global-setup] reusing ${TEMPLATE_DATABASE}`);
      return;
    }
    const building = `${TEMPLATE_DATABASE}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${building}`);
    const t0 = Date.now();
    const applied = await applyMigrations(databaseUrlFor(building), MIGRATIONS_DIR, createLogger("silent"));
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${TEMPLATE_DATABASE}`);
    console.log(`[global-setup] built ${TEMPLATE_DATABASE}: ${applied.length} migration(s) in ${Date.now() - t0} ms`);
  } finally {
    await admin.end(); // also releases the advisory lock
  }
}

async function checkRedis(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`tests need Redis at ${TEST_REDIS_URL} (set REDIS_URL): ${String(error)}`, { cause: error });
  } finally {
    redis.disconnect();
  }
}
