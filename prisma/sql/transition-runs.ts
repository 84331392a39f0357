// The one statement every run status change goes through (resolvers/run-transitions.ts says
// which changes exist): move the selected runs from → to and append their STATUS_CHANGED events.
import { Prisma, type Run, type RunStatus } from "../client.js";
import { query, type SqlClient } from "./db.js";

export interface TransitionRunsParams {
  /** A predicate on "Run" r choosing the runs (their status is checked against `from` here). */
  which: Prisma.Sql;
  from: readonly RunStatus[];
  to: RunStatus;
  /** Assignments besides "status", on the database's clock (now()) where they store a time. */
  set: Prisma.Sql;
  /** Skip runs another transaction holds (the reaper's sweeps); otherwise wait for it and re-check. */
  skipLocked: boolean;
  /** Move only the first matching run in this order (claimNextRun's queue); omitted: all of them. */
  takeFirst?: Prisma.Sql;
}

export type TransitionedRunRow = Run & { fromStatus: RunStatus; eventId: string; eventAt: Date };

/**
 * The from-statuses as literals, not a parameter: a named statement is soon planned generically,
 * and only a literal lets that plan prove `status = 'QUEUED'` and use the partial queue indexes
 * (with a parameter, a claim scanned every run the agent ever had). They come from the transition
 * table, never from input.
 */
function statusList(statuses: readonly RunStatus[]): Prisma.Sql {
  if (statuses.length === 0 || statuses.some((s) => !/^[A-Z_]+$/.test(s))) throw new Error(`bad from-statuses: ${statuses.join(",")}`);
  return Prisma.raw(statuses.map((s) => `'${s}'::"RunStatus"`).join(", "));
}

/**
 * The rows are locked first and `from` is checked on the locked (latest committed) version, so of
 * racing callers exactly one moves a run, and fromStatus is what it really moved from — a cancel
 * racing a claim cancels the RUNNING run instead of failing on the QUEUED one it read. now() is
 * the transaction's start: the times a transition stores agree with each other and with the
 * reaper's comparisons, whichever replica wrote them. With takeFirst and skipLocked it is the
 * queue pattern: concurrent takers each lock a different first row, none waits for another.
 */
export function transitionRuns(db: SqlClient, { which, from, to, set, skipLocked, takeFirst }: TransitionRunsParams): Promise<TransitionedRunRow[]> {
  return query<TransitionedRunRow>(db, Prisma.sql`
    WITH picked AS (
      SELECT r."id", r."status" FROM "Run" r
      WHERE ${which} AND r."status" IN (${statusList(from)})
      ${takeFirst ? Prisma.sql`ORDER BY ${takeFirst} LIMIT 1` : Prisma.empty}
      FOR NO KEY UPDATE OF r ${skipLocked ? Prisma.sql`SKIP LOCKED` : Prisma.empty}
    ), moved AS (
      UPDATE "Run" r SET "status" = ${to}::"RunStatus", ${set}
      FROM picked WHERE r."id" = picked."id"
      RETURNING r.*, picked."status" AS "fromStatus"
    ), event AS (
      INSERT INTO "RunEvent" ("runId", "kind", "status", "fromStatus", "pid", "at")
      SELECT m."id", 'STATUS_CHANGED', m."status", m."fromStatus", m."pid", now() FROM moved m
      RETURNING "id", "runId", "at"
    )
    SELECT m.*, e."id"::text AS "eventId", e."at" AS "eventAt" FROM moved m JOIN event e ON e."runId" = m."id"`);
}
