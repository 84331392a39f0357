-- CreateEnum
CREATE TYPE "RunLogStream" AS ENUM ('STDOUT', 'STDERR');

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "logBytes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "logsTruncated" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "RunLogChunk" (
    "runId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "stream" "RunLogStream" NOT NULL,
    "text" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunLogChunk_pkey" PRIMARY KEY ("runId","seq")
);

-- CreateIndex
CREATE INDEX "RunLogChunk_runId_stream_seq_idx" ON "RunLogChunk"("runId", "stream", "seq");

-- CreateIndex
CREATE INDEX "RunLogChunk_createdAt_idx" ON "RunLogChunk"("createdAt");

-- AddForeignKey
ALTER TABLE "RunLogChunk" ADD CONSTRAINT "RunLogChunk_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- By hand: what appendRunLogs validates, as the last word.
ALTER TABLE "RunLogChunk" ADD CONSTRAINT "RunLogChunk_seq_check" CHECK ("seq" >= 0),
  ADD CONSTRAINT "RunLogChunk_bytes_check" CHECK ("bytes" >= 0);
