-- A question's timeout is kept on the session it belongs to, written in the turn's own transaction,
-- instead of a delayed Redis job added after the commit: a crash between the two, or a Redis that
-- lost its data, could leave her session waiting forever. The worker's sweep finds the due ones
-- through the (status, timeoutAt) index.
--
-- Sessions already waiting keep their delayed jobs from the previous release, which mark the
-- session due when they fire (src/app/session-timeouts.ts, `fireLegacyTimeout`).

-- AlterTable
ALTER TABLE "FlowSession" ADD COLUMN     "timeoutAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "FlowSession_status_timeoutAt_idx" ON "FlowSession"("status", "timeoutAt");
