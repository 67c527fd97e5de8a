import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from './test-service.js';
import { createConsentingCase } from './demo-case.js';
import { ConsoleClient, createStaffAccount } from './console-client.js';

/** A service whose safe hours are always open, with two signed-in psychologists: Ana, and Carlos who sees none of her cases. */
export interface TwoPsychologists {
  t: TestService;
  privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
  ana: ConsoleClient;
  anaId: string;
  carlos: ConsoleClient;
  /** A new consenting case of a survivor called Luz, assigned to Ana. */
  anasCase(): ReturnType<typeof createConsentingCase>;
}

/** Starts the service for a test of a case page's forms: what Ana may change, and Carlos may not. Stop it with `t.stop()`. */
export async function startWithTwoPsychologists(): Promise<TwoPsychologists> {
  const t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  const anaId = await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test', displayName: 'Ana Pérez' });
  await createStaffAccount(t.service.db, { role: 'psychologist', email: 'carlos@unidad.test', displayName: 'Carlos Ruiz' });
  const ana = new ConsoleClient(t.service.server);
  const carlos = new ConsoleClient(t.service.server);
  await ana.signIn('ana@unidad.test');
  await carlos.signIn('carlos@unidad.test');
  const anasCase = () => createConsentingCase(t.service.db, privacy, { interventionAt: new Date(), alias: 'Luz', assignedStaffId: anaId });
  return { t, privacy, ana, anaId, carlos, anasCase };
}
