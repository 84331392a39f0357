// Creating an issue's OPEN workspace; the partial unique index keeps it one.
import { Prisma, type Workspace } from "../client.js";
import { query, type SqlClient } from "./db.js";

/** A new OPEN workspace from the issue's config, or nothing if the issue already has one (the index says). */
export async function insertOpenWorkspace(db: SqlClient, issueId: string): Promise<Workspace | null> {
  const [inserted] = await query<Workspace>(db, Prisma.sql`
    INSERT INTO "Workspace" ("id", "companyId", "issueId", "status", "config", "configVersion", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), i."companyId", i."id", 'OPEN', i."workspaceConfig", 1, now(), now() FROM "Issue" i WHERE i."id" = ${issueId}::uuid
    ON CONFLICT ("issueId") WHERE "status" = 'OPEN' DO NOTHING
    RETURNING *`);
  return inserted ?? null;
}
