import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { prismaAppointmentStore } from '../../src/persistence/appointment-store.js';
import { SlotTakenError, type AppointmentStore } from '../../src/app/appointments/ports.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { createStaffAccount } from '../support/console-client.js';

let t: TestService;
let store: AppointmentStore;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
let staffId: string;

beforeAll(async () => {
  t = await startTestService({});
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  store = prismaAppointmentStore(t.service.db, privacy);
  staffId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'psi@unidad.example', displayName: 'Marta' });
});

afterAll(async () => {
  await t?.stop();
});

const HOUR = 3600_000;

function booking(caseId: string, startsAt: number, room: string) {
  return store.create({ caseId, staffId, startsAt: new Date(startsAt), endsAt: new Date(startsAt + HOUR), videoRoom: room, notes: null, createdById: null });
}

/** The failures that are not the plain refusal of an overlap. */
function unexpected(results: PromiseSettledResult<unknown>[]): unknown[] {
  return results.flatMap((r) => (r.status === 'rejected' && !(r.reason instanceof SlotTakenError) ? [r.reason] : []));
}

describe('bookings of one psychologist racing each other', () => {
  it('give one session and plain refusals, never another database error, for overlapping times', async () => {
    for (let round = 0; round < 40; round += 1) {
      const cases = await Promise.all([0, 1, 2].map(() => createConsentingCase(t.service.db, privacy, { interventionAt: new Date() })));
      const start = Date.UTC(2031, 0, 1) + round * 3 * HOUR;
      // New cases each round: inserts for cases just created are the ones that deadlocked unserialized.
      // Each starts a few minutes after the previous one, so every pair overlaps.
      const results = await Promise.allSettled(cases.map((c, i) => booking(c.caseId, start + i * 5 * 60_000, `race-${round}-${i}`)));
      expect(unexpected(results)).toEqual([]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    }
  });

  it('refuse a move onto a time being booked at the same instant, or the booking, never both or neither', async () => {
    const a = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const b = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    for (let round = 0; round < 15; round += 1) {
      const base = Date.UTC(2032, 0, 1) + round * 4 * HOUR;
      const existing = await booking(a.caseId, base, `move-${round}`);
      const target = base + 2 * HOUR;
      const results = await Promise.allSettled([
        store.move(existing.id, { from: ['proposed'], startsAt: new Date(target), endsAt: new Date(target + HOUR), status: 'rescheduled' }),
        booking(b.caseId, target + 30 * 60_000, `moved-onto-${round}`),
      ]);
      expect(unexpected(results)).toEqual([]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    }
  });
});
