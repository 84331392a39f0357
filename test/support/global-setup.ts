// Vitest globalSetup: builds the template database every test database is cloned from, and checks
// that Redis is up, so a missing service fails once and clearly instead of in every test.
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { applyMigrations } from "../../server/migrate.js";
import { databaseUrlFor, REPO_ROOT, TEMPLATE_DATABASE, TEST_POSTGRES_URL, TEST_REDIS_URL } from "./env.js";

export default async function setup(): Promise<void> {
  await buildTemplateDatabase();
  await checkRedis();
}

async function buildTemplateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`tests need PostgreSQL at ${TEST_POSTGRES_URL} (set TEST_DATABASE_URL): ${String(error)}`, { cause: error });
  }
  try {
    // Rebuilt from scratch on every run, so an edited migration is always what the tests see.
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const t0 = Date.now();
  const applied = await applyMigrations(databaseUrlFor(TEMPLATE_DATABASE), path.join(REPO_ROOT, "prisma/migrations"), () => {});
  console.log(`[global-setup] ${TEMPLATE_DATABASE}: ${applied.length} migration(s) in ${Date.now() - t0} ms`);
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
