/**
 * Check-in burst benchmark: `burst` check-ins (10,000 by default) due in the same minute, everyone's
 * Monday 10:00 (America/Cancun), the start of the default contact windows, sent by the whole service on
 * `CHANNEL=cloud-api` to a fake Graph API on 127.0.0.1 at the Cloud API's 80 messages/s per number.
 * The service's clock is set to a few seconds before that Monday 10:00; the fake Graph API records
 * when each message arrived.
 *
 *   npm run bench:checkins -- burst
 *   BENCH_BURST=1000 BENCH_BURST_RATE=80 BENCH_BURST_SPREAD_MS=60000 npm run bench:checkins -- burst
 *   (BENCH_BURST_TIMEOUT_S: how long to wait for the last check-in; by default 1.5 times the paced time, and 2 minutes)
 *
 * A check-in counts as sent when its first message reached the Graph API; the shipped opening flow
 * sends one (greeting and question together), so `messages` equals `burst`; a flow that opens with
 * two makes it twice `burst`. Halfway through, a survivor outside the burst writes, and `reply_ms`
 * says how long her reply took to reach the Graph API.
 */
import { DateTime } from 'luxon';
import { createLogger } from '../src/observability/logger.js';
import { FieldCipher } from '../src/privacy/field-cipher.js';
import { phoneHasher } from '../src/privacy/phone-hash.js';
import { startService } from '../src/service.js';
import { isAllowed } from '../src/app/safe-hours/next-allowed.js';
import { contactPolicy } from '../src/app/safe-hours/policy.js';
import { OUTSIDE_SAFE_HOURS } from '../src/app/send-outbound.js';
import { signatureOf } from '../src/channels/cloud-api/webhook-signature.js';
import { FakeGraphApi } from '../test/channels/support/fake-graph-api.js';
import { webhookBody } from '../test/channels/support/webhook-body.js';
import { createSandbox, percentile } from './support/sandbox.js';
import { seedCases } from './support/consenting-cases.js';

/** Figures the burst prints. */
export interface CheckInBurstResult {
  burst: number;
  /** Seconds from the first due time (Monday 10:00:00) until the last check-in's first message was accepted. */
  sent_within_s: number;
  /** Messages that reached the Graph API outside the safe window of the case they went to. */
  outside_window: number;
  /** Check-ins whose first message was accepted (all of them, unless the run timed out). */
  sent: number;
  /** Messages accepted in all (`sent` times the messages of the opener: one in the shipped flows). */
  messages: number;
  /** Check-ins whose first message went out after that of a check-in due later. */
  out_of_order: number;
  /** The most a check-in was overtaken by, in due time (ms between its due time and the later one's). */
  out_of_order_max_ms: number;
  /** The most messages the Graph API received in one second of the clock. */
  max_per_second: number;
  /** Messages per second from the first to the last. */
  mean_per_second: number;
  /** Seconds from due to first message accepted: median, 99th percentile. */
  first_message_p50_s: number;
  first_message_p99_s: number;
  /** Contacts held back because her safe hours had ended (`OUTSIDE_SAFE_HOURS`). */
  held_back: number;
  /** How long a reply to a survivor who wrote mid-burst took to reach the Graph API, in ms. */
  reply_ms: number | null;
  rate: number;
  load_1m: number;
}

const PHONE_NUMBER_ID = '109876543210';
const APP_SECRET = 'app-secret-for-bench';
/** How long before Monday 10:00 the service's clock starts: the reconciler arms every job meanwhile. */
const LEAD_MS = 20_000;

/** The next Monday 10:00 in America/Cancun, as epoch milliseconds. */
function nextMondayTen(): number {
  const now = DateTime.now().setZone('America/Cancun');
  const monday = now.plus({ days: ((8 - now.weekday) % 7) || 7 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  return monday.toMillis();
}

/** A signed webhook body: `digits` wrote `text`. */
function herMessage(digits: string, text: string): { raw: string; signature: string } {
  const raw = JSON.stringify(
    webhookBody({
      phoneNumberId: PHONE_NUMBER_ID,
      waId: digits,
      messages: [{ from: digits, id: `wamid.BENCH${Date.now()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
    }),
  );
  return { raw, signature: signatureOf(raw, APP_SECRET) };
}

/** Runs the burst and returns its figures. */
export async function benchCheckInBurst(options: { burst: number; perSecond: number; spreadMs: number; timeoutMs?: number }): Promise<CheckInBurstResult> {
  const { burst, perSecond, spreadMs } = options;
  const graph = new FakeGraphApi();
  const baseUrl = await graph.start();
  const sandbox = await createSandbox({
    CHANNEL: 'cloud-api',
    CLOUD_API_BASE_URL: baseUrl,
    CLOUD_API_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    CLOUD_API_TOKEN: 'EAAG-token-for-bench',
    CLOUD_API_APP_SECRET: APP_SECRET,
    CLOUD_API_VERIFY_TOKEN: 'verify-token-for-bench',
    CLOUD_API_MESSAGES_PER_SECOND: String(perSecond),
    RECONCILE_EVERY_SECONDS: '3600',
  });
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const service = await startService(sandbox.config, { log: createLogger({ level: 'silent' }), clock });
  try {
    const cipher = new FieldCipher(sandbox.config.DATA_KEYS);
    const hash = phoneHasher(sandbox.config.PHONE_HASH_KEY);
    // The burst's cases, and one more who writes mid-burst.
    const { cases, survivors } = await seedCases(service.db, cipher, hash, 0, burst + 1);
    // Her number as WhatsApp reports it (no old `+52 1` mobile prefix), so her message finds her case.
    const herDigits = `5298${String(burst).padStart(8, '0')}`;
    await service.db.survivor.update({ where: { id: survivors[burst]!.id }, data: { phoneHash: hash(`+${herDigits}`), phoneCipher: cipher.encrypt(`+${herDigits}`) } });
    const firstDue = nextMondayTen();
    const dueOf = (i: number) => firstDue + Math.floor((i * spreadMs) / burst);
    const rows = cases.slice(0, burst).map((c, i) => ({ caseId: c.id, planItem: 'burst', flowId: 'primer-contacto', plannedAt: new Date(dueOf(i)), dueAt: new Date(dueOf(i)) }));
    for (let i = 0; i < rows.length; i += 5_000) await service.db.checkIn.createMany({ data: rows.slice(i, i + 5_000) });
    offset = firstDue - LEAD_MS - Date.now();
    await service.checkIns.reconcile();
    const load = Number((await import('node:os')).loadavg()[0]!.toFixed(2));

    const digitsOf = (i: number) => `52199${String(i).padStart(8, '0')}`;
    const indexOf = new Map([...Array.from({ length: burst }, (_, i) => [digitsOf(i), i] as const), [herDigits, burst] as const]);
    const firstSent = new Map<number, number>();
    const replyAt = { asked: 0, answered: 0 };
    const deadline = Date.now() + (options.timeoutMs ?? LEAD_MS + spreadMs + ((burst * 2 * 1000) / perSecond) * 1.5 + 120_000);
    let seen = 0;
    while (firstSent.size < burst && Date.now() < deadline) {
      for (; seen < graph.requests.length; seen += 1) {
        const request = graph.requests[seen]!;
        const index = indexOf.get(request.body['to']);
        if (index === undefined || (request as { ok?: boolean }).ok === false) continue;
        if (index === burst) replyAt.answered ||= request.at;
        else if (!firstSent.has(index)) firstSent.set(index, request.at);
      }
      // Halfway through the burst she writes: her reply should not wait behind the check-ins.
      if (!replyAt.asked && firstSent.size >= burst / 2) {
        const { raw, signature } = herMessage(herDigits, 'Hola');
        replyAt.asked = Date.now();
        const answer = await service.server.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, payload: raw });
        if (answer.statusCode !== 200) throw new Error(`the webhook answered ${answer.statusCode}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The openers' second messages still under way: until the Graph API has heard nothing for 2 s.
    for (let heard = -1, quietUntil = Date.now() + 30_000; heard !== graph.requests.length && Date.now() < quietUntil; ) {
      heard = graph.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    if (replyAt.asked && !replyAt.answered) {
      const end = Date.now() + 10_000;
      while (!replyAt.answered && Date.now() < end) {
        replyAt.answered = graph.requests.find((r) => r.body['to'] === herDigits)?.at ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const accepted = graph.requests.filter((r) => (r as { ok?: boolean }).ok !== false && indexOf.get(r.body['to'])! < burst);
    const policy = contactPolicy(null, { windows: sandbox.config.CONTACT_WINDOWS, quiet: sandbox.config.QUIET_HOURS });
    const outside = accepted.filter((r) => !isAllowed(policy, new Date(r.at + offset))).length;
    // Due order: walk the check-ins by when their first message went out; one overtaken by a
    // check-in due later is out of order, by the difference of their due times.
    const bySend = [...firstSent.entries()].sort((a, b) => a[1] - b[1]);
    let latestDue = -Infinity;
    let outOfOrder = 0;
    let overtakenBy = 0;
    for (const [index] of bySend) {
      const due = dueOf(index);
      if (due < latestDue) {
        outOfOrder += 1;
        overtakenBy = Math.max(overtakenBy, latestDue - due);
      }
      latestDue = Math.max(latestDue, due);
    }
    const firstMessageS = bySend.map(([index, at]) => (at + offset - dueOf(index)) / 1000);
    const lastFirst = bySend.at(-1)?.[1] ?? Number.NaN;
    const span = (accepted.at(-1)!.at - accepted[0]!.at) / 1000;
    const heldBack = await service.db.contact.count({ where: { errorCode: OUTSIDE_SAFE_HOURS } });
    return {
      burst,
      sent_within_s: Number(((lastFirst + offset - firstDue) / 1000).toFixed(1)),
      outside_window: outside,
      sent: firstSent.size,
      messages: accepted.length,
      out_of_order: outOfOrder,
      out_of_order_max_ms: overtakenBy,
      max_per_second: graph.maxPerSecond(),
      mean_per_second: Number(((accepted.length - 1) / span).toFixed(1)),
      first_message_p50_s: Number(percentile(firstMessageS, 50).toFixed(1)),
      first_message_p99_s: Number(percentile(firstMessageS, 99).toFixed(1)),
      held_back: heldBack,
      reply_ms: replyAt.answered ? replyAt.answered - replyAt.asked : null,
      rate: perSecond,
      load_1m: load,
    };
  } finally {
    await service.close();
    await sandbox.dispose();
    await graph.stop();
  }
}
