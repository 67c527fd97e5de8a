-- She can edit a message she sent, or delete it for everyone, on her phone: staff see it on the case
-- (a deleted message may mean someone else reads her phone). The edited text is encrypted like every
-- text and removed by retention with it. Nullable columns without defaults: no table rewrite.

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "editedTextCipher" BYTEA,
ADD COLUMN     "herEditedAt" TIMESTAMPTZ(3),
ADD COLUMN     "herDeletedAt" TIMESTAMPTZ(3);
