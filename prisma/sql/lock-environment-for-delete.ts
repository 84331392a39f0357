// deleteEnvironment's lock on the environment row, taken once its slots are locked (lock-environment-slots.ts).
import { Prisma, type Environment } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * FOR UPDATE, because it conflicts with the FOR KEY SHARE a wake's guard (prisma/sql/wake-run.ts)
 * takes on the environment: a wake in flight makes this wait, and the run it queued is then seen
 * (and cancelled) by the statements after this one; a wake after it waits for this transaction and
 * re-checks deletedAt on the committed row. (A plain UPDATE of deletedAt takes only FOR NO KEY
 * UPDATE, which a KEY SHARE does not wait for.) Null: no such environment, or it is deleted already.
 */
export async function lockEnvironmentForDelete(db: SqlClient, environmentId: string): Promise<Environment | null> {
  const [environment] = await query<Environment>(db, Prisma.sql`
    SELECT * FROM "Environment" WHERE "id" = ${environmentId}::uuid AND "deletedAt" IS NULL FOR UPDATE`);
  return environment ?? null;
}
