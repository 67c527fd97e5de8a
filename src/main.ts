/**
 * The process of Acompaña: reads the configuration once, starts the roles `ROLES` names (see
 * `startService`, the composition root), listens, and drains on SIGTERM/SIGINT. Start-up failures
 * print one line saying what is wrong and exit non-zero.
 */
import './wasm-baseline-tier.js';
import { ConfigError, loadConfig } from './config/load.js';
import { configWarnings } from './config/warnings.js';
import { StartupError } from './app/errors.js';
import { systemClock } from './app/system-clock.js';
import { createLogger } from './observability/logger.js';
import { checkInfrastructure, startService } from './service.js';

const STARTUP_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration: ${error.message.replaceAll('\n', '; ')}`);
    throw error;
  }
  const log = createLogger({ level: config.LOG_LEVEL });
  for (const warning of configWarnings(config)) log.warn(warning);

  let service;
  try {
    const deadline = setTimeout(() => fail('PostgreSQL or Redis did not answer within 10 s'), STARTUP_DEADLINE_MS);
    await checkInfrastructure(config, log);
    clearTimeout(deadline);
    service = await startService(config, { log, clock: systemClock });
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
  await service.server.listen({ host: config.HOST, port: config.PORT });
  const address = service.server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info({ roles: config.ROLES, channel: config.CHANNEL, port }, 'Acompaña is running');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining workers');
    await service.close();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

function fail(line: string): never {
  process.stderr.write(`acompana: ${line}\n`);
  process.exit(1);
}

main().catch((error: unknown) => {
  fail(`unexpected start-up failure: ${(error as Error).name}: ${(error as Error).message}`);
});
