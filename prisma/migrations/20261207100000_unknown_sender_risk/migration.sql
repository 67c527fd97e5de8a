-- A number without a case that writes a risk signal («tengo miedo», «me amenazó») is listed for review
-- right after those that wrote an emergency word. A nullable column without default: no table rewrite.

-- AlterTable
ALTER TABLE "UnknownSender" ADD COLUMN     "riskAt" TIMESTAMPTZ(3);
