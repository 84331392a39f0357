// Share-locking an issue while a workspace is made from its config.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/** The issue's status, share-locked so its workspaceConfig cannot change until this transaction ends. */
export async function lockIssueForShare(db: SqlClient, issueId: string): Promise<{ status: string } | null> {
  const [issue] = await query<{ status: string }>(db, Prisma.sql`SELECT "status" FROM "Issue" WHERE "id" = ${issueId}::uuid FOR SHARE`);
  return issue ?? null;
}
