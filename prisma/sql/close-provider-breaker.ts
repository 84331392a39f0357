// A prepare() that succeeded: its provider's breaker closes.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";
import type { BreakerState } from "./record-prepare-failure.js";

/**
 * Conditional, so a healthy provider's successful claims (the hot path) match nothing and write
 * nothing. A success closes the breaker however it was open: a probe's, or that of a claim that
 * was in flight when it opened (the failures were not consecutive after all). Null: it was closed
 * already.
 */
export async function closeProviderBreaker(db: SqlClient, providerKey: string): Promise<BreakerState | null> {
  const [row] = await query<BreakerState>(db, Prisma.sql`
    UPDATE "ProviderBreaker" SET "consecutiveFailures" = 0, "openUntil" = NULL, "coolDownMs" = NULL
    WHERE "providerKey" = ${providerKey} AND ("consecutiveFailures" > 0 OR "openUntil" IS NOT NULL)
    RETURNING "providerKey", "consecutiveFailures", "openUntil", "coolDownMs"`);
  return row ?? null;
}
