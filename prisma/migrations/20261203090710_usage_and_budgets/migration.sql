-- CreateEnum
CREATE TYPE "CancelReason" AS ENUM ('REQUESTED', 'BUDGET_EXCEEDED');

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "monthlyBudgetCents" INTEGER;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "cancelReason" "CancelReason",
ADD COLUMN     "usage" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "AgentMonthlyCost" (
    "agentId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "costCents" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "AgentMonthlyCost_pkey" PRIMARY KEY ("agentId","month")
);

-- AddForeignKey
ALTER TABLE "AgentMonthlyCost" ADD CONSTRAINT "AgentMonthlyCost_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A budget is a non-negative number of cents (updateAgent checks it too; this is the last word).
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_monthlyBudgetCents_nonnegative" CHECK ("monthlyBudgetCents" IS NULL OR "monthlyBudgetCents" >= 0);
