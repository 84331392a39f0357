// The last statement of deleteAgent: its tokens revoked and the row marked, on the database's clock.
import { Prisma, type Agent } from "../client.js";
import { query, type SqlClient } from "./db.js";

/** The agent, and the ids of the tokens revoked now (the caller evicts them from every replica's cache). */
export async function softDeleteAgent(db: SqlClient, agentId: string): Promise<{ agent: Agent; revokedTokenIds: string[] }> {
  const [row] = await query<Agent & { revokedTokenIds: string[] }>(db, Prisma.sql`
    WITH revoked AS (
      UPDATE "ApiToken" SET "revokedAt" = now() WHERE "agentId" = ${agentId}::uuid AND "revokedAt" IS NULL RETURNING "id"
    )
    UPDATE "Agent" SET "deletedAt" = now() WHERE "id" = ${agentId}::uuid
    RETURNING *, ARRAY(SELECT "id"::text FROM revoked) AS "revokedTokenIds"`);
  const { revokedTokenIds, ...agent } = row!;
  return { agent, revokedTokenIds };
}
