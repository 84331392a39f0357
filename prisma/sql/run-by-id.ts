// One run's row, for the checks before a claim or a run's end.
import { Prisma, type Run } from "../client.js";
import { query, type SqlClient } from "./db.js";

/** On the pool, not the ORM: claimRun and finishRun read it before their transaction, on the hot path. */
export async function runById(db: SqlClient, runId: string): Promise<Run | null> {
  const [run] = await query<Run>(db, Prisma.sql`SELECT * FROM "Run" WHERE "id" = ${runId}::uuid`);
  return run ?? null;
}
