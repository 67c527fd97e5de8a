-- Numbers that write without an open case are reviewed by coordinators in the console ("Números
-- desconocidos"): a woman writing from a new phone, or after her follow-up ended, must reach a person.
-- `emergencyAt` is when such a number last wrote an emergency word: those are listed first.
-- `reviewedAt` (already there) is cleared whenever the number writes again.

-- AlterTable
ALTER TABLE "UnknownSender" ADD COLUMN     "emergencyAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "UnknownSender_reviewedAt_lastSeenAt_idx" ON "UnknownSender"("reviewedAt", "lastSeenAt");
