-- A woman without follow-up consent who writes is answered by nobody: a person is asked to read her
-- message by an alert of its own kind, which the reports do not count as a handoff.

-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'no_consent';
