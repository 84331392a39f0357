// Which of some tokens are revoked.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * On the pool: a claimNextRun woken by a wake asks it before each look after its first, on the
 * dispatch path, and the subscription sweep asks it for every open socket's token.
 */
export async function revokedTokens(db: SqlClient, tokenIds: string[]): Promise<string[]> {
  const rows = await query<{ id: string }>(db, Prisma.sql`
    SELECT "id" FROM "ApiToken" WHERE "id" = ANY(${tokenIds}::uuid[]) AND "revokedAt" IS NOT NULL`);
  return rows.map((row) => row.id);
}
