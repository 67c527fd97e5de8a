import type { Database } from './database.js';
import type { PrivacyTools } from './conversation-store.js';
import type { ChannelIdentityStore, ContactChannel } from '../app/ports.js';
import type { E164 } from '../app/phone-number.js';

/**
 * The Prisma implementation of {@link ChannelIdentityStore} over `ChannelIdentity`: both the channel's
 * id for her (a WhatsApp `@lid`) and her number are stored only as keyed hashes, so the number comes
 * back only through a known survivor's encrypted record.
 */
export function prismaChannelIdentityStore(db: Database, privacy: PrivacyTools): ChannelIdentityStore {
  // Not a number: a channel's own id of a person, hashed with the same key (the stored hashes depend on it).
  const externalHash = (channel: ContactChannel, externalId: string) => privacy.hashPhone(`${channel}:${externalId}` as E164);
  return {
    async remember(channel, externalId, phone) {
      const phoneHash = privacy.hashPhone(phone);
      const survivor = await db.survivor.findUnique({ where: { phoneHash }, select: { id: true } });
      const key = { channel, externalHash: externalHash(channel, externalId) };
      await db.channelIdentity.upsert({
        where: { channel_externalHash: key },
        create: { ...key, phoneHash, survivorId: survivor?.id ?? null },
        update: { phoneHash, survivorId: survivor?.id ?? null },
      });
    },

    async phoneFor(channel, externalId) {
      const identity = await db.channelIdentity.findUnique({
        where: { channel_externalHash: { channel, externalHash: externalHash(channel, externalId) } },
        select: { phoneHash: true },
      });
      if (!identity) return null;
      const survivor = await db.survivor.findUnique({ where: { phoneHash: identity.phoneHash }, select: { phoneCipher: true } });
      return survivor?.phoneCipher ? (privacy.cipher.decrypt(survivor.phoneCipher) as E164) : null;
    },
  };
}
