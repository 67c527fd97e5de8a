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
  ])('refuses %j with one line naming the variable', (env, pattern) => {
    try {
      loadConfig(env);
      expect.unreachable('loadConfig accepted an invalid environment');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]).toMatch(pattern);
    }
  });

  it('takes production keys, first one encrypting', () => {
    const k1 = Buffer.alloc(32, 1).toString('base64');
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const config = loadConfig({ NODE_ENV: 'production', DATA_KEYS: `k2:${k2},k1:${k1}`, PHONE_HASH_KEY: k1 });
    expect(config.usingDevelopmentKeys).toBe(false);
    expect(config.DATA_KEYS.map((k) => k.id)).toEqual(['k2', 'k1']);
  });
});
