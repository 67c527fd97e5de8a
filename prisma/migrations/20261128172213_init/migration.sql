-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('psychologist', 'coordinator', 'admin');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('low', 'medium', 'high');

-- CreateEnum
CREATE TYPE "ConsentPurpose" AS ENUM ('follow_up', 'video_call', 'banavim');

-- CreateEnum
CREATE TYPE "ConsentSource" AS ENUM ('intervention_911', 'chat', 'console');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('waiting', 'ended');

-- CreateEnum
CREATE TYPE "ContactDirection" AS ENUM ('inbound', 'outbound');

-- CreateEnum
CREATE TYPE "ContactChannel" AS ENUM ('simulator', 'whatsapp_web', 'cloud_api', 'video', 'phone');

-- CreateEnum
CREATE TYPE "ContactAuthor" AS ENUM ('survivor', 'bot', 'staff', 'system');

-- CreateEnum
CREATE TYPE "ContactStatus" AS ENUM ('received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed');

-- CreateTable
CREATE TABLE "Staff" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "passwordHash" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Survivor" (
    "id" UUID NOT NULL,
    "alias" TEXT NOT NULL,
    "phoneCipher" BYTEA NOT NULL,
    "phoneHash" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'es-MX',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Survivor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL,
    "folio" TEXT,
    "survivorId" UUID NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "risk" "RiskLevel" NOT NULL DEFAULT 'medium',
    "assignedStaffId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL,
    "survivorId" UUID NOT NULL,
    "purpose" "ConsentPurpose" NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "source" "ConsentSource" NOT NULL,
    "recordedById" UUID,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FlowSession" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "flowId" TEXT NOT NULL,
    "status" "SessionStatus" NOT NULL,
    "stateCipher" BYTEA NOT NULL,
    "outcome" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "FlowSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" UUID NOT NULL,
    "caseId" UUID,
    "unknownSenderId" UUID,
    "sessionId" UUID,
    "direction" "ContactDirection" NOT NULL,
    "channel" "ContactChannel" NOT NULL,
    "author" "ContactAuthor" NOT NULL,
    "staffId" UUID,
    "textCipher" BYTEA,
    "channelMessageId" TEXT,
    "flowId" TEXT,
    "nodeId" TEXT,
    "status" "ContactStatus" NOT NULL,
    "causeId" UUID,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnknownSender" (
    "id" UUID NOT NULL,
    "phoneCipher" BYTEA NOT NULL,
    "phoneHash" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "lastReplyAt" TIMESTAMPTZ(3),
    "reviewedAt" TIMESTAMPTZ(3),

    CONSTRAINT "UnknownSender_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL,
    "staffId" UUID,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "detail" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Staff_email_key" ON "Staff"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Survivor_phoneHash_key" ON "Survivor"("phoneHash");

-- CreateIndex
CREATE UNIQUE INDEX "Case_folio_key" ON "Case"("folio");

-- CreateIndex
CREATE INDEX "Case_survivorId_status_idx" ON "Case"("survivorId", "status");

-- CreateIndex
CREATE INDEX "Consent_survivorId_purpose_recordedAt_idx" ON "Consent"("survivorId", "purpose", "recordedAt");

-- CreateIndex
CREATE INDEX "FlowSession_caseId_status_idx" ON "FlowSession"("caseId", "status");

-- CreateIndex
CREATE INDEX "Contact_caseId_createdAt_idx" ON "Contact"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "Contact_status_createdAt_idx" ON "Contact"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Contact_causeId_idx" ON "Contact"("causeId");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_channel_direction_channelMessageId_key" ON "Contact"("channel", "direction", "channelMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "UnknownSender_phoneHash_key" ON "UnknownSender"("phoneHash");

-- CreateIndex
CREATE INDEX "AuditLog_subject_createdAt_idx" ON "AuditLog"("subject", "createdAt");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_survivorId_fkey" FOREIGN KEY ("survivorId") REFERENCES "Survivor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_assignedStaffId_fkey" FOREIGN KEY ("assignedStaffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_survivorId_fkey" FOREIGN KEY ("survivorId") REFERENCES "Survivor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlowSession" ADD CONSTRAINT "FlowSession_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_unknownSenderId_fkey" FOREIGN KEY ("unknownSenderId") REFERENCES "UnknownSender"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "FlowSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;
