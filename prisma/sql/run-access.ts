// The run-access rule as SQL: agents act only on their own runs, operators on their company's,
// the admin on all. resolvers/auth.ts states the same rule for TypeScript callers through the
// same two values (RunReach), so the three forms cannot drift apart.
import { Prisma } from "../client.js";

/** Whom a caller is limited to; null: not limited by that column. */
export interface RunReach {
  agentId: string | null;
  companyId: string | null;
}

/**
 * The predicate on "Run" `run`, over SQL expressions for the caller's agentId and companyId:
 * bound parameters for one caller, or a batch input's columns (`i."agentId"`) when each row of
 * one statement speaks for a different caller.
 */
export function runAccessPredicate(run: string, agentId: Prisma.Sql, companyId: Prisma.Sql): Prisma.Sql {
  const column = (name: string) => Prisma.raw(`${run}."${name}"`);
  return Prisma.sql`(${agentId} IS NULL OR ${column("agentId")} = ${agentId}) AND (${companyId} IS NULL OR ${column("companyId")} = ${companyId})`;
}

/** The predicate for one caller, its reach bound as parameters. */
export function runAccessSql(run: string, { agentId, companyId }: RunReach): Prisma.Sql {
  return runAccessPredicate(run, Prisma.sql`${agentId}::uuid`, Prisma.sql`${companyId}::uuid`);
}
