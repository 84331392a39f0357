// Execution workspaces: one OPEN per issue (a partial unique index), reused by the issue's runs,
// archived once the issue is closed and nothing runs in it.
import { Prisma, type DbTransaction, type Workspace } from "../prisma/client.js";
import { RunyardError } from "./errors.js";

/**
 * The issue's OPEN workspace, created from its workspaceConfig if it has none. Two callers racing
 * on a fresh issue both end up with the one row the unique index let in.
 */
export async function ensureOpenWorkspace(tx: DbTransaction, issueId: string): Promise<Workspace> {
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

/** Archives the workspaces (of the given issue, or all) whose issue is closed and that run nothing. */
export async function archiveIdleWorkspaces(tx: DbTransaction, issueId?: string): Promise<Workspace[]> {
  const scope = issueId ? Prisma.sql`AND w."issueId" = ${issueId}::uuid` : Prisma.empty;
  return tx.$queryRaw<Workspace[]>`
    UPDATE "Workspace" w SET "status" = 'ARCHIVED', "archivedAt" = now(), "updatedAt" = now()
    FROM "Issue" i
    WHERE i."id" = w."issueId" AND w."status" = 'OPEN' AND i."status" IN ('DONE', 'CANCELLED') ${scope}
      AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."workspaceId" = w."id" AND r."status" = 'RUNNING')
    RETURNING w.*`;
}
