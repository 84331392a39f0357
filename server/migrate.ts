// Applies prisma/migrations at start-up with plain `pg`, keeping Prisma Migrate's bookkeeping
// (`_prisma_migrations`) exactly as `prisma migrate deploy` would, so both tools agree afterwards.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { Logger } from "./logger.js";

// The advisory-lock key Prisma Migrate itself takes, so we also serialise with `prisma migrate deploy`.
const PRISMA_MIGRATE_LOCK = "72707369";

// Prisma's own DDL for the table (schema engine, PostgreSQL flavour).
const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
  )`;

interface LocalMigration {
  name: string;
  sql: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/** Applies pending migrations in name order; returns the names applied by this call. */
export async function applyMigrations(
  databaseUrl: string,
  migrationsDir: string,
  log: Logger,
): Promise<string[]> {
  const local = await readMigrations(migrationsDir);
  // One dedicated connection: a session advisory lock belongs to the connection that took it.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${PRISMA_MIGRATE_LOCK}) AS locked`);
    if (!rows[0]?.locked) {
      log.info("another process is applying migrations; waiting for it");
      await client.query(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_LOCK})`);
    }
    // Read the table only under the lock: a replica that waited sees what the winner applied.
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = await appliedMigrations(client, local, log);
    const pending = local.filter((migration) => !applied.has(migration.name));
    for (const migration of pending) {
      await applyOne(client, migration, log);
    }
    log.info(
      pending.length === 0
        ? `database schema is up to date (${local.length} migrations)`
        : `applied ${pending.length} migration(s): ${pending.map((m) => m.name).join(", ")}`,
    );
    await client.query(`SELECT pg_advisory_unlock(${PRISMA_MIGRATE_LOCK})`);
    return pending.map((migration) => migration.name);
  } finally {
    // Also releases the lock when we got here through an error.
    await client.end();
  }
}

async function readMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  // Directories only, which leaves out migration_lock.toml.
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => ({ name, sql: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8") })),
  );
}

/** Names of migrations already applied; throws where Prisma would refuse to go on. */
async function appliedMigrations(
  client: pg.Client,
  local: LocalMigration[],
  log: Logger,
): Promise<Set<string>> {
  // Rows marked rolled back (`prisma migrate resolve --rolled-back`) don't count, as in Prisma.
  const { rows } = await client.query<MigrationRow>(
    "SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL",
  );
  const byName = new Map(local.map((migration) => [migration.name, migration]));
  const applied = new Set<string>();
  for (const row of rows) {
    if (row.finished_at === null) {
      throw new Error(
        `migration ${row.migration_name} failed in an earlier run (see _prisma_migrations.logs); ` +
          `fix the database, then run \`prisma migrate resolve --rolled-back ${row.migration_name}\` (or --applied)`,
      );
    }
    const migration = byName.get(row.migration_name);
    if (migration === undefined) {
      // e.g. applied by a newer release than this one; Prisma ignores these as well
      log.info(`migration ${row.migration_name} is applied in the database but missing locally`);
      continue;
    }
    if (!checksumMatches(migration.sql, row.checksum)) {
      throw new Error(
        `migration ${row.migration_name} was changed after it was applied ` +
          `(database checksum ${row.checksum}, migration.sql ${sha256(migration.sql)}); ` +
          "restore the applied file and put the change in a new migration",
      );
    }
    applied.add(row.migration_name);
  }
  return applied;
}

async function applyOne(client: pg.Client, migration: LocalMigration, log: Logger): Promise<void> {
  log.info(`applying migration ${migration.name}`);
  const t0 = Date.now();
  try {
    await client.query("BEGIN");
    // Without parameters pg uses the simple-query protocol, which runs the whole multi-statement
    // file, as Prisma does; our transaction makes the schema change and its row commit together.
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), sha256(migration.sql), migration.name],
    );
    await client.query("COMMIT");
  } catch (error) {
    // If the connection itself broke, closing it rolls back; don't hide the original error.
    await client.query("ROLLBACK").catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
  log.info(`applied migration ${migration.name} in ${Date.now() - t0} ms`);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

// Like Prisma, accept the file with either line ending, since git may convert them on checkout.
function checksumMatches(sql: string, checksum: string): boolean {
  return [sql, sql.replaceAll("\r\n", "\n"), sql.replaceAll("\n", "\r\n")].some((variant) => sha256(variant) === checksum);
}
