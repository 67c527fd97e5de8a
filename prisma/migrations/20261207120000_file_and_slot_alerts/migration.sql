-- A file she sent with a caption and a video-call time no longer free are no requests for a person:
-- their alerts get kinds of their own, so the reports' «pases a persona» count only handoffs.
-- Alerts raised before keep kind handoff.

-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'file_to_review';
ALTER TYPE "AlertKind" ADD VALUE 'slot_taken';
