import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../observability/logger.js';
import type { TextSink } from './command-io.js';

/** A command's logger whose lines are held until the command has printed its own message. */
export interface DeferredLog {
  log: Logger;
  /**
   * Writes what was logged to `stderr`: on a terminal, one summary line (how many entries, the last
   * one's message and level); otherwise (a file, a journal) every JSON line as it was logged.
   */
  flush(stderr: TextSink): void;
}

/**
 * The JSON logger of a command run by a person: nothing is printed before the command's own message
 * (in Spanish), and a terminal gets one line instead of JSON. Lines carry what the service's logger
 * lets through (ids and counts, never a phone number or a value from a file).
 *
 * @example
 * const deferred = deferredLog('info');
 * …; io.stdout.write('Importadas 2,097 intervenciones.\n'); deferred.flush(process.stderr);
 */
export function deferredLog(level: string): DeferredLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger({ level, destination });
  return {
    log,
    flush(stderr) {
      log.flush();
      if (lines.length === 0) return;
      if (!stderr.isTTY) {
        stderr.write(lines.join(''));
      } else {
        const last = parse(lines[lines.length - 1]!);
        const levels: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
        stderr.write(`registro: ${lines.length} ${lines.length === 1 ? 'entrada' : 'entradas'}; la última (${levels[last.level ?? 30] ?? 'info'}): ${last.msg ?? ''}\n`);
      }
      lines.length = 0;
    },
  };
}

function parse(line: string): { level?: number; msg?: string } {
  try {
    return JSON.parse(line) as { level?: number; msg?: string };
  } catch {
    return {};
  }
}
