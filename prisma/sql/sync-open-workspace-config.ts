// Copying an issue's new workspaceConfig into its OPEN workspace.
import { Prisma, type Workspace } from "../client.js";
import { query, type SqlClient } from "./db.js";

/** Bumps configVersion only when the config really changes (jsonb equality, decided under the row lock). */
export async function syncOpenWorkspaceConfig(db: SqlClient, issueId: string, config: unknown): Promise<Workspace | null> {
  const [row] = await query<Workspace>(db, Prisma.sql`
    UPDATE "Workspace" SET "config" = ${JSON.stringify(config)}::jsonb, "configVersion" = "configVersion" + 1, "updatedAt" = now()
    WHERE "issueId" = ${issueId}::uuid AND "status" = 'OPEN' AND "config" IS DISTINCT FROM ${JSON.stringify(config)}::jsonb
    RETURNING *`);
  return row ?? null;
}
