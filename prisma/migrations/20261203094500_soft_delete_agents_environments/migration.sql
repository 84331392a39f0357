-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "deletedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Environment" ADD COLUMN     "deletedAt" TIMESTAMPTZ(3);

