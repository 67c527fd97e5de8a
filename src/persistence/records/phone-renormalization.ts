import { e164, type E164 } from '../../app/phone-number.js';
import type { Actor } from '../../app/records/ports.js';
import type { Database } from '../database.js';
import type { PrivacyTools, Tx } from '../conversation-store.js';
import { auditRow } from '../audit-trail.js';

/** What re-normalizing the stored numbers changed, and what it left for a person to decide. */
export interface RenormalizeOutcome {
  survivorsUpdated: number;
  unknownSendersUpdated: number;
  /** Channel identities (e.g. WhatsApp `@lid`s) whose number hash followed her new one. */
  identitiesUpdated: number;
  /** Survivors whose normalized number is already another survivor's: left as they are (the same woman twice?). */
  survivorConflicts: string[];
  /** Numbers without a case whose normalized form is already known: left as they are. */
  unknownSenderConflicts: string[];
}

/** A stored number: its row, its keyed hash and its ciphertext. */
interface StoredNumber {
  id: string;
  phoneHash: string | null;
  phoneCipher: Uint8Array | null;
}

/**
 * Brings the numbers stored before normalization existed (`+521…`, separators) to their one form:
 * each survivor's and unknown sender's number is decrypted, normalized, encrypted and hashed again,
 * and channel identities that pointed at her old hash follow. When the normalized number already
 * belongs to another row (the same woman recorded under both forms), nothing is changed for that row
 * and its id is reported, for a person to merge. One transaction, audited (counts and ids only);
 * running it again changes nothing.
 */
export async function renormalizeStoredPhones(db: Database, privacy: PrivacyTools, actor: Actor): Promise<RenormalizeOutcome> {
  return db.$transaction(
    async (tx) => {
      const outcome: RenormalizeOutcome = { survivorsUpdated: 0, unknownSendersUpdated: 0, identitiesUpdated: 0, survivorConflicts: [], unknownSenderConflicts: [] };
      const survivors = await tx.survivor.findMany({ where: { phoneCipher: { not: null } }, select: { id: true, phoneHash: true, phoneCipher: true } });
      for (const survivor of survivors) {
        const change = changeOf(survivor, privacy);
        if (!change) continue;
        if (await tx.survivor.findUnique({ where: { phoneHash: change.hash }, select: { id: true } })) {
          outcome.survivorConflicts.push(survivor.id);
          continue;
        }
        await tx.survivor.update({ where: { id: survivor.id }, data: { phoneHash: change.hash, phoneCipher: privacy.cipher.encrypt(change.phone) } });
        outcome.survivorsUpdated += 1;
        if (survivor.phoneHash) outcome.identitiesUpdated += await moveIdentities(tx, survivor.phoneHash, change.hash);
      }
      const senders = await tx.unknownSender.findMany({ select: { id: true, phoneHash: true, phoneCipher: true } });
      for (const sender of senders) {
        const change = changeOf(sender, privacy);
        if (!change) continue;
        if (await tx.unknownSender.findUnique({ where: { phoneHash: change.hash }, select: { id: true } })) {
          outcome.unknownSenderConflicts.push(sender.id);
          continue;
        }
        await tx.unknownSender.update({ where: { id: sender.id }, data: { phoneHash: change.hash, phoneCipher: privacy.cipher.encrypt(change.phone) } });
        outcome.unknownSendersUpdated += 1;
      }
      await tx.auditLog.create({
        data: auditRow({
          ...actor,
          action: 'phones.renormalize',
          subject: 'survivors',
          detail: { ...outcome },
        }),
      });
      return outcome;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** The row's number in its normalized form and that form's hash, when either differs from what is stored. */
function changeOf(row: StoredNumber, privacy: PrivacyTools): { phone: E164; hash: string } | null {
  if (!row.phoneCipher) return null;
  const stored = privacy.cipher.decrypt(row.phoneCipher);
  const parsed = e164.safeParse(stored);
  if (!parsed.success) return null;
  const hash = privacy.hashPhone(parsed.data);
  return parsed.data === stored && hash === row.phoneHash ? null : { phone: parsed.data, hash };
}

async function moveIdentities(tx: Tx, from: string, to: string): Promise<number> {
  const { count } = await tx.channelIdentity.updateMany({ where: { phoneHash: from }, data: { phoneHash: to } });
  return count;
}
