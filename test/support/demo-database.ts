import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { createDatabase, type Database } from '../../src/persistence/database.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** A test file's own database holding the demo case, with the keys of the default configuration. */
export interface DemoDatabase {
  database: TestDatabase;
  db: Database;
  privacy: PrivacyTools;
  /** The demo case (`DEMO-0001`, her number `DEMO_PHONE`). */
  caseId: string;
}

/**
 * Creates a {@link DemoDatabase} before the file's tests and drops it after them. Its fields are
 * filled in once `beforeAll` has run: read them inside tests and hooks, not at the top level.
 */
export function useDemoDatabase(): DemoDatabase {
  const demo = {} as DemoDatabase;
  beforeAll(async () => {
    demo.database = await createTestDatabase();
    demo.db = createDatabase(demo.database.url);
    const config = loadConfig({});
    demo.privacy = { cipher: new FieldCipher(config.DATA_KEYS), hashPhone: phoneHasher(config.PHONE_HASH_KEY) };
    demo.caseId = (await seedDemo(demo.db, demo.privacy)).caseId;
  });
  afterAll(async () => {
    await demo.db?.$disconnect();
    await demo.database?.drop();
  });
  return demo;
}
