import type { Logger } from 'pino';
import type { E164 } from '../../app/phone-number.js';
import type { ChannelIdentityStore } from '../../app/ports.js';
import { chatKind, phoneOfJid } from './chat-ids.js';
import type { WaClient } from './client.js';

/** How many `@lid` → number mappings are kept in memory. */
const CACHE_SIZE = 2_000;

/**
 * Finds her number for the id of her chat. `NUMBER@c.us` carries it; for `ID@lid` WhatsApp is asked
 * (`getContactLidAndPhone`) and the mapping is stored (as keyed hashes, see ChannelIdentity) so it is
 * known even when WhatsApp does not answer later. Returns null when no number can be found.
 */
export class PeerResolver {
  private readonly cache = new Map<string, E164>();

  constructor(
    private readonly identities: ChannelIdentityStore,
    private readonly log: Logger,
  ) {}

  /** Her number for `jid` (asking `client` for a `@lid`), or null. */
  async phoneOf(client: WaClient, jid: string): Promise<E164 | null> {
    const kind = chatKind(jid);
    if (kind === 'person') return phoneOfJid(jid);
    if (kind !== 'lid') return null;
    const cached = this.cache.get(jid);
    if (cached) return cached;

    const phone = await this.askWhatsApp(client, jid);
    if (phone) {
      this.keep(jid, phone);
      await this.identities.remember('whatsapp_web', jid, phone).catch((error: unknown) => {
        this.log.warn({ err: { name: (error as Error).name } }, 'could not store a @lid mapping');
      });
      return phone;
    }
    const stored = await this.identities.phoneFor('whatsapp_web', jid).catch(() => null);
    if (stored) this.keep(jid, stored);
    return stored;
  }

  private async askWhatsApp(client: WaClient, jid: string): Promise<E164 | null> {
    try {
      const [mapping] = await client.getContactLidAndPhone([jid]);
      return mapping?.pn ? phoneOfJid(mapping.pn) : null;
    } catch (error) {
      this.log.warn({ err: { name: (error as Error).name } }, 'WhatsApp did not map a @lid to a number');
      return null;
    }
  }

  private keep(jid: string, phone: E164): void {
    this.cache.set(jid, phone);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }
}
