// Usage summed over runs, per key, for a batch of agents or companies at once (one statement per
// page of them, not per row: Agent.usage / Company.usage in a list).
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

export interface UsageSumRow {
  ownerId: string;
  key: string;
  total: number;
}

/**
 * Runs created at or after `since` (null: since the first of this month, UTC, on the database's
 * clock), on the ("agentId" | "companyId", "createdAt") indexes. Keys no run reported are absent.
 */
export function sumUsage(db: SqlClient, by: "agentId" | "companyId", ownerIds: string[], since: Date | null): Promise<UsageSumRow[]> {
  const owner = Prisma.raw(`r."${by}"`);
  return query<UsageSumRow>(db, Prisma.sql`
    SELECT ${owner} AS "ownerId", u."key", sum(u."value"::numeric)::float8 AS "total"
    FROM "Run" r CROSS JOIN LATERAL jsonb_each_text(r."usage") AS u("key", "value")
    WHERE ${owner} = ANY(${ownerIds}::uuid[])
      AND r."createdAt" >= COALESCE(${since}::timestamptz, date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
    GROUP BY 1, 2`);
}
