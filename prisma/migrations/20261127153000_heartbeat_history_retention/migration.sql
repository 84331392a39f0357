-- The reaper deletes HEARTBEAT history older than RUNYARD_HEARTBEAT_RETENTION_HOURS in small batches;
-- this partial index finds them without scanning the status history that is kept for good.
CREATE INDEX "RunEvent_heartbeat_at_idx" ON "RunEvent"("at") WHERE "kind" = 'HEARTBEAT';
