-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'delivery_failed';

-- AlterEnum
ALTER TYPE "CheckInStatus" ADD VALUE 'failed';

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "failedInARow" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "failureReportedAt" TIMESTAMPTZ(3),
ADD COLUMN     "retryOfId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "Contact_retryOfId_key" ON "Contact"("retryOfId");


