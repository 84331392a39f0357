// Row-locking an issue's OPEN workspace before deciding to archive it.
import { Prisma, type Workspace } from "../client.js";
import { query, type SqlClient } from "./db.js";

/** Row-locks the issue's OPEN workspace, if any (see archiveIdleWorkspaces for why first). */
export async function lockOpenWorkspace(db: SqlClient, issueId: string): Promise<boolean> {
  const locked = await query<{ id: string }>(db, Prisma.sql`
    SELECT "id" FROM "Workspace" WHERE "issueId" = ${issueId}::uuid AND "status" = 'OPEN' FOR NO KEY UPDATE`);
  return locked.length > 0;
}
