import { describe, expect, it } from 'vitest';
import { failureAdvice, failureKind } from '../../src/app/delivery-failures/failure-advice.js';

describe('what a delivery failure means, in Spanish', () => {
  it.each([
    ['CLOUD_131047', 'window_closed'],
    ['CLOUD_470', 'window_closed'],
    ['CLOUD_REENGAGEMENT_REQUIRED', 'window_closed'],
    ['CLOUD_131026', 'undeliverable'],
    ['CLOUD_INVALID_NUMBER', 'undeliverable'],
    ['WA_NOT_ON_WHATSAPP', 'undeliverable'],
    ['CLOUD_131049', 'marketing_limit'],
    ['CLOUD_NOT_DELIVERED', 'marketing_limit'],
    ['CLOUD_131050', 'she_stopped'],
    ['CLOUD_132000', 'template_problem'],
    ['CLOUD_132015', 'template_problem'],
    ['CLOUD_TEMPLATE_132001', 'template_problem'],
    ['CLOUD_130472', 'experiment'],
    ['CLOUD_368', 'account'],
    ['CLOUD_ACCOUNT_BLOCKED', 'account'],
    ['CLOUD_131042', 'account'],
    ['CLOUD_REFUSED_133010', 'account'],
    ['CLOUD_REFUSED_131026', 'undeliverable'],
    ['CLOUD_133010', 'account'],
    ['CHANNEL_UNREACHABLE', 'unreachable'],
    ['CLOUD_INVALID_REQUEST', 'request_refused'],
    ['CLOUD_REFUSED_100', 'request_refused'],
    ['CLOUD_100', 'request_refused'],
    ['CLOUD_131000', 'other'],
    ['CLOUD_FAILED', 'other'],
    ['SIMULATOR_FAILED', 'other'],
  ])('%s is %s', (code, kind) => {
    expect(failureKind(code)).toBe(kind);
  });

  it('says what happened and what to do, in Spanish', () => {
    for (const code of ['CLOUD_131047', 'CLOUD_131026', 'CLOUD_131049', 'CLOUD_131050', 'CLOUD_132001', 'CLOUD_130472', 'CLOUD_368', 'CLOUD_1']) {
      const advice = failureAdvice(code);
      expect(advice.what).toMatch(/^No le llegó: /);
      expect(advice.todo.length).toBeGreaterThan(10);
    }
    expect(failureAdvice('CLOUD_131047').todo).toContain('plantilla');
  });
});
