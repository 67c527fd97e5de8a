-- Her message may tell of danger without an emergency word («tengo miedo», «me amenazó»): the case
-- gets an urgent alert of its own kind, so the inbox, its labels and the reports can tell it apart.

-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'risk_signal';
