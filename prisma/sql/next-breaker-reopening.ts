// When the earliest open circuit breaker ends its cool-down: a waiting claimNextRun that found
// nothing looks again then, since no event announces it.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Any provider's, not only those of the caller's runs: a look too many costs one empty claim, and
 * the table holds one row per provider that ever failed. On the database's clock, as openUntil is.
 */
export async function nextBreakerReopening(db: SqlClient): Promise<Date | null> {
  const [row] = await query<{ at: Date | null }>(db, Prisma.sql`
    SELECT min("openUntil") AS "at" FROM "ProviderBreaker" WHERE "openUntil" > now()`);
  return row?.at ?? null;
}
