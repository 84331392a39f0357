-- A cancelled run's lease says so (CANCELLED); leases released before keep COMPLETED. Nothing in this
-- transaction uses the new value, which PostgreSQL requires of ADD VALUE inside one.
-- AlterEnum
ALTER TYPE "LeaseReleaseReason" ADD VALUE 'CANCELLED';

