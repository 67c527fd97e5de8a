import { randomInt } from 'node:crypto';
import type { Database } from '../../src/persistence/database.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { e164 } from '../../src/app/phone-number.js';

/**
 * Creates an open case with follow-up and video-call consent for a fresh fake number (assigned to
 * `assignedStaffId` if given); returns its ids and number.
 */
export async function createConsentingCase(
  db: Database,
  privacy: PrivacyTools,
  options: { interventionAt: Date; safeHours?: unknown; alias?: string; language?: 'es-MX' | 'en' | 'yua'; assignedStaffId?: string },
): Promise<{ caseId: string; survivorId: string; phone: string }> {
  const phone = e164.parse(`+529990${String(randomInt(0, 10_000_000)).padStart(7, '0')}`);
  const survivor = await db.survivor.create({
    data: {
      alias: options.alias ?? 'Flor',
      ...(options.language === undefined ? {} : { language: options.language }),
      phoneHash: privacy.hashPhone(phone),
      phoneCipher: privacy.cipher.encrypt(phone),
      ...(options.safeHours === undefined ? {} : { safeHours: options.safeHours as object }),
      consents: {
        create: [
          { purpose: 'follow_up', granted: true, source: 'intervention_911' },
          { purpose: 'video_call', granted: true, source: 'intervention_911' },
        ],
      },
    },
  });
  const created = await db.case.create({
    data: { survivorId: survivor.id, interventionAt: options.interventionAt, ...(options.assignedStaffId === undefined ? {} : { assignedStaffId: options.assignedStaffId }) },
  });
  return { caseId: created.id, survivorId: survivor.id, phone };
}
