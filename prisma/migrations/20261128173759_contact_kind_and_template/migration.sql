-- CreateEnum
CREATE TYPE "ContactKind" AS ENUM ('text', 'voice', 'audio', 'image', 'video', 'document', 'sticker', 'location', 'contact_card', 'other');

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "kind" "ContactKind" NOT NULL DEFAULT 'text',
ADD COLUMN     "templateCipher" BYTEA;
