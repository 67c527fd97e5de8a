-- The console's audit page lists the newest entries first, of everyone or of one staff member: without
-- these, each page sorted the whole log, which grows with every view of a case.
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

CREATE INDEX "AuditLog_staffId_createdAt_idx" ON "AuditLog"("staffId", "createdAt");
