// What the statements in prisma/sql/ run on: the Prisma client, an interactive transaction, or
// the pg pool underneath them (for hot autocommit statements: it skips the ORM's per-query cost).
import { createHash } from "node:crypto";
import type { DbTransaction, Pool, Prisma } from "../client.js";

export type SqlClient = Pick<DbTransaction, "$queryRaw"> | Pick<Pool, "query">;

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
