/**
 * While nobody of the unit is on duty (`STAFF_HOURS`), what she is told promises no person «en un
 * ratito»: her request for a person, a flow's handoff, an emergency word and a voice note get the
 * after-hours texts, which say when a person is next on duty. Everything else (the case waits for a
 * person, the alert) is as at any hour.
 *
 * The service's staff hours are one hour on the weekday three days from now, so the test can run at
 * any time and "now" is always off duty.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { caseWithSessionsAndAlerts, sentToCase, writeAndSettle } from '../support/her-writes.js';
import { createConsentingCase } from '../support/demo-case.js';
import { sayAndWait } from '../support/simulator-phone.js';

let t: TestService;
let privacy: PrivacyTools;
/** When a person is next on duty, as a message to her words it: "el jueves 10 de diciembre a las 9:00". */
let nextOnDuty: string;

beforeAll(async () => {
  const opening = DateTime.now().setZone('America/Cancun').plus({ days: 3 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).setLocale('es-MX');
  nextOnDuty = `el ${opening.toFormat('cccc d')} de ${opening.toFormat('LLLL')} a las 9:00`;
  t = await startTestService({ env: { STAFF_HOURS: `${opening.weekday} 09:00-10:00`, CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
});

afterAll(async () => {
  await t?.stop();
});

const write = (phone: string, text: string, id: string) => writeAndSettle(t, phone, text, id);
const sent = (caseId: string) => sentToCase(t, privacy.cipher, caseId);
const newCase = () => createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });

describe('while nobody of the unit is on duty', () => {
  it('answers her request for a person with when one is next on duty, and the case waits for one', async () => {
    const { caseId, phone } = await newCase();
    await write(phone, 'quiero hablar con una persona', `a1-${caseId}`);
    expect(await sent(caseId)).toEqual([['interrupt:person_request', `Claro que sí. Te escribe por aquí una persona de confianza desde ${nextOnDuty}.`]]);
    const row = await caseWithSessionsAndAlerts(t, caseId);
    expect(row.attention).toBe('waiting_person');
    expect(row.alerts.map((a) => [a.kind, a.urgency])).toEqual([['handoff', 'normal']]);
  });

  it("says a flow's text_after_hours at its handoff", async () => {
    const { caseId, phone } = await newCase();
    for (const [i, text] of ['Hola', '1', 'mal', 'sí'].entries()) await write(phone, text, `b${i}-${caseId}`);
    expect((await sent(caseId)).at(-1)).toEqual(['respuesta_hablar', `Claro que sí. Te escribe por aquí una persona de confianza desde ${nextOnDuty}.`]);
    expect((await caseWithSessionsAndAlerts(t, caseId)).attention).toBe('waiting_person');
  });

  it('answers an emergency word with what to do now, and when a person is next on duty', async () => {
    const { caseId, phone } = await newCase();
    await write(phone, 'AYUDA', `c1-${caseId}`);
    expect(await sent(caseId)).toEqual([
      [
        'interrupt:emergency',
        `Si estás en peligro, llama al 911 ahora. Si puedes, ve a un lugar seguro o con alguien de confianza. Una persona te escribe por aquí desde ${nextOnDuty}.`,
      ],
    ]);
    expect((await caseWithSessionsAndAlerts(t, caseId)).urgency).toBe('urgent');
  });

  it('answers an emergency word from a number without a case the same way', async () => {
    const stranger = '+5215550009911';
    const texts = await sayAndWait(t.service.server, stranger, 'necesito ayuda', 'e1-stranger', 1);
    expect(texts).toEqual([
      `Si estás en peligro, llama al 911 ahora. Si puedes, ve a un lugar seguro o con alguien de confianza. Una persona te escribe por aquí desde ${nextOnDuty}.`,
    ]);
  });

  it('answers a voice note with when a person is next on duty', async () => {
    const { caseId, phone } = await newCase();
    const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, kind: 'voice', id: `d1-${caseId}` } });
    expect(res.statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    expect(await sent(caseId)).toEqual([[null, `Gracias. Por ahora solo puedo leer mensajes escritos; te escribe alguien desde ${nextOnDuty}.`]]);
  });
});
