// What the statements in prisma/sql/ run on: the Prisma client, an interactive transaction, or
// the pg pool underneath them (for hot autocommit statements: it skips the ORM's per-query cost).
import { createHash } from "node:crypto";
import type pg from "pg";
import type { DbTransaction, Pool, Prisma } from "../client.js";

export type SqlClient = Pick<DbTransaction, "$queryRaw"> | Pick<Pool, "query"> | Pick<pg.PoolClient, "query">;

const statementNames = new Map<string, string>();

/**
 * One statement on whichever client: a Prisma.Sql carries both its `$n` text and its values. On
 * the pool it is a named statement, prepared once per connection (as the Prisma adapter names
 * its own): these CTE statements cost more to plan than to run.
 */
export async function query<Row>(db: SqlClient, statement: Prisma.Sql): Promise<Row[]> {
  if ("$queryRaw" in db) return db.$queryRaw<Row[]>(statement);
  const text = statement.text;
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `ry_${createHash("sha1").update(text).digest("hex")}`));
  const { rows } = await db.query({ name, text, values: statement.values });
  return rows as Row[];
}

/** A transaction's statements may wait on locks this long in all before it gives up (Prisma's interactive timeout, for the pg path). */
const TRANSACTION_STATEMENT_TIMEOUT_MS = 15_000;

/**
 * `work` in one transaction on a connection of the pool, committed when it returns and rolled back
 * when it throws. For the hot multi-statement paths (a claim, a run's end): the statements go
 * straight to pg, without the ORM's per-query cost (most of a claim's CPU through $transaction).
 * BEGIN and the timeout are one round trip.
 */
export async function inTransaction<T>(pool: Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${TRANSACTION_STATEMENT_TIMEOUT_MS}`);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    // A connection whose ROLLBACK fails is in an unknown state: the pool must not hand it out again.
    await client.query("ROLLBACK").catch((rollbackFailed: Error) => (broken = rollbackFailed));
    throw err;
  } finally {
    client.release(broken);
  }
}
