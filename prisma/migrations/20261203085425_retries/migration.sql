-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "retryInitialBackoffSeconds" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "retryMaxAttempts" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "retryMaxBackoffSeconds" INTEGER NOT NULL DEFAULT 600,
ADD COLUMN     "retryOn" "RunStatus"[] NOT NULL DEFAULT ARRAY['FAILED', 'LOST', 'TIMED_OUT']::"RunStatus"[];

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "notRetriedReason" TEXT,
ADD COLUMN     "retryOfId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "Run_retryOfId_key" ON "Run"("retryOfId");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_retryOfId_fkey" FOREIGN KEY ("retryOfId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The policy's bounds (updateAgent validates the same, naming the field): a cancelled run is never
-- retried, nor one that succeeded, so retryOn holds only failure statuses.
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_retry_policy_valid" CHECK (
  "retryMaxAttempts" BETWEEN 1 AND 100
  AND "retryInitialBackoffSeconds" >= 0 AND "retryInitialBackoffSeconds" <= "retryMaxBackoffSeconds"
  AND "retryMaxBackoffSeconds" <= 86400
  AND "retryOn" <@ ARRAY['FAILED', 'LOST', 'TIMED_OUT']::"RunStatus"[]);
