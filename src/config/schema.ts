import { CronExpressionParser } from 'cron-parser';
import { userInfo } from 'node:os';
import { z } from 'zod';

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
        CronExpressionParser.parse(value, { tz: 'America/Cancun' });
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
 * The environment the service reads, validated once at start.
 *
 * @example
 * CHANNEL=simulator PORT=3000 DATABASE_URL=postgresql://localhost:5432/acompana npm start
 */
export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: postgresUrl.prefault('postgresql://localhost:5432/acompana'),
    REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
    /** Prefix of every Redis key the service writes (queues and channel state). */
    QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]{1,32}$/i, 'letters, digits, _ or -').default('acompana'),
    CHANNEL: z.enum(CHANNEL_NAMES).default('simulator'),
    /** What this process does: `all` (one process), or some of `gateway`, `worker`, `console`. */
    ROLES: roles.prefault('all'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    FLOWS_DIR: z.string().min(1).default('flows'),
    /** The flow a case's first message starts when she has no conversation under way. */
    START_FLOW: z.string().min(1).default('primer-contacto'),
    /** What a number without a case is told, at most once a day. */
    UNKNOWN_NUMBER_REPLY: z
      .string()
      .min(1)
      .max(300)
      .default('Hola. Este número no recibe mensajes. Si estás en peligro, llama al 911.'),
    /** The one discreet reply to a voice note, picture or other non-text message while the bot talks with her. */
    NON_TEXT_REPLY: z
      .string()
      .min(1)
      .max(300)
      .default('Gracias. Por ahora solo puedo leer mensajes escritos; en un momento te escribe alguien.'),
    DATA_KEYS: dataKeys.optional(),
    PHONE_HASH_KEY: hashKey.optional(),
    MIGRATE_ON_START: booleanFlag.default(true),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /** How long a job stays locked by its worker; a worker that died is noticed after about this long. */
    WORKER_LOCK_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    /** At most this many messages per number per `FLOOD_WINDOW_SECONDS`; more are refused and staff alerted. */
    FLOOD_MAX_MESSAGES: z.coerce.number().int().min(1).max(10_000).default(30),
    FLOOD_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** The check-in plan every enrolled case follows. */
    CHECKIN_PLAN: z.string().min(1).default('flows/plans/seguimiento.yaml'),
    /** When survivors without their own safe hours may be contacted (America/Cancun). */
    CONTACT_WINDOWS: contactWindows.prefault('1-6 10:00-19:00'),
    /** When nobody is contacted, whatever her windows say (America/Cancun). */
    QUIET_HOURS: quietHours.prefault('21:00-08:00'),
    /** Hours she has to answer a check-in before it counts as missed. */
    CHECKIN_ANSWER_HOURS: z.coerce.number().positive().max(24 * 14).default(24),
    /** Missed check-ins in a row after which automated outreach stops and a person is alerted. */
    CHECKIN_MISSED_LIMIT: z.coerce.number().int().min(1).max(20).default(2),
    /** How often Redis is made to match the check-ins in the database. */
    RECONCILE_EVERY_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
    /** Video calls: the Jitsi Meet server a session's link points to (`<base>/<random room>`). */
    VIDEO_BASE_URL: httpUrl.default('https://meet.jit.si'),
    /** Video calls: which message carries the link: the reminder an hour before, or the one a day before. */
    VIDEO_LINK_SENT: z.enum(['reminder_hour', 'reminder_day']).default('reminder_hour'),
    /** Video calls: psychologists' weekly hours when none are set on their account (America/Cancun). */
    WORKING_HOURS: contactWindows.prefault('1-5 09:00-17:00'),
    /** Video calls: how long a session lasts when booked without an end, in minutes. */
    SESSION_MINUTES: z.coerce.number().int().min(15).max(240).default(50),
    /** Days after a case closes when its message texts are removed (the counts stay). */
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    /** Days after a number without a case last wrote when its messages and the number itself are removed. */
    RETENTION_UNKNOWN_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** When the retention job runs inside the service: a cron pattern in America/Cancun (`off`: never). */
    RETENTION_SCHEDULE: retentionSchedule.default('30 3 * * *'),
    /** When the monthly bulletin (the month before) is computed inside the service: a cron pattern in America/Cancun (`off`: never). */
    BULLETIN_SCHEDULE: retentionSchedule
      .default('0 6 1 * *')
      .describe(
        'When the service computes the previous month\'s bulletin, as a cron pattern in America/Cancun, or off; default "0 6 1 * *" (06:00 on the first day of each month).',
      ),

    /** whatsapp-web.js: the system's Chromium (Debian's package), never a downloaded one. */
    CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
    /** whatsapp-web.js: where the linked session is kept between restarts (keep it private). */
    WA_SESSION_DIR: z.string().min(1).default('.data/whatsapp-session'),
    /** whatsapp-web.js: the one stable id of the session (its folder and its lease). */
    WA_CLIENT_ID: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, 'letters, digits, _ or -').default('acompana'),
    /** whatsapp-web.js: how long a start may take to show a QR code or become ready. */
    WA_STARTUP_DEADLINE_MS: millis(1_000, 600_000).default(90_000),
    /** whatsapp-web.js: shortest and longest randomized gap between two messages sent. */
    WA_MIN_GAP_MS: millis(0, 600_000).default(4_000),
    WA_MAX_GAP_MS: millis(0, 600_000).default(12_000),
    /** whatsapp-web.js: how many messages a day (America/Cancun) at most. */
    WA_DAILY_CAP: z.coerce.number().int().min(1).max(100_000).default(200),
    /** whatsapp-web.js: how long "typing…" shows before each message (0: never). */
    WA_TYPING_MS: millis(0, 10_000).default(1_500),
    /** whatsapp-web.js: how long a message waits before trying again while WhatsApp is not ready (no attempt used). */
    WA_NOT_READY_RETRY_MS: millis(100, 600_000).default(30_000),
    /** whatsapp-web.js: longest wait between two rebuilds of a failing client. */
    WA_RESTART_MAX_DELAY_MS: millis(100, 3_600_000).default(300_000),
    /** whatsapp-web.js: failures in a row after which a failure that waiting cannot fix stops the rebuilds. */
    WA_MAX_RESTARTS: z.coerce.number().int().min(1).max(1_000).default(8),
    /** whatsapp-web.js: how long the session lease in Redis lasts without renewal. */
    WA_LEASE_TTL_MS: millis(1_000, 600_000).default(30_000),

    /** Cloud API: the Graph API's base URL, version included. */
    CLOUD_API_BASE_URL: httpUrl.default('https://graph.facebook.com/v21.0'),
    CLOUD_API_PHONE_NUMBER_ID: z.string().regex(/^\d{5,32}$/, 'must be the numeric phone number id').optional(),
    CLOUD_API_TOKEN: z.string().min(10).optional(),
    CLOUD_API_APP_SECRET: z.string().min(8).optional(),
    CLOUD_API_VERIFY_TOKEN: z.string().min(8).optional(),
    CLOUD_API_TIMEOUT_MS: millis(500, 120_000).default(10_000),
    /** Cloud API: template language codes by session language, e.g. `es-MX:es_MX,en:en_US,yua:es_MX`. */
    CLOUD_API_TEMPLATE_LANGUAGES: z
      .string()
      .regex(/^(es-MX|en|yua):[A-Za-z_]{2,10}(,(es-MX|en|yua):[A-Za-z_]{2,10})*$/, 'must be language:code pairs such as es-MX:es_MX,en:en_US')
      .default('es-MX:es_MX,en:en_US,yua:es_MX')
      .transform((value) => Object.fromEntries(value.split(',').map((pair) => pair.split(':') as [string, string]))),
    /** Send the console's cookies only over HTTPS: set it to true wherever the console is behind https. */
    CONSOLE_SECURE_COOKIES: booleanFlag.default(false),
    /** A console session ends after this many minutes without activity. */
    CONSOLE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    /** A console session ends this many hours after sign-in, active or not. */
    CONSOLE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
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
