-- CreateTable
CREATE TABLE "Schedule" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "issueId" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "intervalSeconds" INTEGER,
    "cron" TEXT,
    "nextWakeAt" TIMESTAMPTZ(3) NOT NULL,
    "lastWakeAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Schedule_nextWakeAt_idx" ON "Schedule"("nextWakeAt");

-- CreateIndex
CREATE INDEX "Schedule_agentId_createdAt_idx" ON "Schedule"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "Schedule_issueId_createdAt_idx" ON "Schedule"("issueId", "createdAt");

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "Issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Exactly one of an interval (at least a second) and a cron expression: a schedule that is both or
-- neither has no next wake.
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_interval_or_cron" CHECK (
  ("intervalSeconds" IS NULL) <> ("cron" IS NULL) AND ("intervalSeconds" IS NULL OR "intervalSeconds" >= 1)
);
