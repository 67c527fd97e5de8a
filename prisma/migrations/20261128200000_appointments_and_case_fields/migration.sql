-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('proposed', 'confirmed', 'rescheduled', 'cancelled', 'done', 'no_show');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "fieldsCipher" BYTEA;

-- AlterTable
ALTER TABLE "Staff" ADD COLUMN     "calendarTokenHash" TEXT,
ADD COLUMN     "workingHours" JSONB;

-- CreateTable
CREATE TABLE "Appointment" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'proposed',
    "videoRoom" TEXT NOT NULL,
    "notesCipher" BYTEA,
    "outcomeCipher" BYTEA,
    "offeredSlots" JSONB,
    "reminderDaySentAt" TIMESTAMPTZ(3),
    "reminderHourSentAt" TIMESTAMPTZ(3),
    "linkSentAt" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Appointment_videoRoom_key" ON "Appointment"("videoRoom");

-- CreateIndex
CREATE INDEX "Appointment_staffId_startsAt_idx" ON "Appointment"("staffId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_caseId_startsAt_idx" ON "Appointment"("caseId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_status_startsAt_idx" ON "Appointment"("status", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_calendarTokenHash_key" ON "Staff"("calendarTokenHash");

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- A session ends after it starts.
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_ends_after_start" CHECK ("endsAt" > "startsAt");

-- No double booking of a psychologist, enforced by the database (Prisma cannot express this):
-- two active sessions of the same psychologist may not overlap ([start, end), so back to back is fine).
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_no_double_booking"
  EXCLUDE USING gist ("staffId" WITH =, tstzrange("startsAt", "endsAt", '[)') WITH &&)
  WHERE ("status" IN ('proposed', 'confirmed', 'rescheduled'));
