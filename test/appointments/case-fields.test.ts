import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { wordAppointmentTime } from '../../src/app/appointments/appointment-wording.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { sayAndWait } from '../support/simulator-phone.js';

/** A flow that branches on a case field, sets it, and says the session's time. */
const FIELDS_FLOW = `flow: prueba-campos
name: Prueba de campos
start: segun_cita
nodes:
  segun_cita:
    type: branch
    field: videollamada
    cases:
      - { when: confirmada, next: ya_confirmada }
    default: preguntar
  preguntar:
    type: question
    text: "¿Quedamos {{cita_hora}}? Responde 1 (sí) o 2 (no)."
    choices:
      - { id: si, label: "Sí", next: marcar }
      - { id: "no", label: "No", next: fin }
    on_give_up: fin
  marcar:
    type: set
    case_field: videollamada
    value: confirmada
    next: gracias
  gracias:
    type: message
    text: "Listo, gracias."
    next: fin
  ya_confirmada:
    type: message
    text: "Ya quedamos {{cita_hora}}. Nos vemos."
    next: fin
  fin:
    type: end
    outcome: listo
`;

let t: TestService;
let flowsDir: string;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };

beforeAll(async () => {
  flowsDir = await mkdtemp(join(tmpdir(), 'acompana-fields-'));
  await cp('flows', flowsDir, { recursive: true });
  await writeFile(join(flowsDir, 'prueba-campos.yaml'), FIELDS_FLOW);
  t = await startTestService({ env: { FLOWS_DIR: flowsDir, START_FLOW: 'prueba-campos' } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
});

afterAll(async () => {
  await t?.stop();
  await rm(flowsDir, { recursive: true, force: true });
});

const say = (phone: string, text: string, id: string, expectTotal: number) => sayAndWait(t.service.server, phone, text, id, expectTotal);

describe('case fields through the pipeline', () => {
  it('says the booked time, stores the field a flow sets (encrypted), and branches on it later', async () => {
    const { caseId, phone } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date() });
    const staff = await t.service.db.staff.create({ data: { email: `psi-${caseId}@unidad.example`, displayName: 'Psi', role: 'psychologist' } });
    const startsAt = new Date(Date.now() + 3 * 24 * 3600 * 1000);
    await t.service.db.appointment.create({
      data: { caseId, staffId: staff.id, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), videoRoom: `room-${caseId}` },
    });
    const when = wordAppointmentTime(startsAt, new Date());

    const first = await say(phone, 'Hola', `cf-${caseId}-1`, 1);
    expect(first).toEqual([`¿Quedamos ${when}? Responde 1 (sí) o 2 (no).`]);

    const second = await say(phone, '1', `cf-${caseId}-2`, 2);
    expect(second[1]).toBe('Listo, gracias.');
    const row = await t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, select: { fieldsCipher: true } });
    expect(row.fieldsCipher).not.toBeNull();
    expect(Buffer.from(row.fieldsCipher!).toString('latin1')).not.toContain('confirmada');
    expect(JSON.parse(privacy.cipher.decrypt(row.fieldsCipher!))).toEqual({ videollamada: 'confirmada' });

    const third = await say(phone, 'Hola otra vez', `cf-${caseId}-3`, 3);
    expect(third[2]).toBe(`Ya quedamos ${when}. Nos vemos.`);
  });
});

describe('the wording of a session time', () => {
  const now = new Date('2026-06-01T15:00:00Z'); // Monday 10:00 in Cancún
  it.each([
    ['2026-06-01T20:30:00Z', 'hoy a las 15:30'],
    ['2026-06-02T06:00:00Z', 'mañana a la 1:00'],
    ['2026-06-11T15:00:00Z', 'el jueves 11 de junio a las 10:00'],
  ])('%s reads "%s"', (at, words) => {
    expect(wordAppointmentTime(new Date(at), now)).toBe(words);
  });
});
