-- AlterEnum
ALTER TYPE "RunEventKind" ADD VALUE 'WAKE_MERGED';

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "defaultEnvironmentId" UUID,
ADD COLUMN     "maxConcurrentRuns" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "notBefore" TIMESTAMPTZ(3),
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "wakeCount" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "wakeReasons" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "RunEvent" ADD COLUMN     "reason" TEXT;

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_defaultEnvironmentId_fkey" FOREIGN KEY ("defaultEnvironmentId") REFERENCES "Environment"("id") ON DELETE SET NULL ON UPDATE CASCADE;


ALTER TABLE "Agent" ADD CONSTRAINT "Agent_max_concurrent_runs_positive" CHECK ("maxConcurrentRuns" >= 1);
ALTER TABLE "Run" ADD CONSTRAINT "Run_wake_count_positive" CHECK ("wakeCount" >= 1);
ALTER TABLE "Run" ADD CONSTRAINT "Run_attempt_positive" CHECK ("attempt" >= 1);

-- Runs queued before coalescing existed: the oldest QUEUED run of each (agent, issue) absorbs the
-- others (wakeCount counts them all), which are cancelled, so the unique index below can be built.
-- A cancelled one's ACTIVE leases (acquired before a claim) end as a cancel ends them, COMPLETED:
-- otherwise they would hold their slots until they expire.
WITH ranked AS (
  SELECT "id",
         row_number() OVER (PARTITION BY "agentId", "issueId" ORDER BY "createdAt", "id") AS n,
         count(*) OVER (PARTITION BY "agentId", "issueId") AS total
  FROM "Run" WHERE "status" = 'QUEUED'
), kept AS (
  UPDATE "Run" r SET "wakeCount" = ranked.total
  FROM ranked WHERE r."id" = ranked."id" AND ranked.n = 1 AND ranked.total > 1
  RETURNING r."id"
), merged AS (
  UPDATE "Run" r SET "status" = 'CANCELLED', "finishedAt" = now(), "error" = 'merged into the oldest queued run of its agent and issue'
  FROM ranked WHERE r."id" = ranked."id" AND ranked.n > 1
  RETURNING r."id"
), released AS (
  UPDATE "Lease" l SET "status" = 'RELEASED', "releaseReason" = 'COMPLETED', "releasedAt" = clock_timestamp()
  FROM merged WHERE l."runId" = merged."id" AND l."status" = 'ACTIVE'
)
INSERT INTO "RunEvent" ("runId", "kind", "status", "fromStatus", "at")
SELECT "id", 'STATUS_CHANGED', 'CANCELLED', 'QUEUED', now() FROM merged;

-- Coalescing: at most one QUEUED run per (agent, issue). A wake is one INSERT … ON CONFLICT on
-- this index (prisma/sql/wake-run.ts), never a read before a write.
CREATE UNIQUE INDEX "Run_one_queued_per_agent_issue" ON "Run"("agentId", "issueId") WHERE "status" = 'QUEUED';

-- Admission: at most one RUNNING run per workspace (two agents never share a checkout). Claims of
-- one agent are serialised by its row lock; this index is the last word between agents. Older
-- replicas allowed two RUNNING runs in a workspace: then the migration fails, naming the workspace
-- (the index's own error does not), so the operator can drain those replicas and start again.
DO $$
DECLARE shared uuid;
BEGIN
  SELECT "workspaceId" INTO shared FROM "Run" WHERE "status" = 'RUNNING' GROUP BY "workspaceId" HAVING count(*) > 1 LIMIT 1;
  IF shared IS NOT NULL THEN
    RAISE EXCEPTION 'workspace % has two RUNNING runs: drain the older replicas (let one of the runs finish, or cancel it), then start again', shared;
  END IF;
END $$;
CREATE UNIQUE INDEX "Run_one_running_per_workspace" ON "Run"("workspaceId") WHERE "status" = 'RUNNING';

-- claimNextRun: an agent's QUEUED runs in claim order.
CREATE INDEX "Run_queued_by_agent_priority" ON "Run"("agentId", "priority" DESC, "createdAt") WHERE "status" = 'QUEUED';

-- Admission counts an agent's RUNNING runs on every claim.
CREATE INDEX "Run_running_by_agent" ON "Run"("agentId") WHERE "status" = 'RUNNING';
