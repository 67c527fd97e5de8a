import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import type { TestService } from './test-service.js';
import { startOpenHoursService } from './open-hours-service.js';
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
  const { t, privacy } = await startOpenHoursService();
  const coordinatorId = await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coord@unidad.test' });
  await createStaffAccount(t.service.db, { role: 'psychologist', email: 'ana@unidad.test' });
  const coordinator = new ConsoleClient(t.service.server);
  const psychologist = new ConsoleClient(t.service.server);
  await coordinator.signIn('coord@unidad.test');
  await psychologist.signIn('ana@unidad.test');
  return { t, privacy, coordinator, coordinatorId, psychologist };
}
