// The circuit breaker's gate, inside a claim's transaction: may a run of this environment's
// provider be claimed now, and is this claim the probe?
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

export interface ProviderAdmission {
  providerKey: string;
  /** The breaker's openUntil as the claim found it (null: closed, or no failure recorded yet). */
  openUntil: Date | null;
  /** The cool-down had passed and this claim took the probe slot. */
  probe: boolean;
}

/**
 * Why it is shaped so: one statement, one round trip on the claim path. `found` reads the breaker
 * as it was; `probe` takes the probe slot of a breaker whose cool-down has passed by pushing
 * openUntil forward by one more cool-down: a conditional UPDATE, so of claims racing for it on
 * any replica one matches, and the others wait for its row lock, re-check `openUntil <= now()` on
 * the new version, match nothing and are refused. In the claim's transaction: a claim rolled
 * back (no slot, its caller gone) gives the probe slot back with everything else. A probe whose
 * replica dies frees the slot when that cool-down ends.
 */
export async function admitToProvider(db: SqlClient, environmentId: string, defaultCoolDownMs: number): Promise<ProviderAdmission> {
  const [row] = await query<ProviderAdmission>(db, Prisma.sql`
    WITH provider AS (
      SELECT "providerKey" FROM "Environment" WHERE "id" = ${environmentId}::uuid
    ), found AS (
      SELECT b."openUntil" FROM "ProviderBreaker" b JOIN provider p ON p."providerKey" = b."providerKey"
    ), probe AS (
      UPDATE "ProviderBreaker" b
      SET "openUntil" = now() + make_interval(secs => COALESCE(b."coolDownMs", ${defaultCoolDownMs}) / 1000.0)
      FROM provider p WHERE b."providerKey" = p."providerKey" AND b."openUntil" <= now()
      RETURNING 1
    )
    SELECT p."providerKey", (SELECT "openUntil" FROM found) AS "openUntil", EXISTS (SELECT 1 FROM probe) AS "probe"
    FROM provider p`);
  return row!;
}
