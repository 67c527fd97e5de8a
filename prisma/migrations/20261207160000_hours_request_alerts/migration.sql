-- She asks to be written at other hours («no me escribas en la mañana»): a normal alert of its own
-- kind asks a person to look at her safe hours.

-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'hours_request';
