import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, loggableUrl, stripQuery } from '../../src/observability/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger({ level: 'info', destination }), text: () => lines.join('') };
}

describe('createLogger', () => {
  it('redacts numbers and texts wherever they appear in a log object', () => {
    const { log, text } = capture();
    log.info({ from: '+5219981234567', text: 'me siento mal', message: { to: '+5219980000000', body: 'hola' }, caseId: 'c-1' }, 'seen');
    expect(text()).not.toMatch(/5219981234567|me siento mal|5219980000000|hola/);
    expect(text()).toContain('"caseId":"c-1"');
    expect(text()).toContain('[redacted]');
  });

  it('drops the query string of logged URLs', () => {
    expect(stripQuery('/api/simulator/outbound?to=+5219981234567')).toBe('/api/simulator/outbound?[redacted]');
    expect(stripQuery('/healthz')).toBe('/healthz');
  });

  it("replaces the key of a calendar feed in a logged path: it opens a psychologist's sessions", () => {
    expect(loggableUrl('/calendario/ics/AbC_12-xyz.ics')).toBe('/calendario/ics/[redacted]');
    expect(loggableUrl('/calendario/ics/AbC_12-xyz.ics?x=1')).toBe('/calendario/ics/[redacted]?[redacted]');
    expect(loggableUrl('/calendario/0190a3c2-0000-7000-8000-000000000000/ics')).toBe('/calendario/0190a3c2-0000-7000-8000-000000000000/ics');
  });
});
