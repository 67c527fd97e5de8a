-- AlterTable
ALTER TABLE "CheckIn" ADD COLUMN     "movedReasonCipher" BYTEA;
