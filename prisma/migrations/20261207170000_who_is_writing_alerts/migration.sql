-- Someone asks who is writing («¿quién eres?») or says the number is not hers: the case waits for a
-- person with an urgent alert of its own kind, which the reports do not count as her request for one.

-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'who_is_writing';
