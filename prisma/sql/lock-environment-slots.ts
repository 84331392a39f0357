// Taking an environment's slots from `fromSlot` up away from grants: a capacity lowered to
// fromSlot, or (from 0) an environment deleted.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

/**
 * Why a statement of its own, before the check of the leases on these slots: a grant
 * (prisma/sql/grant-lease.ts) row-locks the free slot it takes until its commit, so this waits
 * for every grant already holding one of them, and grants from now on skip them (SKIP LOCKED) —
 * or, once this transaction has deleted them, find them gone. The next statement, under READ
 * COMMITTED a fresh snapshot (as prisma/sql/lock-agent-for-claim.ts explains), therefore sees
 * every lease ever granted on them. ORDER BY: two of these on one environment lock in one order.
 */
export async function lockEnvironmentSlots(db: SqlClient, environmentId: string, fromSlot: number): Promise<number[]> {
  const rows = await query<{ slot: number }>(db, Prisma.sql`
    SELECT "slot" FROM "EnvironmentSlot" WHERE "environmentId" = ${environmentId}::uuid AND "slot" >= ${fromSlot}
    ORDER BY "slot" FOR UPDATE`);
  return rows.map((r) => r.slot);
}
