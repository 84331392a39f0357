// Reading an issue's OPEN workspace, after an insert of it lost to a concurrent one.
import { Prisma, type Workspace } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * A statement of its own, not part of the insert: under READ COMMITTED a new statement takes a new
 * snapshot, which sees the row the concurrent winner committed (the insert's snapshot did not).
 */
export async function openWorkspaceOfIssue(db: SqlClient, issueId: string): Promise<Workspace | null> {
  const [workspace] = await query<Workspace>(db, Prisma.sql`
    SELECT * FROM "Workspace" WHERE "issueId" = ${issueId}::uuid AND "status" = 'OPEN'`);
  return workspace ?? null;
}
