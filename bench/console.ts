/**
 * The console at a unit's scale: a database filled with ten years of a unit (25,000 cases, 100,000
 * interventions, 2,000,000 contacts, 50,000 appointments, their check-ins and alerts), the console
 * served over HTTP, and a signed-in coordinator asking for each page in turn. Prints the p95 of each
 * page, and of a page that reads nothing (the floor of this machine at the moment); the last line is
 * JSON: `{"baseline_p95_ms", "inbox_p95_ms", "search_p95_ms", "conversation_p95_ms",
 * "calendar_week_p95_ms", "checkins_p95_ms", "report_year_p95_ms", …}`.
 *
 * Sizes can be lowered for a quick run: BENCH_CONSOLE_CASES (25000), BENCH_CONSOLE_REQUESTS (40).
 * BENCH_CONSOLE_KEEP=1 keeps the filled database (`acompana_bench_console_<cases>`) and reuses it on
 * the next run with the same size, migrated again so new migrations apply: filling 2,000,000
 * contacts takes minutes. Drop it by hand when done (`dropdb acompana_bench_console_25000`).
 * BENCH_CONSOLE_PAGES=inbox,calendar_week measures only those pages (the others print `null`);
 * BENCH_CONSOLE_PROFILE=/tmp/console.cpuprofile records a CPU profile of the measured requests (the
 * console runs in this process; summarise it with `bench/profile-summary.ts`).
 */
import { DateTime } from 'luxon';
import pg from 'pg';
import { createLogger } from '../src/observability/logger.js';
import { systemClock } from '../src/app/system-clock.js';
import { FieldCipher } from '../src/privacy/field-cipher.js';
import { argon2PasswordHasher } from '../src/privacy/password-hasher.js';
import { startService } from '../src/service.js';
import { withCpuProfile } from './support/cpu-profile.js';
import { createSandbox, percentile } from './support/sandbox.js';

const CASES = Number(process.env.BENCH_CONSOLE_CASES ?? 25_000);
const REQUESTS = Number(process.env.BENCH_CONSOLE_REQUESTS ?? 40);
const INTERVENTIONS_PER_CASE = 4;
const CONTACTS_PER_CASE = 80;
const APPOINTMENTS_PER_CASE = 2;
const PSYCHOLOGISTS = 12;
/** Share of the cases still open: the most recent ones. */
const OPEN_SHARE = 0.1;
const PASSWORD = 'contraseña-del-banco-de-pruebas';
const YEARS = 10;
const KEEP = process.env.BENCH_CONSOLE_KEEP === '1';
const PAGES = process.env.BENCH_CONSOLE_PAGES ? new Set(process.env.BENCH_CONSOLE_PAGES.split(',')) : null;
const PROFILE = process.env.BENCH_CONSOLE_PROFILE;

/** What the benchmark prints last, as JSON. */
export interface ConsoleBenchResult {
  cases: number;
  open_cases: number;
  interventions: number;
  contacts: number;
  appointments: number;
  fill_seconds: number;
  /** The database was filled by an earlier run (BENCH_CONSOLE_KEEP=1) and reused. */
  reused: boolean;
  /** A signed-in page that reads nothing but the session (the password form): the machine's floor. */
  baseline_p95_ms: number | null;
  inbox_p95_ms: number | null;
  search_p95_ms: number | null;
  search_api_p95_ms: number | null;
  conversation_p95_ms: number | null;
  calendar_week_p95_ms: number | null;
  checkins_p95_ms: number | null;
  report_year_p95_ms: number | null;
  /**
   * Per request of each page measured, figures the machine's load barely moves: CPU milliseconds of
   * this process (the console and the fetching client) and SQL statements sent to PostgreSQL.
   */
  per_request: Record<string, { cpu_ms: number; statements: number }>;
}

/** Fills the database with plain SQL (generate_series): minutes with Prisma, seconds this way. */
async function fill(client: pg.Client, cipher: FieldCipher, passwordHash: string): Promise<{ open: number; psychologists: string[]; coordinator: string }> {
  const now = Date.now();
  const span = YEARS * 365 * 86_400_000;
  const open = Math.round(CASES * OPEN_SHARE);
  const text = cipher.encrypt('Hola, ¿cómo estás? Te escribo para saber cómo sigues.');
  await client.query(`INSERT INTO "Staff" (id, email, "displayName", role, "passwordHash")
    VALUES (gen_random_uuid(), 'coordinacion@banco.test', 'Coordinación', 'coordinator', $1)`, [passwordHash]);
  await client.query(`INSERT INTO "Staff" (id, email, "displayName", role, "passwordHash")
    SELECT gen_random_uuid(), 'psicologa' || g || '@banco.test', 'Psicóloga ' || g, 'psychologist', $1 FROM generate_series(1, ${PSYCHOLOGISTS}) g`, [passwordHash]);
  const psychologists = (await client.query<{ id: string }>(`SELECT id FROM "Staff" WHERE role = 'psychologist' ORDER BY email`)).rows.map((r) => r.id);
  const coordinator = (await client.query<{ id: string }>(`SELECT id FROM "Staff" WHERE role = 'coordinator'`)).rows[0]!.id;

  // Survivors and cases, one each, spread over ten years; the most recent tenth still open.
  await client.query(`CREATE TEMP TABLE bench_case AS
    SELECT g AS n, gen_random_uuid() AS survivor_id, gen_random_uuid() AS case_id,
      to_timestamp(($1::bigint - $2::bigint + g::bigint * $2::bigint / $3::bigint) / 1000.0) AS created_at
    FROM generate_series(1, $3::int) g`, [now, span, CASES]);
  await client.query(`INSERT INTO "Survivor" (id, alias, "phoneHash", "phoneCipher", "createdAt")
    SELECT survivor_id, (ARRAY['Luz','Rosa','Flor','Azucena','María','Lupita','Carmen','Isabel','Ana','Marisol'])[1 + n % 10] || ' ' || n,
      md5('tel-' || n), $1::bytea, created_at FROM bench_case`, [text]);
  await client.query(`INSERT INTO "Consent" (id, "survivorId", purpose, granted, source, "recordedAt")
    SELECT gen_random_uuid(), survivor_id, 'follow_up', true, 'intervention_911', created_at FROM bench_case`);
  await client.query(`INSERT INTO "Case" (id, folio, "survivorId", status, "assignedStaffId", "interventionAt", attention, urgency,
      "attentionReason", "attentionSince", "createdAt", "closedAt")
    SELECT case_id, 'QR-' || to_char(created_at, 'YYYY') || '-' || lpad(n::text, 6, '0'), survivor_id,
      CASE WHEN n > $1 THEN 'open' ELSE 'closed' END::"CaseStatus",
      ($2::uuid[])[1 + n % ${PSYCHOLOGISTS}], created_at,
      CASE WHEN n > $1 AND n % 50 = 0 THEN 'waiting_person' ELSE 'bot' END::"Attention",
      CASE WHEN n > $1 AND n % 200 = 0 THEN 'urgent' ELSE 'none' END::"Urgency",
      CASE WHEN n > $1 AND n % 50 = 0 THEN 'Pidió hablar con alguien' END,
      CASE WHEN n > $1 AND n % 50 = 0 THEN created_at + interval '2 days' END,
      created_at, CASE WHEN n > $1 THEN NULL ELSE created_at + interval '90 days' END
    FROM bench_case`, [CASES - open, psychologists]);
  await client.query(`INSERT INTO "Intervention" (id, folio, "caseId", "occurredAt", service, line, channel, "staffId", "createdAt")
    SELECT gen_random_uuid(), 'INT-' || n || '-' || k, case_id, created_at + k * interval '20 days',
      (ARRAY['juridica','psicologica'])[1 + (n + k) % 2]::"Service",
      (ARRAY['acompanamiento_previo','intervencion_12_48h','atencion_subsecuente','seguimiento'])[1 + k % 4]::"LineOfAttention",
      (ARRAY['telefono_911','whatsapp','videollamada'])[1 + (n * k) % 3]::"InterventionChannel",
      ($1::uuid[])[1 + n % ${PSYCHOLOGISTS}], created_at
    FROM bench_case CROSS JOIN generate_series(0, ${INTERVENTIONS_PER_CASE - 1}) k`, [psychologists]);
  // Eighty messages per case over its first month; one in forty a video session.
  await client.query(`INSERT INTO "Contact" (id, "caseId", direction, channel, author, "textCipher", status, sequence, "createdAt", "statusAt")
    SELECT gen_random_uuid(), case_id,
      CASE WHEN k % 2 = 0 THEN 'inbound' ELSE 'outbound' END::"ContactDirection",
      CASE WHEN k % 40 = 39 THEN 'video' ELSE 'simulator' END::"ContactChannel",
      CASE WHEN k % 2 = 0 THEN 'survivor' ELSE 'bot' END::"ContactAuthor",
      $1::bytea, CASE WHEN k % 2 = 0 THEN 'received' ELSE 'delivered' END::"ContactStatus", k,
      created_at + k * interval '9 hours', created_at + k * interval '9 hours'
    FROM bench_case CROSS JOIN generate_series(0, ${CONTACTS_PER_CASE - 1}) k`, [text]);
  // Two sessions per case with its psychologist, never overlapping: each case's own half-hour slot.
  await client.query(`INSERT INTO "Appointment" (id, "caseId", "staffId", "startsAt", "endsAt", status, "videoRoom", "updatedAt")
    SELECT gen_random_uuid(), case_id, ($1::uuid[])[1 + n % ${PSYCHOLOGISTS}], starts, starts + interval '50 minutes',
      CASE WHEN starts > now() THEN 'confirmed' WHEN n % 7 = 0 THEN 'no_show' ELSE 'done' END::"AppointmentStatus",
      md5('sala-' || n || '-' || k), now()
    FROM (SELECT n, case_id, k, date_trunc('hour', created_at) + interval '7 days' + k * interval '14 days'
        + ((n / ${PSYCHOLOGISTS}) % 16) * interval '30 minutes' AS starts
      FROM bench_case CROSS JOIN generate_series(0, ${APPOINTMENTS_PER_CASE - 1}) k) s
    ON CONFLICT DO NOTHING`, [psychologists]);
  // Open cases: their five planned check-ins, some alerts, a waiting conversation for a few.
  await client.query(`INSERT INTO "CheckIn" (id, "caseId", "planItem", "flowId", "dueAt", "plannedAt", status, "updatedAt")
    SELECT gen_random_uuid(), case_id, 'p' || k, 'seguimiento', created_at + (3 + k * 7) * interval '1 day', created_at + (3 + k * 7) * interval '1 day',
      CASE WHEN created_at + (3 + k * 7) * interval '1 day' > now() THEN 'scheduled' ELSE 'answered' END::"CheckInStatus", now()
    FROM bench_case CROSS JOIN generate_series(0, 4) k WHERE n > $1`, [CASES - open]);
  await client.query(`INSERT INTO "Alert" (id, "caseId", kind, urgency, reason, "createdAt", "resolvedAt")
    SELECT gen_random_uuid(), case_id, 'handoff', CASE WHEN n % 3 = 0 THEN 'urgent' ELSE 'normal' END::"Urgency", 'Pidió hablar con alguien',
      created_at + interval '1 day', CASE WHEN n > $1 AND n % 10 = 0 THEN NULL ELSE created_at + interval '2 days' END
    FROM bench_case WHERE n % 5 = 0`, [CASES - open]);
  // Vacuumed as autovacuum leaves a database of ten years: index-only scans need no heap visits.
  await client.query('VACUUM ANALYZE');
  return { open, psychologists, coordinator };
}

/** Whether a kept database was filled by an earlier run (its coordinator exists). */
async function filledBefore(client: pg.Client): Promise<boolean> {
  return (await client.query(`SELECT 1 FROM "Staff" WHERE email = 'coordinacion@banco.test'`)).rowCount === 1;
}

/** What {@link fill} returns, read back from a database an earlier run filled. */
async function filledData(client: pg.Client): Promise<{ open: number; psychologists: string[]; coordinator: string }> {
  const psychologists = (await client.query<{ id: string }>(`SELECT id FROM "Staff" WHERE role = 'psychologist' ORDER BY email`)).rows.map((r) => r.id);
  const coordinator = (await client.query<{ id: string }>(`SELECT id FROM "Staff" WHERE role = 'coordinator'`)).rows[0]!.id;
  const open = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Case" WHERE status = 'open'`)).rows[0]!.n);
  return { open, psychologists, coordinator };
}

/** A signed-in browser over HTTP: its cookies, as the console's sign-in form sets them. */
async function signIn(base: string, email: string): Promise<(path: string) => Promise<number>> {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!, value.join('='));
    }
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const login = await fetch(`${base}/login`);
  keep(login);
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await login.text())?.[1] ?? '';
  const signedIn = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }),
  });
  keep(signedIn);
  if (signedIn.status !== 303) throw new Error(`sign-in failed: HTTP ${signedIn.status}`);
  return async (path) => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie: header(), accept: path.startsWith('/api/bandeja') ? 'application/json' : 'text/html' } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return performance.now() - started;
  };
}

/** SQL statements sent by any `pg` client of this process (the console's pool and Prisma's adapter). */
let statementsSent = 0;
const sendQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof sendQuery>) {
  statementsSent += 1;
  return sendQuery.apply(this, args);
} as typeof sendQuery;

/**
 * p95 of `REQUESTS` sequential requests (after a few to warm up), each path from `paths` in turn; and
 * per request, the CPU time of this process and the statements sent (into `perRequest[page]`).
 */
async function p95(
  get: (path: string) => Promise<number>,
  paths: readonly string[],
  perRequest: { cpu_ms: number; statements: number } = { cpu_ms: 0, statements: 0 },
): Promise<number> {
  for (let i = 0; i < 3; i += 1) await get(paths[i % paths.length]!);
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  const statementsBefore = statementsSent;
  for (let i = 0; i < REQUESTS; i += 1) times.push(await get(paths[i % paths.length]!));
  const cpu = process.cpuUsage(cpuBefore);
  perRequest.cpu_ms = Number(((cpu.user + cpu.system) / 1000 / REQUESTS).toFixed(1));
  perRequest.statements = Number(((statementsSent - statementsBefore) / REQUESTS).toFixed(1));
  return Math.round(percentile(times, 95));
}

/** Fills a database, serves the console and measures each page as a coordinator. */
export async function benchConsole(): Promise<ConsoleBenchResult> {
  const sandbox = await createSandbox({ ROLES: 'console', WORKING_HOURS: '1-5 09:00-17:00' }, KEEP ? { name: `console_${CASES}` } : undefined);
  const client = new pg.Client({ connectionString: sandbox.config.DATABASE_URL });
  await client.connect();
  let service: Awaited<ReturnType<typeof startService>> | null = null;
  try {
    const cipher = new FieldCipher(sandbox.config.DATA_KEYS);
    const started = performance.now();
    const reused = KEEP && (await filledBefore(client));
    const { open, psychologists } = reused ? await filledData(client) : await fill(client, cipher, await argon2PasswordHasher().hash(PASSWORD));
    if (reused) await client.query('ANALYZE');
    const fillSeconds = (performance.now() - started) / 1000;
    const counts = (await client.query<{ interventions: string; contacts: string; appointments: string }>(
      `SELECT (SELECT count(*) FROM "Intervention") AS interventions, (SELECT count(*) FROM "Contact") AS contacts, (SELECT count(*) FROM "Appointment") AS appointments`,
    )).rows[0]!;

    service = await startService(sandbox.config, { log: createLogger({ level: 'silent' }), clock: systemClock });
    const base = await service.server.listen({ host: '127.0.0.1', port: 0 });
    const get = await signIn(base, 'coordinacion@banco.test');

    const openCases = (await client.query<{ id: string; folio: string }>(`SELECT id, folio FROM "Case" WHERE status = 'open' ORDER BY random() LIMIT 20`)).rows;
    const anyCases = (await client.query<{ id: string }>(`SELECT id FROM "Case" ORDER BY random() LIMIT 20`)).rows;
    // The busiest week of a psychologist: the one with the most sessions.
    const busiest = (await client.query<{ staff: string; week: Date }>(
      `SELECT "staffId" AS staff, date_trunc('week', "startsAt" AT TIME ZONE 'America/Cancun') AS week FROM "Appointment"
       GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT ${psychologists.length}`,
    )).rows;
    const yearAgo = DateTime.now().setZone('America/Cancun').minus({ years: 1 }).startOf('day');
    const today = DateTime.now().setZone('America/Cancun').startOf('day');

    const perRequest: ConsoleBenchResult['per_request'] = {};
    const measure = (page: string, paths: readonly string[]) =>
      PAGES && !PAGES.has(page) ? Promise.resolve(null) : p95(get, paths, (perRequest[page] = { cpu_ms: 0, statements: 0 }));
    const measureAll = async () => ({
      baseline_p95_ms: await measure('baseline', ['/cuenta/contrasena']),
      inbox_p95_ms: await measure('inbox', ['/']),
      search_p95_ms: await measure('search', openCases.map((c) => `/?q=${encodeURIComponent(c.folio.slice(-5))}`)),
      search_api_p95_ms: await measure('search_api', ['luz', 'QR-2025', 'Rosa 24', 'flor'].map((q) => `/api/bandeja?q=${encodeURIComponent(q)}`)),
      conversation_p95_ms: await measure('conversation', anyCases.map((c) => `/casos/${c.id}`)),
      calendar_week_p95_ms: await measure(
        'calendar_week',
        busiest.map((b) => `/calendario?psicologa=${b.staff}&semana=${DateTime.fromJSDate(b.week).toISODate()}`),
      ),
      checkins_p95_ms: await measure('checkins', openCases.map((c) => `/api/casos/${c.id}/seguimientos`)),
      report_year_p95_ms: await measure('report_year', [`/reports?from=${yearAgo.toISODate()}&to=${today.toISODate()}`]),
    });
    const result: ConsoleBenchResult = {
      cases: CASES,
      open_cases: open,
      interventions: Number(counts.interventions),
      contacts: Number(counts.contacts),
      appointments: Number(counts.appointments),
      fill_seconds: Number(fillSeconds.toFixed(1)),
      reused,
      ...(PROFILE ? await withCpuProfile(PROFILE, measureAll) : await measureAll()),
      per_request: perRequest,
    };
    return result;
  } finally {
    await client.end();
    await service?.close();
    await sandbox.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchConsole();
  console.table(result);
  console.log(JSON.stringify(result));
}
