-- CreateEnum
CREATE TYPE "LeaseCleanupStatus" AS ENUM ('PENDING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "Lease" ADD COLUMN     "cleanupAttemptEndsAt" TIMESTAMPTZ(3),
ADD COLUMN     "cleanupAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cleanupError" TEXT,
ADD COLUMN     "cleanupNextAttemptAt" TIMESTAMPTZ(3),
ADD COLUMN     "cleanupStatus" "LeaseCleanupStatus";


-- Leases ended before cleanups were tracked had their one release() call then: nothing is owed.
UPDATE "Lease" SET "cleanupStatus" = 'DONE' WHERE "status" <> 'ACTIVE';

-- An ACTIVE lease owes no cleanup yet (its release writes PENDING in the same transaction).
ALTER TABLE "Lease" ADD CONSTRAINT "Lease_no_cleanup_while_active" CHECK ("status" <> 'ACTIVE' OR "cleanupStatus" IS NULL);

-- The reaper's look for due cleanups: only the few PENDING rows, in due order.
CREATE INDEX "Lease_pending_cleanup_due" ON "Lease" ("cleanupNextAttemptAt") WHERE "cleanupStatus" = 'PENDING';
