// Until when a provider's breaker is open, as now committed.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Read for a refused claim's answer, after admit-to-provider.ts found the breaker open: a fresh
 * statement, so it sees a probe's reopening committed since (the admission's snapshot may not).
 */
export async function breakerOpenUntil(db: SqlClient, providerKey: string): Promise<Date | null> {
  const [row] = await query<{ openUntil: Date | null }>(db, Prisma.sql`SELECT "openUntil" FROM "ProviderBreaker" WHERE "providerKey" = ${providerKey}`);
  return row?.openUntil ?? null;
}
