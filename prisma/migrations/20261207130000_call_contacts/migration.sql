-- She may call the channel's number: the call is recorded against her case as a contact of its own
-- kind, and a person is asked to write to her.

-- AlterEnum
ALTER TYPE "ContactKind" ADD VALUE 'call' BEFORE 'other';
