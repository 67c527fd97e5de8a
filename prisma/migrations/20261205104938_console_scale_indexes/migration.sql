-- CreateIndex
CREATE INDEX "Alert_caseId_resolvedAt_idx" ON "Alert"("caseId", "resolvedAt");

-- CreateIndex
CREATE INDEX "Contact_channel_createdAt_idx" ON "Contact"("channel", "createdAt");
