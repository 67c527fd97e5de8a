import type { Database } from '../persistence/database.js';
import type { PrivacyTools } from '../persistence/conversation-store.js';
import { e164, type E164 } from '../app/phone-number.js';

/** The demo survivor's number, as used in the README and the tests. */
export const DEMO_PHONE: E164 = e164.parse('+5219981234567');

/** What the demo seed created (or found already there). */
export interface DemoSeedResult {
  caseId: string;
  folio: string;
  survivorAlias: string;
  staff: { email: string; role: string }[];
}

const DEMO_STAFF = [
  { email: 'psicologa@demo.acompana.invalid', displayName: 'Psicóloga de guardia (demo)', role: 'psychologist' },
  { email: 'coordinacion@demo.acompana.invalid', displayName: 'Coordinación (demo)', role: 'coordinator' },
  { email: 'admin@demo.acompana.invalid', displayName: 'Administración (demo)', role: 'admin' },
] as const;

/**
 * Creates a demo case with follow-up and video-call consent for {@link DEMO_PHONE} and demo staff accounts. Running it
 * again changes nothing.
 */
export async function seedDemo(db: Database, privacy: PrivacyTools, options: { codeWordHash?: string } = {}): Promise<DemoSeedResult> {
  return db.$transaction(async (tx) => {
    const staff = [];
    for (const member of DEMO_STAFF) {
      staff.push(
        await tx.staff.upsert({
          where: { email: member.email },
          create: member,
          update: {},
          select: { id: true, email: true, role: true },
        }),
      );
    }
    const psychologist = staff[0]!;
    const phoneHash = privacy.hashPhone(DEMO_PHONE);
    const survivor = await tx.survivor.upsert({
      where: { phoneHash },
      create: {
        alias: 'Luz',
        phoneHash,
        phoneCipher: privacy.cipher.encrypt(DEMO_PHONE),
        language: 'es-MX',
        codeWordHash: options.codeWordHash ?? null,
      },
      update: {},
      select: { id: true, alias: true },
    });
    // Follow-up messages and video calls, as given at the 911 intervention.
    for (const purpose of ['follow_up', 'video_call'] as const) {
      const consent = await tx.consent.findFirst({ where: { survivorId: survivor.id, purpose } });
      if (!consent) {
        await tx.consent.create({ data: { survivorId: survivor.id, purpose, granted: true, source: 'intervention_911', recordedById: psychologist.id } });
      }
    }
    const folio = 'DEMO-0001';
    const demoCase = await tx.case.upsert({
      where: { folio },
      // The intervention is "now": the check-in plan counts from it (first contact 12 to 48 hours later).
      create: { folio, survivorId: survivor.id, assignedStaffId: psychologist.id, risk: 'medium', interventionAt: new Date() },
      update: {},
      select: { id: true },
    });
    return {
      caseId: demoCase.id,
      folio,
      survivorAlias: survivor.alias,
      staff: staff.map((s) => ({ email: s.email, role: s.role })),
    };
  });
}
