-- CreateEnum
CREATE TYPE "MediaStatus" AS ENUM ('stored', 'too_large', 'unavailable');

-- CreateTable
CREATE TABLE "ContactMedia" (
    "contactId" UUID NOT NULL,
    "status" "MediaStatus" NOT NULL,
    "mime" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "dataCipher" BYTEA,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactMedia_pkey" PRIMARY KEY ("contactId")
);

-- CreateTable
CREATE TABLE "ContactLocation" (
    "contactId" UUID NOT NULL,
    "cipher" BYTEA,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactLocation_pkey" PRIMARY KEY ("contactId")
);

-- AddForeignKey
ALTER TABLE "ContactMedia" ADD CONSTRAINT "ContactMedia_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactLocation" ADD CONSTRAINT "ContactLocation_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The bytes are encrypted, so compressing them gains nothing: keep them out of line, uncompressed.
ALTER TABLE "ContactMedia" ALTER COLUMN "dataCipher" SET STORAGE EXTERNAL;
