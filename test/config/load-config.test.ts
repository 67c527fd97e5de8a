import { describe, expect, it } from 'vitest';
import { userInfo } from 'node:os';
import { ConfigError, loadConfig } from '../../src/config/load.js';

describe('loadConfig', () => {
  it('has defaults that run on a developer machine', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe(`postgresql://${userInfo().username}@localhost:5432/acompana`);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.CHANNEL).toBe('simulator');
    expect(config.PORT).toBe(3000);
    expect(config.usingDevelopmentKeys).toBe(true);
    expect(config.DATA_KEYS[0]!.key).toHaveLength(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it.each([
    [{ PORT: '70000' }, /^PORT: .*\(got "70000"\)$/],
    [{ CHANNEL: 'telegram' }, /^CHANNEL: .*"telegram"/],
    [{ DATABASE_URL: 'mysql://x/y' }, /^DATABASE_URL: must be a postgresql:\/\/ URL \(got a value that is hidden here\)$/],
    [{ REDIS_URL: 'localhost' }, /^REDIS_URL: must be a redis:\/\/ URL/],
    [{ DATA_KEYS: 'k1:c2hvcnQ=' }, /^DATA_KEYS: each key must be keyId:<32 bytes in base64>/],
    [{ NODE_ENV: 'production' }, /^DATA_KEYS: is required in production/],
    [{ ROLES: 'gateway,frontend' }, /^ROLES: must be "all" or a comma-separated list of gateway, worker, console \(got "gateway,frontend"\)$/],
    [{ ROLES: ',' }, /^ROLES: must be "all"/],
    [{ STAFF_HOURS: 'lunes a viernes' }, /^STAFF_HOURS: must be "always" or windows such as "1-5 09:00-18:00; 6 09:00-14:00"/],
    [{ NON_TEXT_REPLY_AFTER_HOURS: 'Te escribe {{alias}} desde {{atencion_hora}}.' }, /^NON_TEXT_REPLY_AFTER_HOURS: only \{\{atencion_hora\}\} may be used in it/],
  ])('refuses %j with one line naming the variable', (env, pattern) => {
    try {
      loadConfig(env);
      expect.unreachable('loadConfig accepted an invalid environment');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]).toMatch(pattern);
    }
  });

  it('reads STAFF_HOURS as weekly windows, a person always on duty by default', () => {
    expect(loadConfig({}).STAFF_HOURS).toBeNull();
    expect(loadConfig({ STAFF_HOURS: 'always' }).STAFF_HOURS).toBeNull();
    expect(loadConfig({ STAFF_HOURS: '1-5 09:00-18:00; 6 09:00-14:00' }).STAFF_HOURS).toEqual([
      { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' },
      { days: [6], from: '09:00', to: '14:00' },
    ]);
  });

  it('reads ROLES as a set of roles, all of them by default', () => {
    expect(loadConfig({}).ROLES).toEqual(['gateway', 'worker', 'console']);
    expect(loadConfig({ ROLES: 'all' }).ROLES).toEqual(['gateway', 'worker', 'console']);
    expect(loadConfig({ ROLES: ' Console , gateway,console' }).ROLES).toEqual(['gateway', 'console']);
    expect(loadConfig({ ROLES: 'worker' }).ROLES).toEqual(['worker']);
  });

  it('takes production keys, first one encrypting', () => {
    const k1 = Buffer.alloc(32, 1).toString('base64');
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const config = loadConfig({ NODE_ENV: 'production', DATA_KEYS: `k2:${k2},k1:${k1}`, PHONE_HASH_KEY: k1 });
    expect(config.usingDevelopmentKeys).toBe(false);
    expect(config.DATA_KEYS.map((k) => k.id)).toEqual(['k2', 'k1']);
  });

  it('has channel defaults: Debian Chromium, a session folder, one client id, the Graph API', () => {
    const config = loadConfig({ CHANNEL: 'whatsapp-web' });
    expect(config).toMatchObject({
      CHANNEL: 'whatsapp-web',
      CHROMIUM_PATH: '/usr/bin/chromium',
      WA_SESSION_DIR: '.data/whatsapp-session',
      WA_CLIENT_ID: 'acompana',
      CLOUD_API_BASE_URL: 'https://graph.facebook.com/v21.0',
      CLOUD_API_TEMPLATE_LANGUAGES: { 'es-MX': 'es_MX', en: 'en_US', yua: 'es_MX' },
    });
    expect(config.WA_MIN_GAP_MS).toBeLessThanOrEqual(config.WA_MAX_GAP_MS);
  });

  it('completes CLOUD_API_TEMPLATE_LANGUAGES: a language left out is sent as the es-MX template', () => {
    expect(loadConfig({ CLOUD_API_TEMPLATE_LANGUAGES: 'es-MX:es_MX,en:en_GB' }).CLOUD_API_TEMPLATE_LANGUAGES).toEqual({ 'es-MX': 'es_MX', en: 'en_GB', yua: 'es_MX' });
    expect(() => loadConfig({ CLOUD_API_TEMPLATE_LANGUAGES: 'fr:fr_FR' })).toThrow(/^CLOUD_API_TEMPLATE_LANGUAGES: must be language:code pairs/);
  });

  it('names each Cloud API variable that is missing, one line each, without echoing secrets', () => {
    try {
      loadConfig({ CHANNEL: 'cloud-api', CLOUD_API_TOKEN: 'EAAG-some-long-token' });
      expect.unreachable('loadConfig accepted cloud-api without its credentials');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'CLOUD_API_PHONE_NUMBER_ID: is required when CHANNEL=cloud-api',
        'CLOUD_API_APP_SECRET: is required when CHANNEL=cloud-api',
        'CLOUD_API_VERIFY_TOKEN: is required when CHANNEL=cloud-api',
      ]);
      expect((error as ConfigError).message).not.toContain('EAAG');
    }
  });

  it('accepts a complete Cloud API configuration, trimming the base URL', () => {
    const config = loadConfig({
      CHANNEL: 'cloud-api',
      CLOUD_API_BASE_URL: 'http://127.0.0.1:4010/v21.0/',
      CLOUD_API_PHONE_NUMBER_ID: '109876543210',
      CLOUD_API_TOKEN: 'EAAG-some-long-token',
      CLOUD_API_APP_SECRET: 'an-app-secret',
      CLOUD_API_VERIFY_TOKEN: 'a-verify-token',
    });
    expect(config.CLOUD_API_BASE_URL).toBe('http://127.0.0.1:4010/v21.0');
  });

  it.each([
    [{ WA_MIN_GAP_MS: '9000', WA_MAX_GAP_MS: '1000' }, /^WA_MAX_GAP_MS: must be at least WA_MIN_GAP_MS \(9000\)/],
    [{ WA_CLIENT_ID: 'a/b' }, /^WA_CLIENT_ID: letters, digits, _ or -/],
    [{ CLOUD_API_BASE_URL: 'ftp://x' }, /^CLOUD_API_BASE_URL: must be an http\(s\):\/\/ URL/],
    [{ CLOUD_API_TOKEN: 'short' }, /^CLOUD_API_TOKEN: .*\(got a value that is hidden here\)$/],
  ])('refuses %j naming the variable', (env, pattern) => {
    expect(() => loadConfig(env)).toThrow(pattern);
  });
});
