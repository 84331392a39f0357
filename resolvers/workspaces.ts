// Execution workspaces: one OPEN per issue (a partial unique index), reused by the issue's runs,
// archived once the issue is closed and nothing runs in it.
import { Prisma, type DbTransaction, type Workspace } from "../prisma/client.js";
import { RunyardError, notFound } from "./errors.js";

/**
 * The issue's OPEN workspace, created from its workspaceConfig if it has none. Two callers racing
 * on a fresh issue both end up with the one row the unique index let in.
 *
 * The issue row is share-locked first, so the config copied into a new workspace is the committed
 * one: an `updateIssue` in flight either commits before (and its config is copied) or waits for
 * this transaction (and then syncs the workspace it inserted). A closed issue takes no new runs.
 */
export async function ensureOpenWorkspace(tx: DbTransaction, issueId: string): Promise<Workspace> {
  const [issue] = await tx.$queryRaw<{ status: string }[]>`
    SELECT "status" FROM "Issue" WHERE "id" = ${issueId}::uuid FOR SHARE`;
  if (!issue) throw notFound("issue", issueId);
  if (issue.status === "DONE" || issue.status === "CANCELLED") {
    throw new RunyardError("BAD_USER_INPUT", `issue is ${issue.status}; a closed issue takes no runs`, { field: "issueId" });
  }
  const inserted = await tx.$queryRaw<Workspace[]>`
    INSERT INTO "Workspace" ("id", "companyId", "issueId", "status", "config", "configVersion", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), i."companyId", i."id", 'OPEN', i."workspaceConfig", 1, now(), now() FROM "Issue" i WHERE i."id" = ${issueId}::uuid
    ON CONFLICT ("issueId") WHERE "status" = 'OPEN' DO NOTHING
    RETURNING *`;
  if (inserted[0]) return inserted[0];
  // READ COMMITTED: this new statement sees the row the concurrent winner committed.
  const existing = await tx.workspace.findFirst({ where: { issueId, status: "OPEN" } });
  if (!existing) throw new RunyardError("INTERNAL", "workspace could not be created");
  return existing;
}

/** Bumps configVersion only when the config really changes (jsonb equality, decided under the row lock). */
export async function syncWorkspaceConfig(tx: DbTransaction, issueId: string, config: unknown): Promise<Workspace | null> {
  const rows = await tx.$queryRaw<Workspace[]>`
    UPDATE "Workspace" SET "config" = ${JSON.stringify(config)}::jsonb, "configVersion" = "configVersion" + 1, "updatedAt" = now()
    WHERE "issueId" = ${issueId}::uuid AND "status" = 'OPEN' AND "config" IS DISTINCT FROM ${JSON.stringify(config)}::jsonb
    RETURNING *`;
  return rows[0] ?? null;
}

/**
 * Archives the workspaces (of the given issue, or all) whose issue is closed and that run nothing.
 *
 * For one issue, its OPEN workspace is row-locked first and decided in a later statement: of two
 * transactions racing to end the last RUNNING run (or one closing the issue while another ends
 * that run), the second waits for the first and then sees its commit, so one of them archives.
 * (Deciding in one statement, each would still see the other's run RUNNING, and neither would.)
 * The reaper's sweep over all issues skips rows others hold; whoever holds them decides.
 */
export async function archiveIdleWorkspaces(tx: DbTransaction, issueId?: string): Promise<Workspace[]> {
  if (issueId) {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Workspace" WHERE "issueId" = ${issueId}::uuid AND "status" = 'OPEN' FOR NO KEY UPDATE`;
    if (locked.length === 0) return [];
  }
  const scope = issueId
    ? Prisma.sql`AND w."issueId" = ${issueId}::uuid`
    : Prisma.sql`AND w."id" IN (
        SELECT w2."id" FROM "Workspace" w2 JOIN "Issue" i2 ON i2."id" = w2."issueId"
        WHERE w2."status" = 'OPEN' AND i2."status" IN ('DONE', 'CANCELLED')
        FOR NO KEY UPDATE OF w2 SKIP LOCKED)`;
  return tx.$queryRaw<Workspace[]>`
    UPDATE "Workspace" w SET "status" = 'ARCHIVED', "archivedAt" = now(), "updatedAt" = now()
    FROM "Issue" i
    WHERE i."id" = w."issueId" AND w."status" = 'OPEN' AND i."status" IN ('DONE', 'CANCELLED') ${scope}
      AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."workspaceId" = w."id" AND r."status" = 'RUNNING')
    RETURNING w.*`;
}
