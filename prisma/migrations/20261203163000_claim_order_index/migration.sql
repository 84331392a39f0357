-- claimNextRun's order is (priority DESC, createdAt, id): with "id" in the index too, the claim
-- statement walks the agent's QUEUED runs in that order and stops at the first admitted one
-- (LIMIT 1) instead of filtering and sorting the whole queue on every claim.
DROP INDEX "Run_queued_by_agent_priority";
CREATE INDEX "Run_queued_by_agent_priority" ON "Run"("agentId", "priority" DESC, "createdAt", "id") WHERE "status" = 'QUEUED';
