import { CronExpressionParser } from 'cron-parser';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { DEFAULT_TEMPLATE_LANGUAGES, parseTemplateLanguages, TEMPLATE_LANGUAGES_PATTERN } from '../engine/templates/template-languages.js';
import { AFTER_HOURS_PLACEHOLDERS, findPlaceholderProblems } from '../engine/text/placeholders.js';
import { UNIT_TIME_ZONE } from '../engine/unit-time-zone.js';

/** Key material in development when none is configured: public, and refused in production. */
const DEVELOPMENT_DATA_KEY = 'dev:YWNvbXBhbmEtZGVzYXJyb2xsby1uby11c2FyLXJlYWw=';
const DEVELOPMENT_HASH_KEY = 'YWNvbXBhbmEtaGFzaC1kZXNhcnJvbGxvLW5vLXJlYWw=';

/** The channels the service can talk to survivors through. */
export const CHANNEL_NAMES = ['simulator', 'whatsapp-web', 'cloud-api'] as const;

/** What `CHANNEL=cloud-api` cannot run without. */
const CLOUD_API_REQUIRED = ['CLOUD_API_PHONE_NUMBER_ID', 'CLOUD_API_TOKEN', 'CLOUD_API_APP_SECRET', 'CLOUD_API_VERIFY_TOKEN'] as const;

/** A channel the service can use, as named in `CHANNEL`. */
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/**
 * What a process of the service can do, as named in `ROLES`: `gateway` owns the channel (receives and
 * sends), `worker` runs the conversations and check-ins, `console` serves the staff console.
 */
export const ROLE_NAMES = ['gateway', 'worker', 'console'] as const;

/** One role of a process. */
export type Role = (typeof ROLE_NAMES)[number];

/** `all`, or roles separated by commas (`gateway,console`); read as the set of roles, in a fixed order. */
const roles = z.string().transform((value, ctx) => {
  const names = value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return [...ROLE_NAMES];
  const unknown = names.filter((name) => !(ROLE_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    ctx.addIssue({ code: 'custom', message: `must be "all" or a comma-separated list of ${ROLE_NAMES.join(', ')}` });
    return z.NEVER;
  }
  return ROLE_NAMES.filter((name) => names.includes(name));
});

/** Fills the user of a PostgreSQL URL that names none, as libpq would, so every client agrees. */
function withDefaultUser(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = userInfo().username;
  return parsed.toString();
}

const postgresUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    message: 'must be a postgresql:// URL',
  })
  .transform(withDefaultUser);

const redisUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol), {
    message: 'must be a redis:// URL',
  });

/** `keyId:base64` pairs separated by commas; the first is used to encrypt, all to decrypt. */
const dataKeys = z
  .string()
  .transform((value, ctx) => {
    const keys: { id: string; key: Buffer }[] = [];
    for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
      const match = /^([A-Za-z0-9_-]{1,16}):(.+)$/.exec(part);
      const key = match ? Buffer.from(match[2]!, 'base64') : Buffer.alloc(0);
      if (!match || key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'each key must be keyId:<32 bytes in base64>' });
        return z.NEVER;
      }
      keys.push({ id: match[1]!, key });
    }
    if (keys.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'at least one key is needed' });
      return z.NEVER;
    }
    return keys;
  });

const hashKey = z.string().transform((value, ctx) => {
  const key = Buffer.from(value, 'base64');
  if (key.length < 32) {
    ctx.addIssue({ code: 'custom', message: 'must be at least 32 bytes in base64' });
    return z.NEVER;
  }
  return key;
});

/** `days hh:mm-hh:mm` segments separated by `;`, days as ISO weekdays (`1-5`, `6,7`, `1-7`). */
const contactWindows = z.string().transform((value, ctx) => {
  const windows: { days: number[]; from: string; to: string }[] = [];
  for (const part of value.split(';').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([1-7](?:-[1-7])?(?:,[1-7](?:-[1-7])?)*)\s+(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(part);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'each window must look like "1-5 10:00-13:00" (ISO weekdays, local times)' });
      return z.NEVER;
    }
    const days = match[1]!.split(',').flatMap((range) => {
      const [a, b] = range.split('-').map(Number) as [number, number | undefined];
      return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i);
    });
    windows.push({ days, from: match[2]!, to: match[3]! });
  }
  if (windows.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'at least one window is needed' });
    return z.NEVER;
  }
  return windows;
});

/** `always`, or weekly windows as {@link contactWindows} reads them: when a person of the unit is on duty. */
const staffHours = z.string().transform((value, ctx) => {
  if (value.trim() === 'always') return null;
  const windows = contactWindows.safeParse(value);
  if (windows.success) return windows.data;
  ctx.addIssue({ code: 'custom', message: 'must be "always" or windows such as "1-5 09:00-18:00; 6 09:00-14:00"' });
  return z.NEVER;
});

/** `hh:mm-hh:mm`, or `none`. */
const quietHours = z.string().transform((value, ctx) => {
  if (value.trim() === 'none') return null;
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(value.trim());
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'must look like "21:00-08:00" or be "none"' });
    return z.NEVER;
  }
  return { from: match[1]!, to: match[2]! };
});

/**
 * Which proxies in front of the console are believed about the client's address (`X-Forwarded-For`):
 * `false` (none), `true` (any: only when nothing else can reach the port), a number of hops, or
 * addresses and CIDR ranges separated by commas.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): boolean | number | string[] => {
    if (value === 'false' || value === '0') return false;
    if (value === 'true') return true;
    if (/^[1-9]\d?$/.test(value)) return Number(value);
    const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
    if (parts.length > 0 && parts.every((part) => /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(part) || ['loopback', 'linklocal', 'uniquelocal'].includes(part))) {
      return parts;
    }
    ctx.addIssue({ code: 'custom', message: 'must be false, true, a number of hops, or addresses/CIDR ranges separated by commas' });
    return z.NEVER;
  });

/** `name@host:port,host:port`: the master's name as the sentinels know it, and the sentinels' addresses. */
const redisSentinels = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const match = /^([A-Za-z0-9_.-]{1,64})@(.+)$/.exec(value);
    const hosts = (match?.[2] ?? '').split(',').map((part) => /^\s*([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})\s*$/.exec(part));
    if (!match || hosts.length === 0 || hosts.some((host) => !host || Number(host[2]) > 65535)) {
      ctx.addIssue({ code: 'custom', message: 'must look like "mymaster@10.0.0.1:26379,10.0.0.2:26379" (a name, then sentinel addresses)' });
      return z.NEVER;
    }
    return { name: match[1]!, hosts: hosts.map((host) => ({ host: host![1]!.replace(/^\[|\]$/g, ''), port: Number(host![2]) })) };
  });

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A whole number of milliseconds between `min` and `max`. */
const millis = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A cron pattern (5 fields, or 6 with seconds first), checked as BullMQ will read it; or `off`. */
const retentionSchedule = z
  .string()
  .trim()
  .refine(
    (value) => {
      if (value === 'off') return true;
      try {
        CronExpressionParser.parse(value, { tz: UNIT_TIME_ZONE });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be a cron pattern such as "30 3 * * *" (03:30 daily, America/Cancun) or off' },
  )
  .transform((value) => (value === 'off' ? null : value));

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: 'must be an http(s):// URL' })
  .transform((value) => value.replace(/\/+$/, ''));

/**
 * The environment the service reads, validated once at start. Every variable carries a `.describe()`
 * (its meaning, in one sentence); `docs/configuration.md` is generated from this schema with its
 * defaults (`npm run docs:config`), and a test fails when the page is stale.
 *
 * @example
 * CHANNEL=simulator PORT=3000 DATABASE_URL=postgresql://localhost:5432/acompana npm start
 */
export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('How the service runs: `production` refuses to start without `DATA_KEYS` and `PHONE_HASH_KEY`.'),
    DATABASE_URL: postgresUrl.prefault('postgresql://localhost:5432/acompana').describe("The PostgreSQL database of cases (a `postgresql://` URL); it is created if missing, and a URL without a user gets the system user's name, as libpq does."),
    REDIS_URL: redisUrl.default('redis://127.0.0.1:6379').describe("The Redis server holding the queues, the channels' shared state and the simulator's phones."),
    REDIS_SENTINELS: redisSentinels
      .optional()
      .describe(
        'Redis through Sentinel, for failover: the master name and sentinel addresses, e.g. mymaster@10.0.0.1:26379,10.0.0.2:26379 (REDIS_URL then gives only password and database); unset by default.',
      ),
    QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]{1,32}$/i, 'letters, digits, _ or -').default('acompana').describe('Prefix of every Redis key the service writes (queues and channel state), so several deployments can share one Redis.'),
    CHANNEL: z.enum(CHANNEL_NAMES).default('simulator').describe('How survivors are reached: `simulator` (a phone in the browser), `whatsapp-web` (whatsapp-web.js, unofficial) or `cloud-api` (the WhatsApp Business Platform); see docs/whatsapp.md.'),
    ALLOW_SIMULATOR_IN_PRODUCTION: booleanFlag
      .default(false)
      .describe(
        'Lets NODE_ENV=production start with CHANNEL=simulator (anyone reaching the port can write as any number); default false, so such a start is refused.',
      ),
    ROLES: roles.prefault('all').describe('What this process runs: `all` (one process), or a comma-separated list of `gateway`, `worker`, `console`; see docs/deployment.md.'),
    HOST: z.string().min(1).default('127.0.0.1').describe('The address the HTTP server listens on (`0.0.0.0` inside a container).'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('The port the HTTP server listens on (0: any free port).'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('The pino log level (logs carry ids only, never a number or a text).'),
    FLOWS_DIR: z.string().min(1).default('flows').describe('The folder of the conversation scripts (YAML flows and `ajustes.yaml`), validated at start.'),
    START_FLOW: z.string().min(1).default('primer-contacto').describe("The flow a case's message starts when she has no conversation under way."),
    UNKNOWN_NUMBER_REPLY: z
      .string()
      .min(1)
      .max(300)
      .default('Hola. Este número no recibe mensajes.')
      .describe(
        'The one reply, at most once a day, to a number that writes without a case (such numbers are kept for staff review). Whoever holds the phone reads it, so it may name no word of `deny_words` (checked at start).',
      ),
    NON_TEXT_REPLY: z
      .string()
      .min(1)
      .max(300)
      .default('Gracias. Por ahora solo puedo leer mensajes escritos; en un momento te escribe alguien.')
      .describe(
        'The one discreet reply to a voice note, picture or other non-text message (not a sticker, which is only kept) while the bot talks with her (the case then waits for a person); it may name no word of `deny_words` (checked at start).',
      ),
    NON_TEXT_REPLY_AFTER_HOURS: z
      .string()
      .min(1)
      .max(300)
      .refine((text) => findPlaceholderProblems(text, AFTER_HOURS_PLACEHOLDERS).length === 0, 'only {{atencion_hora}} may be used in it')
      .default('Gracias. Por ahora solo puedo leer mensajes escritos; te escribe alguien desde {{atencion_hora}}.')
      .describe(
        "`NON_TEXT_REPLY` while nobody is on duty (`STAFF_HOURS`); `{{atencion_hora}}` says when a person is next on duty (\"mañana a las 9:00\"). The same checks as `NON_TEXT_REPLY`.",
      ),
    DATA_KEYS: dataKeys.optional().describe('AES-256 keys of the data encrypted at rest, as `keyId:base64` pairs separated by commas: the first encrypts, all decrypt (a public development key when unset, refused in production); see docs/security.md.'),
    PHONE_HASH_KEY: hashKey.optional().describe('Base64 key (32 bytes or more) of the keyed hash phone numbers are looked up by (a public development key when unset, refused in production); cannot be rotated without re-hashing every number.'),
    MIGRATE_ON_START: booleanFlag.default(true).describe("Whether each process applies the database migrations at start, under PostgreSQL's advisory lock (`true`/`false`, `1`/`0`)."),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16).describe('How many jobs each queue worker of this process runs at once (1–256).'),
    WORKER_LOCK_SECONDS: z.coerce.number().int().min(1).max(600).default(30).describe('How long a job stays locked by its worker, in seconds: a job whose worker died is retried by another after about this long.'),
    FLOOD_MAX_MESSAGES: z.coerce.number().int().min(1).max(10_000).default(30).describe('At most this many messages per number per `FLOOD_WINDOW_SECONDS`; more are refused (429 on the simulator, dropped on WhatsApp) and staff get one alert.'),
    FLOOD_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60).describe('The window, in seconds, `FLOOD_MAX_MESSAGES` counts messages in.'),
    CHECKIN_PLAN: z.string().min(1).default('flows/plans/seguimiento.yaml').describe('The check-in plan every enrolled case follows (a YAML file of check-ins after the intervention).'),
    CONTACT_WINDOWS: contactWindows.prefault('1-6 10:00-19:00').describe("When survivors without their own safe hours may be contacted: `days hh:mm-hh:mm` segments separated by `;`, ISO weekdays (`1-5`, `6,7`), in the unit's time zone (America/Cancun)."),
    QUIET_HOURS: quietHours.prefault('21:00-08:00').describe('When nobody is contacted, whatever her windows say (`hh:mm-hh:mm` in America/Cancun, or `none`).'),
    STAFF_HOURS: staffHours
      .prefault('always')
      .describe("When a person of the unit reads the inbox and answers her (same format as `CONTACT_WINDOWS`, America/Cancun), or `always`. Outside them, what promises her a person soon says when one is next on duty instead: the `*_after_hours` replies of `ajustes.yaml` (her request for a person, a long message, an emergency word), a handoff's `text_after_hours` and `NON_TEXT_REPLY_AFTER_HOURS`; alerts and the inbox are as at any hour."),
    CHECKIN_ANSWER_HOURS: z.coerce.number().positive().max(24 * 14).default(24).describe('Hours she has to answer a check-in before it counts as missed; also how long a conversation she left unanswered, with no question left to time out, holds back the next check-in or video-call reminder.'),
    CHECKIN_MISSED_LIMIT: z.coerce.number().int().min(1).max(20).default(2).describe('Missed check-ins in a row after which automated outreach stops and a person is alerted.'),
    DELIVERY_FAILED_LIMIT: z.coerce.number().int().min(1).max(20).default(2).describe('Messages in a row that did not reach her (failed deliveries) after which automated outreach on her case stops and a person is alerted.'),
    RECONCILE_EVERY_SECONDS: z.coerce.number().int().min(5).max(3600).default(300).describe('How often, in seconds, the worker makes the check-in jobs in Redis match the check-ins in the database (also at start).'),
    TIMEOUT_SWEEP_SECONDS: z.coerce.number().int().min(1).max(300).default(10).describe("How often, in seconds, the worker looks for questions whose timeout has come (a question times out up to this long after its time; 1–300)."),
    VIDEO_BASE_URL: httpUrl.default('https://meet.jit.si').describe("Video calls: the Jitsi Meet server a session's link points to (`<base>/<random room>`)."),
    VIDEO_LINK_SENT: z.enum(['reminder_hour', 'reminder_day']).default('reminder_hour').describe('Video calls: which reminder carries the link: `reminder_hour` (an hour before) or `reminder_day` (sent after she confirms the day-before reminder).'),
    WORKING_HOURS: contactWindows.prefault('1-5 09:00-17:00').describe("Video calls: psychologists' weekly hours for sessions when none are set on their account (same format as `CONTACT_WINDOWS`, America/Cancun)."),
    SESSION_MINUTES: z.coerce.number().int().min(15).max(240).default(50).describe('Video calls: the length in minutes of a session booked without an end (15–240).'),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180).describe('Days after a case closes when its message texts and saved answers are removed; the rows and every figure stay (1–3650).'),
    MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(16 * 1024 * 1024)
      .describe('Largest voice note, photo, video or document kept, in bytes; a larger one is recorded as too large (default 16777216, 16 MB).'),
    RETENTION_UNKNOWN_DAYS: z.coerce.number().int().min(1).max(3650).default(30).describe('Days after a number without a case last wrote when it is deleted with its messages (1–3650).'),
    RETENTION_SCHEDULE: retentionSchedule.default('30 3 * * *').describe('When the worker runs retention: a cron pattern in America/Cancun (03:30 daily by default), or `off` to leave it to an external scheduler running `acompana retention run`.'),
    BULLETIN_SCHEDULE: retentionSchedule
      .default('0 6 1 * *')
      .describe(
        'When the service computes the previous month\'s bulletin, as a cron pattern in America/Cancun, or off; default "0 6 1 * *" (06:00 on the first day of each month).',
      ),

    CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium').describe("whatsapp-web.js: the system's Chromium (Debian's `chromium` package); no browser is ever downloaded."),
    WA_SESSION_DIR: z.string().min(1).default('.data/whatsapp-session').describe('whatsapp-web.js: where the linked session is kept between restarts (created 0700; it is a credential: keep it private, off backups you do not control).'),
    WA_CLIENT_ID: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, 'letters, digits, _ or -').default('acompana').describe("whatsapp-web.js: the session's one stable id: its folder (`session-<id>`) and its lease in Redis."),
    WA_STARTUP_DEADLINE_MS: millis(1_000, 600_000).default(90_000).describe('whatsapp-web.js: how long a start may take to show a QR code or become ready (again after the QR code is scanned), in milliseconds.'),
    WA_MIN_GAP_MS: millis(0, 600_000).default(4_000).describe('whatsapp-web.js: the shortest randomized gap between two messages sent, in milliseconds.'),
    WA_MAX_GAP_MS: millis(0, 600_000).default(12_000).describe('whatsapp-web.js: the longest randomized gap between two messages sent, in milliseconds (at least `WA_MIN_GAP_MS`).'),
    WA_DAILY_CAP: z.coerce.number().int().min(1).max(100_000).default(200).describe('whatsapp-web.js: messages per day (America/Cancun) at most; beyond it, sends wait for the next day, at the end of `QUIET_HOURS`.'),
    WA_TYPING_MS: millis(0, 10_000).default(1_500).describe('whatsapp-web.js: how long "escribiendo…" shows before each message, in milliseconds (0: never).'),
    SEND_RETRY_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(3600).describe('How long a message the channel cannot take for now (its network, its servers, an expired token) keeps being retried, in seconds: after the first failures, every 5 minutes. Then it is marked failed (`CHANNEL_UNREACHABLE`) and a person is alerted on the case.'),
    WA_NOT_READY_RETRY_MS: millis(100, 600_000).default(30_000).describe('whatsapp-web.js: while WhatsApp is not ready (QR code to scan, disconnected), how long a message waits before its next try, in milliseconds; no attempt is used up.'),
    WA_RESTART_MAX_DELAY_MS: millis(100, 3_600_000).default(300_000).describe('whatsapp-web.js: the longest wait between two rebuilds of a failing client, in milliseconds.'),
    WA_MAX_RESTARTS: z.coerce.number().int().min(1).max(1_000).default(8).describe('whatsapp-web.js: failures in a row after which a failure that waiting cannot fix (Chromium missing, session refused) stops the rebuilds.'),
    WA_LEASE_TTL_MS: millis(1_000, 600_000).default(30_000).describe('whatsapp-web.js: the lifetime of the session lease in Redis, in milliseconds, renewed every third of it.'),

    CLOUD_API_BASE_URL: httpUrl.default('https://graph.facebook.com/v21.0').describe("Cloud API: the Graph API's base URL, version included."),
    CLOUD_API_PHONE_NUMBER_ID: z.string().regex(/^\d{5,32}$/, 'must be the numeric phone number id').optional().describe("Cloud API: the sending number's id in Meta's WhatsApp Manager (not the number); required with `CHANNEL=cloud-api`."),
    CLOUD_API_TOKEN: z.string().min(10).optional().describe('Cloud API: a System User access token with `whatsapp_business_messaging`; required with `CHANNEL=cloud-api`.'),
    CLOUD_API_APP_SECRET: z.string().min(8).optional().describe("Cloud API: the Meta app's secret, which every webhook's `X-Hub-Signature-256` is checked with; required with `CHANNEL=cloud-api`."),
    CLOUD_API_VERIFY_TOKEN: z.string().min(8).optional().describe('Cloud API: a random string of yours, given to Meta when registering the webhook; required with `CHANNEL=cloud-api`.'),
    CLOUD_API_WABA_ID: z
      .string()
      .regex(/^\d{5,32}$/, 'must be the numeric WhatsApp Business Account id')
      .optional()
      .describe(
        'Cloud API: the WhatsApp Business Account id the templates are registered in (WhatsApp Manager, account settings); only `acompana templates check` and `acompana templates register` read it, with `CLOUD_API_TOKEN` (which then needs `whatsapp_business_management`).',
      ),
    CLOUD_API_TIMEOUT_MS: millis(500, 120_000).default(10_000).describe('Cloud API: the timeout of each Graph API request, in milliseconds.'),
    CLOUD_API_MESSAGES_PER_SECOND: z.coerce
      .number()
      .positive()
      .max(1_000)
      .default(80)
      .describe(
        "Cloud API: messages per second sent from the business number at most, across every process sending from it (Meta's default throughput is 80); sends are spaced `1/rate` apart, shared through Redis, and each message of a multi-message opener counts.",
      ),
    CLOUD_API_TEMPLATE_LANGUAGES: z
      .string()
      .regex(TEMPLATE_LANGUAGES_PATTERN, 'must be language:code pairs such as es-MX:es_MX,en:en_US')
      .default(DEFAULT_TEMPLATE_LANGUAGES)
      .transform(parseTemplateLanguages)
      .describe(
        'Cloud API: the language code templates were registered in, per language of the text (`es-MX:es_MX,en:en_US,yua:es_MX`). A template goes in the language its text is written in: es-MX where the text has no translation to hers; a language left out, and `yua` by default (Meta has no Maya), is sent as the Spanish template.',
      ),
    CONSOLE_SECURE_COOKIES: booleanFlag.default(false).describe("Send the console's cookies only over HTTPS: set it to `true` wherever the console is served over https."),
    METRICS_TOKEN: z
      .string()
      .min(24, 'must be at least 24 characters (a random secret)')
      .optional()
      .describe('The bearer token Prometheus sends to GET /metrics; unset (the default): no metrics endpoint.'),
    QUEUE_VIEW_ACTIONS: booleanFlag
      .default(false)
      .describe('Lets admins retry, promote and remove jobs from the queue view at /admin/colas; default false (the view is read only).'),
    TRUST_PROXY: trustProxy
      .prefault('false')
      .describe(
        'Which reverse proxies are believed about the client address (X-Forwarded-For), which sign-in throttling counts by: false (default), true, a number of hops, or comma-separated addresses/CIDR ranges such as 10.0.0.0/8.',
      ),
    CONSOLE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30).describe('A console session ends after this many minutes without activity.'),
    CONSOLE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12).describe('A console session ends this many hours after sign-in, active or not.'),
  })
  .superRefine((env, ctx) => {
    if (env.WA_MIN_GAP_MS > env.WA_MAX_GAP_MS) {
      ctx.addIssue({ code: 'custom', path: ['WA_MAX_GAP_MS'], message: `must be at least WA_MIN_GAP_MS (${env.WA_MIN_GAP_MS})` });
    }
    if (env.CHANNEL === 'cloud-api') {
      for (const name of CLOUD_API_REQUIRED) {
        if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when CHANNEL=cloud-api' });
      }
    }
    if (env.NODE_ENV !== 'production') return;
    if (!env.DATA_KEYS) ctx.addIssue({ code: 'custom', path: ['DATA_KEYS'], message: 'is required in production' });
    if (!env.PHONE_HASH_KEY)
      ctx.addIssue({ code: 'custom', path: ['PHONE_HASH_KEY'], message: 'is required in production' });
  })
  .transform((env) => ({
    ...env,
    usingDevelopmentKeys: !env.DATA_KEYS || !env.PHONE_HASH_KEY,
    DATA_KEYS: env.DATA_KEYS ?? dataKeys.parse(DEVELOPMENT_DATA_KEY),
    PHONE_HASH_KEY: env.PHONE_HASH_KEY ?? hashKey.parse(DEVELOPMENT_HASH_KEY),
  }));

/** The validated, frozen configuration passed down from the composition root. */
export type Config = Readonly<z.output<typeof environmentSchema>>;
