-- CreateTable
CREATE TABLE "FlowResult" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "flowId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FlowResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FlowResult_createdAt_name_category_idx" ON "FlowResult"("createdAt", "name", "category");

-- CreateIndex
CREATE INDEX "FlowResult_caseId_idx" ON "FlowResult"("caseId");

-- AddForeignKey
ALTER TABLE "FlowResult" ADD CONSTRAINT "FlowResult_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
