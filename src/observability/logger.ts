import { pino, type Logger, type DestinationStream } from 'pino';

/** Field names whose values are personal data and never reach a log line, at any depth we log. */
const PERSONAL_FIELDS = ['phone', 'from', 'to', 'text', 'body', 'e164', 'number', 'alias', 'password'];

/**
 * Builds the service's JSON logger. Logs carry ids, never phone numbers or message texts: values under
 * the fields above are replaced by `[redacted]`, and request URLs lose their query string (which can
 * hold a number, as in the simulator's `?to=`) and any secret in their path ({@link loggableUrl}).
 *
 * @example
 * const log = createLogger({ level: 'info' });
 * log.info({ caseId, contactId }, 'message queued');
 */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  const paths = PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
  return pino(
    {
      level: options.level,
      base: { service: 'acompana' },
      redact: { paths, censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          url: loggableUrl(req.url),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    options.destination,
  );
}

/**
 * Paths whose next segment is a secret: a psychologist's calendar feed is fetched by its key alone
 * (`/calendario/ics/<key>.ics`), and whoever reads it can open her sessions' video rooms.
 */
const SECRET_PATH = /^(\/calendario\/ics\/)[^/?]+/;

/**
 * A request URL as it may be logged: without its query string, and with a secret in its path replaced.
 *
 * @example
 * loggableUrl('/calendario/ics/Zk3…Q.ics')   // '/calendario/ics/[redacted]'
 */
export function loggableUrl(url: string | undefined): string | undefined {
  return stripQuery(url)?.replace(SECRET_PATH, '$1[redacted]');
}

/** Drops the query string of a URL path. */
export function stripQuery(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const at = url.indexOf('?');
  return at === -1 ? url : `${url.slice(0, at)}?[redacted]`;
}

export type { Logger };
