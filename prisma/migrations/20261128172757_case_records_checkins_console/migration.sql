-- CreateEnum
CREATE TYPE "Attention" AS ENUM ('bot', 'waiting_person', 'with_person', 'stopped');

-- CreateEnum
CREATE TYPE "Urgency" AS ENUM ('none', 'normal', 'urgent');

-- CreateEnum
CREATE TYPE "Service" AS ENUM ('juridica', 'psicologica');

-- CreateEnum
CREATE TYPE "LineOfAttention" AS ENUM ('acompanamiento_previo', 'intervencion_12_48h', 'atencion_subsecuente', 'seguimiento');

-- CreateEnum
CREATE TYPE "InterventionChannel" AS ENUM ('telefono_911', 'whatsapp', 'videollamada');

-- CreateEnum
CREATE TYPE "BanavimStatus" AS ENUM ('pending', 'registered');

-- CreateEnum
CREATE TYPE "CheckInStatus" AS ENUM ('scheduled', 'sent', 'answered', 'missed', 'cancelled', 'moved');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('emergency_word', 'code_word', 'handoff', 'missed_checkins', 'unknown_number', 'rate_limited', 'reminder_skipped');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "attention" "Attention" NOT NULL DEFAULT 'bot',
ADD COLUMN     "attentionReason" TEXT,
ADD COLUMN     "attentionSince" TIMESTAMPTZ(3),
ADD COLUMN     "heldById" UUID,
ADD COLUMN     "interventionAt" TIMESTAMPTZ(3),
ADD COLUMN     "missedInARow" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "urgency" "Urgency" NOT NULL DEFAULT 'none';

-- AlterTable
ALTER TABLE "Survivor" ADD COLUMN     "codeWordHash" TEXT,
ADD COLUMN     "optedOutAt" TIMESTAMPTZ(3),
ADD COLUMN     "safeHours" JSONB,
ALTER COLUMN "phoneCipher" DROP NOT NULL,
ALTER COLUMN "phoneHash" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ChannelIdentity" (
    "id" UUID NOT NULL,
    "channel" "ContactChannel" NOT NULL,
    "externalHash" TEXT NOT NULL,
    "phoneHash" TEXT NOT NULL,
    "survivorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Intervention" (
    "id" UUID NOT NULL,
    "folio" TEXT NOT NULL,
    "caseId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "service" "Service" NOT NULL,
    "line" "LineOfAttention" NOT NULL,
    "channel" "InterventionChannel" NOT NULL,
    "staffId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Intervention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BanavimRecord" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "status" "BanavimStatus" NOT NULL DEFAULT 'pending',
    "detailCipher" BYTEA,
    "folio" TEXT,
    "registeredAt" TIMESTAMPTZ(3),
    "registeredById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BanavimRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "planItem" TEXT,
    "flowId" TEXT NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "plannedAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "CheckInStatus" NOT NULL DEFAULT 'scheduled',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "movedReason" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "answeredAt" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseNote" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "textCipher" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "caseId" UUID,
    "kind" "AlertKind" NOT NULL,
    "urgency" "Urgency" NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" UUID,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "staffId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChannelIdentity_channel_externalHash_key" ON "ChannelIdentity"("channel", "externalHash");

-- CreateIndex
CREATE UNIQUE INDEX "Intervention_folio_key" ON "Intervention"("folio");

-- CreateIndex
CREATE INDEX "Intervention_occurredAt_idx" ON "Intervention"("occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "BanavimRecord_caseId_key" ON "BanavimRecord"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "BanavimRecord_folio_key" ON "BanavimRecord"("folio");

-- CreateIndex
CREATE INDEX "CheckIn_status_dueAt_idx" ON "CheckIn"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_caseId_planItem_key" ON "CheckIn"("caseId", "planItem");

-- CreateIndex
CREATE INDEX "CaseNote_caseId_createdAt_idx" ON "CaseNote"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "Alert_resolvedAt_urgency_createdAt_idx" ON "Alert"("resolvedAt", "urgency", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "StaffSession_tokenHash_key" ON "StaffSession"("tokenHash");

-- CreateIndex
CREATE INDEX "StaffSession_staffId_idx" ON "StaffSession"("staffId");

-- CreateIndex
CREATE INDEX "Case_status_attention_urgency_idx" ON "Case"("status", "attention", "urgency");

-- AddForeignKey
ALTER TABLE "ChannelIdentity" ADD CONSTRAINT "ChannelIdentity_survivorId_fkey" FOREIGN KEY ("survivorId") REFERENCES "Survivor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_heldById_fkey" FOREIGN KEY ("heldById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Intervention" ADD CONSTRAINT "Intervention_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Intervention" ADD CONSTRAINT "Intervention_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BanavimRecord" ADD CONSTRAINT "BanavimRecord_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BanavimRecord" ADD CONSTRAINT "BanavimRecord_registeredById_fkey" FOREIGN KEY ("registeredById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseNote" ADD CONSTRAINT "CaseNote_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseNote" ADD CONSTRAINT "CaseNote_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSession" ADD CONSTRAINT "StaffSession_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
