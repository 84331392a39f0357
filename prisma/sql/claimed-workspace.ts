// What a committed claim hands its provider's prepare(): the run's workspace and its environment.
import { Prisma, type Workspace } from "../client.js";
import { query, type SqlClient } from "./db.js";

export type ClaimedWorkspace = Workspace & { providerKey: string; environmentConfig: Prisma.JsonValue };

/** One round trip for both rows (the claim's answer waits on it). Null if either is gone. */
export async function claimedWorkspace(db: SqlClient, { workspaceId, environmentId }: { workspaceId: string; environmentId: string }): Promise<ClaimedWorkspace | null> {
  const [row] = await query<ClaimedWorkspace>(db, Prisma.sql`
    SELECT w.*, e."providerKey", e."config" AS "environmentConfig"
    FROM "Workspace" w JOIN "Environment" e ON e."id" = ${environmentId}::uuid
    WHERE w."id" = ${workspaceId}::uuid`);
  return row ?? null;
}
