// The token a bearer credential is, by its SHA-256.
import { Prisma, type ApiToken } from "../client.js";
import { query, type SqlClient } from "./db.js";

export type TokenOfHash = Pick<ApiToken, "id" | "kind" | "companyId" | "agentId" | "revokedAt">;

/**
 * On the pool, not the ORM: every request whose token is not in the replica's viewer cache asks
 * it, so a fleet of agents asks it once per token per cache TTL, and the ORM's per-query cost
 * (its query compiler) showed in the fleet's tail.
 */
export async function tokenByHash(db: SqlClient, tokenHash: string): Promise<TokenOfHash | null> {
  const [row] = await query<TokenOfHash>(db, Prisma.sql`
    SELECT "id", "kind", "companyId", "agentId", "revokedAt" FROM "ApiToken" WHERE "tokenHash" = ${tokenHash}`);
  return row ?? null;
}
