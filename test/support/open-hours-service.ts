import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from './test-service.js';

/**
 * A whole service whose contact windows are open every hour of every day (no quiet hours), so a test
 * can write to her at whatever time it runs; and the privacy tools to make her case and read what
 * was stored. Stop it with `t.stop()`.
 */
export async function startOpenHoursService(): Promise<{ t: TestService; privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> } }> {
  const t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  return { t, privacy: { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) } };
}
