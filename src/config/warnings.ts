import type { Config } from './schema.js';

/**
 * What the configuration allows but an operator should hear about at start, one line each (logged as
 * warnings): development keys, cookies sent over plain HTTP in production, the simulator in production.
 *
 * @example
 * configWarnings(loadConfig({ NODE_ENV: 'production', … })) // ['CONSOLE_SECURE_COOKIES is false in production: …']
 */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.usingDevelopmentKeys) warnings.push('using development encryption keys: set DATA_KEYS and PHONE_HASH_KEY before real use');
  if (config.NODE_ENV === 'production' && !config.CONSOLE_SECURE_COOKIES && config.ROLES.includes('console')) {
    warnings.push('CONSOLE_SECURE_COOKIES is false in production: serve the console over HTTPS and set it to true');
  }
  if (config.NODE_ENV === 'production' && config.CHANNEL === 'simulator' && config.ROLES.includes('gateway')) {
    warnings.push('the simulator channel runs in production (ALLOW_SIMULATOR_IN_PRODUCTION=true): anyone reaching its port can write as any number');
  }
  return warnings;
}
