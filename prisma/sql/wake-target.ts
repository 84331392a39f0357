// What a wake (or a schedule of wakes) is for: its agent, issue and environment, read together.
import { Prisma, type IssueStatus } from "../client.js";
import { query, type SqlClient } from "./db.js";

export interface WakeTargetRow {
  /** Null when the agent is missing or deleted. */
  agentCompanyId: string | null;
  defaultEnvironmentId: string | null;
  issueCompanyId: string | null;
  issueStatus: IssueStatus | null;
  /** Null when no environment was named, or it is missing or deleted. */
  environmentCompanyId: string | null;
}

/**
 * One round trip on the pool instead of three ORM reads: the wake is on the dispatch path
 * (wake → claim), and the ORM's per-query cost was most of a wake's CPU. Each row is looked up by
 * its primary key on a LEFT JOIN from one constant row, so a missing one is a NULL column, never a
 * missing answer. Outside the wake's transaction: the wake statement itself re-checks, race-free,
 * that the agent and environment are still live (prisma/sql/wake-run.ts).
 */
export async function wakeTarget(
  db: SqlClient,
  { agentId, issueId, environmentId }: { agentId: string; issueId: string; environmentId: string | null },
): Promise<WakeTargetRow> {
  const [row] = await query<WakeTargetRow>(db, Prisma.sql`
    SELECT a."companyId" AS "agentCompanyId", a."defaultEnvironmentId",
           i."companyId" AS "issueCompanyId", i."status"::text AS "issueStatus",
           e."companyId" AS "environmentCompanyId"
    FROM (VALUES (1)) AS one (n)
    LEFT JOIN "Agent" a ON a."id" = ${agentId}::uuid AND a."deletedAt" IS NULL
    LEFT JOIN "Issue" i ON i."id" = ${issueId}::uuid
    LEFT JOIN "Environment" e ON e."id" = ${environmentId}::uuid AND e."deletedAt" IS NULL`);
  return row!;
}
