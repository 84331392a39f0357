// Archiving the OPEN workspaces of closed issues that run nothing.
import { Prisma, type Workspace } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Archives the OPEN workspaces of closed issues that run nothing: the given issue's (locked by
 * the caller), or, for the reaper, any whose row no one else holds (SKIP LOCKED: whoever holds
 * it decides).
 */
export function archiveIdleWorkspaces(db: SqlClient, issueId?: string): Promise<Workspace[]> {
  const scope = issueId
    ? Prisma.sql`AND w."issueId" = ${issueId}::uuid`
    : Prisma.sql`AND w."id" IN (
        SELECT w2."id" FROM "Workspace" w2 JOIN "Issue" i2 ON i2."id" = w2."issueId"
        WHERE w2."status" = 'OPEN' AND i2."status" IN ('DONE', 'CANCELLED')
        FOR NO KEY UPDATE OF w2 SKIP LOCKED)`;
  return query<Workspace>(db, Prisma.sql`
    UPDATE "Workspace" w SET "status" = 'ARCHIVED', "archivedAt" = now(), "updatedAt" = now()
    FROM "Issue" i
    WHERE i."id" = w."issueId" AND w."status" = 'OPEN' AND i."status" IN ('DONE', 'CANCELLED') ${scope}
      AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."workspaceId" = w."id" AND r."status" = 'RUNNING')
    RETURNING w.*`);
}
