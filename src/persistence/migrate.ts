import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { StartupError } from '../app/errors.js';

const run = promisify(execFile);
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Applies the migrations under `prisma/migrations/` with Prisma's own `prisma migrate deploy`
 * (offline, through the project's schema engine in `prisma/engine/`).
 *
 * @throws StartupError `MIGRATION_FAILED` with Prisma's explanation.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  try {
    await run(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      timeout: 120_000,
    });
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`.trim();
    const last = output.split('\n').filter(Boolean).slice(-3).join(' ');
    throw new StartupError('MIGRATION_FAILED', `prisma migrate deploy failed: ${last || (error as Error).message}`, {
      cause: error,
    });
  }
}
