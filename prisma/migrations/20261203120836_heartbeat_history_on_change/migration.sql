-- Heartbeats stop appending a history row each: the run keeps the last one (lastHeartbeatAt, pid)
-- and counts them here; history keeps only heartbeats that said something new (the first of a
-- run, a new pid, one after a gap). The history already written is kept (and pruned as before).
ALTER TABLE "Run" ADD COLUMN "heartbeatCount" INTEGER NOT NULL DEFAULT 0;

-- Runs from before: counted from the HEARTBEAT rows their history still holds (retention may
-- have pruned older ones). One pass over the history's runId index; rewrites each run that has any.
UPDATE "Run" r SET "heartbeatCount" = h."n"
FROM (SELECT "runId", count(*)::int AS "n" FROM "RunEvent" WHERE "kind" = 'HEARTBEAT' GROUP BY "runId") h
WHERE h."runId" = r."id";
