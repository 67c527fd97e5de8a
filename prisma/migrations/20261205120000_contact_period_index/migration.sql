-- The report's count of video sessions over a period reads this index by time first. Led by the
-- channel, it was also taken for the message path's lookup of her message by channel id on a
-- database whose statistics were stale, walking every message of the channel.
DROP INDEX "Contact_channel_createdAt_idx";

-- CreateIndex
CREATE INDEX "Contact_createdAt_channel_idx" ON "Contact"("createdAt", "channel");
