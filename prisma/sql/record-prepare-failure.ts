// A failed prepare() counted against its provider's breaker.
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

export interface BreakerState {
  providerKey: string;
  consecutiveFailures: number;
  openUntil: Date | null;
  coolDownMs: number | null;
}

export interface BreakerPolicy {
  failureThreshold: number;
  coolDownMs: number;
  coolDownMaxMs: number;
}

/**
 * One upsert: the count goes up, and the breaker opens (for the base cool-down) on the failure
 * that reaches the threshold while it is closed, or reopens (for twice the last cool-down, capped)
 * on a failed probe. Failures of claims already in flight when it opened count, but change no
 * openUntil. The database's clock, so every replica agrees when the cool-down ends.
 */
export async function recordPrepareFailure(db: SqlClient, providerKey: string, probe: boolean, policy: BreakerPolicy): Promise<BreakerState> {
  const { failureThreshold, coolDownMs, coolDownMaxMs } = policy;
  const opensNow = Prisma.sql`(b."openUntil" IS NULL AND b."consecutiveFailures" + 1 >= ${failureThreshold})`;
  const doubled = Prisma.sql`LEAST(COALESCE(b."coolDownMs", ${coolDownMs}) * 2, ${coolDownMaxMs})`;
  const first = failureThreshold <= 1;
  const [row] = await query<BreakerState>(db, Prisma.sql`
    INSERT INTO "ProviderBreaker" AS b ("providerKey", "consecutiveFailures", "openUntil", "coolDownMs")
    VALUES (${providerKey}, 1, ${first ? Prisma.sql`now() + make_interval(secs => ${coolDownMs} / 1000.0)` : Prisma.sql`NULL`}, ${first ? coolDownMs : null})
    ON CONFLICT ("providerKey") DO UPDATE SET
      "consecutiveFailures" = b."consecutiveFailures" + 1,
      "coolDownMs" = CASE WHEN ${probe} THEN ${doubled} WHEN ${opensNow} THEN ${coolDownMs} ELSE b."coolDownMs" END,
      "openUntil" = CASE
        WHEN ${probe} THEN now() + make_interval(secs => ${doubled} / 1000.0)
        WHEN ${opensNow} THEN now() + make_interval(secs => ${coolDownMs} / 1000.0)
        ELSE b."openUntil" END
    RETURNING "providerKey", "consecutiveFailures", "openUntil", "coolDownMs"`);
  return row!;
}
