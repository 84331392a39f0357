// One database per test file, cloned from the migrated template (fast, and files can run in parallel).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { databaseUrlFor, TEMPLATE_DATABASE, TEST_POSTGRES_URL } from "./env.js";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `runyard_t_${randomBytes(6).toString("hex")}`;
  await onServer(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  return {
    url: databaseUrlFor(name),
    // FORCE ends the sessions of servers a test left running (or killed) on it.
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A database with nothing in it (no migrations applied): what a first deployment starts on. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `runyard_e_${randomBytes(6).toString("hex")}`;
  await onServer(`CREATE DATABASE ${name}`);
  return {
    url: databaseUrlFor(name),
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onServer(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
