// Where the test suite finds PostgreSQL and Redis; CI and developers override them with env vars.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const MIGRATIONS_DIR = path.join(REPO_ROOT, "prisma/migrations");

/**
 * The migrated database every test database is cloned from, named by a hash of the migrations: an
 * edited or added migration gets a fresh template, and several test runs at once on one PostgreSQL
 * (developers, CI) share one instead of dropping it from under each other.
 */
export const TEMPLATE_DATABASE = `runyard_tpl_${migrationsHash()}`;

function migrationsHash(): string {
  const hash = createHash("sha256");
  const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const name of names) {
    hash.update(`${name}\0`).update(readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"))).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** TEST_POSTGRES_URL pointed at another database on the same server. */
export function databaseUrlFor(database: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
