import type { FieldCipher } from '../../src/privacy/field-cipher.js';
import type { Database } from '../../src/persistence/database.js';

/** Creates `count` consenting cases whose fake numbers start at `first`. */
export async function seedCases(db: Database, cipher: FieldCipher, hash: (p: `+${string}`) => string, first: number, count: number) {
  const survivors = Array.from({ length: count }, (_, i) => {
    const phone = `+52199${String(first + i).padStart(8, '0')}` as `+${string}`;
    return { id: crypto.randomUUID(), alias: `Bench ${i}`, phoneHash: hash(phone), phoneCipher: cipher.encrypt(phone) };
  });
  for (let i = 0; i < survivors.length; i += 5_000) await db.survivor.createMany({ data: survivors.slice(i, i + 5_000) });
  await db.consent.createMany({ data: survivors.map((s) => ({ survivorId: s.id, purpose: 'follow_up' as const, granted: true, source: 'intervention_911' as const })) });
  const cases = survivors.map((s) => ({ id: crypto.randomUUID(), survivorId: s.id }));
  for (let i = 0; i < cases.length; i += 5_000) await db.case.createMany({ data: cases.slice(i, i + 5_000) });
  return { survivors, cases };
}
