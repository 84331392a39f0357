// What the statements in prisma/sql/ run on: the Prisma client, an interactive transaction, or
// the pg pool underneath them (for hot autocommit statements: it skips the ORM's per-query cost).
import type { DbTransaction, Pool, Prisma } from "../client.js";

export type SqlClient = Pick<DbTransaction, "$queryRaw"> | Pick<Pool, "query">;

/** One statement on whichever client: a Prisma.Sql carries both its `$n` text and its values. */
export async function query<Row>(db: SqlClient, statement: Prisma.Sql): Promise<Row[]> {
  if ("$queryRaw" in db) return db.$queryRaw<Row[]>(statement);
  const { rows } = await db.query({ text: statement.text, values: statement.values });
  return rows as Row[];
}
