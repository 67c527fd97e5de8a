import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from './test-service.js';
import { ConsoleClient, createStaffAccount } from './console-client.js';

/** A service whose safe hours are always open, with a signed-in coordinator and a signed-in psychologist. */
export interface CoordinatorAndPsychologist {
  t: TestService;
  privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };
  coordinator: ConsoleClient;
  coordinatorId: string;
  /** Ana, a psychologist. */
  psychologist: ConsoleClient;
}

/** Starts the service for a test of what coordination does (and a psychologist may not). Stop it with `t.stop()`. */
export async function startWithCoordinatorAndPsychologist(): Promise<CoordinatorAndPsychologist> {
  const t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  const privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
  const coordinatorId = await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test' });
  await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test' });
  const coordinator = new ConsoleClient(t.service.server);
  const psychologist = new ConsoleClient(t.service.server);
  await coordinator.signIn('coord@unidad.test');
  await psychologist.signIn('ana@unidad.test');
  return { t, privacy, coordinator, coordinatorId, psychologist };
}
