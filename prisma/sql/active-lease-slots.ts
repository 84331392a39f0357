// Which of an environment's slots from `fromSlot` up an ACTIVE lease holds.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Run after lockEnvironmentSlots (its own, later statement: a fresh snapshot that sees the grants
 * it waited for) and after the environment's overdue leases were swept, so every ACTIVE lease left
 * is live — or being renewed or released right now, and is counted as held: a renewal cannot
 * revive a lease that is not ACTIVE, so nothing here is missed.
 */
export async function activeLeaseSlots(db: SqlClient, environmentId: string, fromSlot: number): Promise<number[]> {
  const rows = await query<{ slot: number }>(db, Prisma.sql`
    SELECT DISTINCT "slot" FROM "Lease"
    WHERE "environmentId" = ${environmentId}::uuid AND "slot" >= ${fromSlot} AND "status" = 'ACTIVE'
    ORDER BY "slot"`);
  return rows.map((r) => r.slot);
}
