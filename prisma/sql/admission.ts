// Admission, as SQL over "Run" r: a run may become RUNNING only while its agent has fewer than
// maxConcurrentRuns RUNNING runs and its workspace has none. The claim statement
// (transition-runs.ts, via resolvers/run-transitions.ts) carries these predicates; the queue view
// and a refused claim read the same predicates to say why a run waits.
//
// How it holds across replicas under concurrency:
// - Agent capacity: every claim first takes the agent's row lock (lock-agent-for-claim.ts, held
//   to commit) and decides in the next statement, whose fresh snapshot sees every earlier claim of
//   that agent. Claims of one agent are thereby serialised, on any replica; claims of different
//   agents do not wait for each other.
// - Workspace: two agents' claims into one workspace hold different agent locks, so each may see
//   it free. The partial unique index Run_one_running_per_workspace refuses the second to commit
//   its RUNNING row (it waits for the first, then fails); the claim is retried and then reads the
//   workspace busy. The database, not a read, is the last word.
// - Nothing else makes a run RUNNING, and a refused claim writes nothing (the lock is not a write).
import { Prisma } from "../client.js";
import { query, type SqlClient } from "./db.js";

const workspaceBusy = Prisma.sql`EXISTS (
  SELECT 1 FROM "Run" busy WHERE busy."workspaceId" = r."workspaceId" AND busy."status" = 'RUNNING' AND busy."id" <> r."id")`;
const runningOf = (agentId: Prisma.Sql) => Prisma.sql`(SELECT count(*) FROM "Run" mine WHERE mine."agentId" = ${agentId} AND mine."status" = 'RUNNING')::int`;
const maxOf = (agentId: Prisma.Sql) => Prisma.sql`(SELECT a."maxConcurrentRuns" FROM "Agent" a WHERE a."id" = ${agentId})`;
const runningOfAgent = runningOf(Prisma.sql`r."agentId"`);
const maxOfAgent = maxOf(Prisma.sql`r."agentId"`);
const agentAtCapacity = Prisma.sql`${runningOfAgent} >= ${maxOfAgent}`;
const liveLease = Prisma.sql`l."environmentId" = r."environmentId" AND l."status" = 'ACTIVE' AND l."expiresAt" > clock_timestamp()`;
/** Its environment has no slot for it: no live lease of its own, and capacity live leases of others. */
const environmentFull = Prisma.sql`(
  NOT EXISTS (SELECT 1 FROM "Lease" l WHERE ${liveLease} AND l."runId" = r."id")
  AND (SELECT count(*) FROM "Lease" l WHERE ${liveLease}) >= (SELECT e."capacity" FROM "Environment" e WHERE e."id" = r."environmentId"))`;
const notYetDue = Prisma.sql`(r."notBefore" IS NOT NULL AND r."notBefore" > now())`;

/** The admission rule (the claim statement's own check). */
export const admittedSql = Prisma.sql`NOT ${workspaceBusy} AND NOT ${agentAtCapacity}`;

/**
 * The same rule over one agent's queue (claimNextRun). The capacity check names the agent, not
 * r's, so it is computed once for the statement (an InitPlan, a one-time filter) instead of twice
 * per queued run: an agent at capacity with 5,000 queued runs answered in 47 ms, now in 0.3 ms.
 */
export function admittedOfAgentSql(agentId: string): Prisma.Sql {
  const agent = Prisma.sql`${agentId}::uuid`;
  return Prisma.sql`NOT ${workspaceBusy} AND ${runningOf(agent)} < ${maxOf(agent)}`;
}

/**
 * What claimNextRun takes besides admission: runs that are due and whose environment has a free
 * slot (the grant is still the real check; this only keeps a full environment from hiding runs
 * of the agent that could start elsewhere).
 */
export const claimableSql = Prisma.sql`NOT ${notYetDue} AND NOT ${environmentFull}`;

/** claimNextRun's order: highest priority, then oldest. */
export const claimOrderSql = Prisma.sql`r."priority" DESC, r."createdAt", r."id"`;

export interface QueueBlockRow {
  id: string;
  status: string;
  workspaceId: string;
  workspaceBusy: boolean;
  agentAtCapacity: boolean;
  runningRuns: number;
  maxConcurrentRuns: number;
  notYetDue: boolean;
  environmentFull: boolean;
}

/** Why each selected run is not (or would not be) claimed now, in claim order. */
export function queueBlocks(db: SqlClient, which: Prisma.Sql, page: { offset: number; limit: number }): Promise<QueueBlockRow[]> {
  return query<QueueBlockRow>(db, Prisma.sql`
    SELECT r."id", r."status", r."workspaceId", ${workspaceBusy} AS "workspaceBusy", ${agentAtCapacity} AS "agentAtCapacity",
      ${runningOfAgent} AS "runningRuns", ${maxOfAgent} AS "maxConcurrentRuns",
      ${notYetDue} AS "notYetDue", ${environmentFull} AS "environmentFull"
    FROM "Run" r WHERE ${which}
    ORDER BY ${claimOrderSql} OFFSET ${page.offset} LIMIT ${page.limit}`);
}
