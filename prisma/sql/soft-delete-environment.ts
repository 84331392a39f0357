// The last statement of deleteEnvironment: the row is kept (its runs' history names it), its slots are not.
import { Prisma, type Environment } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Deleting the slot rows (locked since the transaction's first statement) is what keeps grants out
 * for good: a grant whose snapshot predates this commit finds every slot gone when it tries to lock
 * one, and one after it is refused by grant-lease.ts's `allowed` (deletedAt). updateEnvironment
 * refuses a deleted environment, so the capacity trigger never makes them again.
 */
export async function softDeleteEnvironment(db: SqlClient, environmentId: string): Promise<Environment> {
  const [environment] = await query<Environment>(db, Prisma.sql`
    WITH freed AS (DELETE FROM "EnvironmentSlot" WHERE "environmentId" = ${environmentId}::uuid)
    UPDATE "Environment" SET "deletedAt" = now() WHERE "id" = ${environmentId}::uuid RETURNING *`);
  return environment!;
}
