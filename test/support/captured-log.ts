import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/observability/logger.js';

/** A logger whose lines are kept, to check what reached the log (and what never must). */
export interface CapturedLog {
  log: Logger;
  /** Every line so far, as raw JSON text. */
  text(): string;
}

/** The service's own logger (same redaction and format) writing into memory at `level`. */
export function capturedLog(level = 'info'): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger({ level, destination }), text: () => lines.join('') };
}
