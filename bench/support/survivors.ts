import { createRedis } from '../../src/scheduling/redis.js';
import { runTurn } from '../../src/app/run-turn.js';
import type { FlowRegistry } from '../../src/app/flow-registry.js';
import type { StoredSession } from '../../src/app/ports.js';
import type { Database } from '../../src/persistence/database.js';
import { SimulatorPhone } from '../../src/channels/simulator/simulator-phone.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { e164 } from '../../src/app/phone-number.js';
import type { Config } from '../../src/config/schema.js';
import { Agent, request } from 'node:http';

/** The answers a simulated survivor gives, in a loop: start, "sí", a feeling. */
const SCRIPT = ['Hola', '1', '2'];

/** A simulated survivor: her number and where she is in her conversation. */
export interface Survivor {
  phone: string;
  step: number;
  session: StoredSession | null;
  pending: { expected: number; received: number; sentAt: number } | null;
}

/** Creates `count` consenting survivors with an open case each, numbers from `first` on. */
export async function seed(db: Database, config: Config, count: number, first = 0): Promise<Survivor[]> {
  const cipher = new FieldCipher(config.DATA_KEYS);
  const hash = phoneHasher(config.PHONE_HASH_KEY);
  const survivors = Array.from({ length: count }, (_, i) => e164.parse(`+5298${String(first + i).padStart(8, '0')}`));
  const ids = survivors.map(() => crypto.randomUUID());
  await db.survivor.createMany({
    data: survivors.map((phone, i) => ({ id: ids[i]!, alias: `Prueba ${i}`, phoneHash: hash(phone), phoneCipher: cipher.encrypt(phone) })),
  });
  await db.consent.createMany({ data: ids.map((survivorId) => ({ survivorId, purpose: 'follow_up' as const, granted: true, source: 'intervention_911' as const })) });
  await db.case.createMany({ data: ids.map((survivorId) => ({ survivorId })) });
  return survivors.map((phone) => ({ phone, step: 0, session: null, pending: null }));
}

/** How many replies her next message will get, from the same engine and flows as the service. */
function expectReplies(flows: FlowRegistry, survivor: Survivor, text: string): number {
  const turn = runTurn(flows, 'primer-contacto', survivor.session, text, { now: new Date().toISOString(), language: 'es-MX', alias: 'x' });
  survivor.session = turn.ended ? null : { id: 'local', flowId: turn.flowId, state: turn.session };
  return turn.messages.length;
}

/** POSTs `body` as JSON to `url` over `agent`'s connections; resolves with the response's status once its body is read. */
function postJson(agent: Agent, url: URL, body: unknown): Promise<number> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** What a drive measured. */
export interface DriveResult {
  /** Time from each message's POST to its last reply, ms. */
  latencies: number[];
  completed: number;
  seconds: number;
  /** When each message completed, seconds after the drive started. */
  completedAt: number[];
}

/**
 * Drives the survivors against the service at `baseUrl` (its simulator's HTTP route; replies are
 * seen on the simulator's Redis channel under `prefix`): a closed loop (each writes her next answer
 * as soon as the previous turn's replies arrived) or an open loop at a fixed rate (one message in
 * flight per survivor at most; a message due while every survivor waits is not sent). `flows` are the service's, to know how many replies each message gets.
 */
export async function drive(
  flows: FlowRegistry,
  baseUrl: string,
  prefix: string,
  redisUrl: string,
  survivors: Survivor[],
  mode: { kind: 'closed'; seconds: number } | { kind: 'open'; perSecond: number; seconds: number },
  /** Called as each message completes. */
  onCompleted: () => void = () => undefined,
): Promise<DriveResult> {
  // Node's own client on kept-alive connections: `fetch` cost the phones as much CPU as a quarter of the service's turn.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const inboundUrl = new URL('/api/simulator/inbound', baseUrl);
  const subscriber = createRedis(redisUrl, (error) => console.error(`bench: redis: ${error.message}`));
  const phones = new SimulatorPhone(subscriber, prefix);
  const byKey = new Map(survivors.map((s) => [phones.keyFor(s.phone), s]));
  const latencies: number[] = [];
  const completedAt: number[] = [];
  let completed = 0;
  let next = 0;
  const send = async (survivor: Survivor) => {
    const text = SCRIPT[survivor.step % SCRIPT.length]!;
    survivor.step += 1;
    const expected = expectReplies(flows, survivor, text);
    survivor.pending = { expected, received: 0, sentAt: performance.now() };
    const status = await postJson(agent, inboundUrl, { from: survivor.phone, text });
    if (status !== 202) throw new Error(`inbound refused: ${status}`);
  };
  const started = performance.now();
  const until = started + mode.seconds * 1000;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  subscriber.on('message', (_channel: string, raw: string) => {
    const { key } = JSON.parse(raw) as { key: string };
    const survivor = byKey.get(key);
    if (!survivor?.pending) return;
    survivor.pending.received += 1;
    if (survivor.pending.received < survivor.pending.expected) return;
    const now = performance.now();
    latencies.push(now - survivor.pending.sentAt);
    completedAt.push((now - started) / 1000);
    completed += 1;
    onCompleted();
    survivor.pending = null;
    if (mode.kind === 'closed' && now < until) void send(survivor);
    if (now >= until && survivors.every((s) => !s.pending)) finish();
  });
  await subscriber.subscribe(`${prefix}:sim:events`);
  if (mode.kind === 'closed') {
    await Promise.all(survivors.map(send));
  } else {
    // As many messages as the rate owes by now, so a late timer does not lower the rate offered.
    let offered = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      if (now >= until) {
        clearInterval(timer);
        if (survivors.every((s) => !s.pending)) finish();
        return;
      }
      const owed = Math.floor(((now - started) / 1000) * mode.perSecond);
      for (; offered < owed; offered += 1) {
        for (let tries = 0; tries < survivors.length; tries += 1) {
          const survivor = survivors[next++ % survivors.length]!;
          if (!survivor.pending) {
            void send(survivor);
            break;
          }
        }
      }
    }, Math.max(1, Math.floor(1000 / mode.perSecond)));
  }
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, mode.seconds * 1000 + 30_000))]);
  const seconds = (performance.now() - started) / 1000;
  subscriber.disconnect();
  agent.destroy();
  return { latencies, completed, seconds, completedAt };
}
