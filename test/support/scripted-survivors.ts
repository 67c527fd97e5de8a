import { randomInt } from 'node:crypto';
import { e164 } from '../../src/app/phone-number.js';
import { Redis } from 'ioredis';
import { SimulatorPhone } from '../../src/channels/simulator/simulator-phone.js';
import { runTurn } from '../../src/app/run-turn.js';
import type { FlowRegistry } from '../../src/app/flow-registry.js';
import type { StoredSession } from '../../src/app/ports.js';
import type { Database } from '../../src/persistence/database.js';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { loadFlowDirectory } from '../../src/engine/index.js';

/** A survivor a test drives through the simulator: her number, her case, and the replies she is owed. */
export interface ScriptedSurvivor {
  phone: string;
  caseId: string;
  /** Messages she has sent so far. */
  sent: number;
  /** Replies she should have received so far, by the same engine and flows the service runs. */
  expected: number;
  session: StoredSession | null;
}

/** The shipped flows, as the service loads them. */
export async function shippedFlows(): Promise<FlowRegistry> {
  const result = await loadFlowDirectory('flows');
  if (!result.ok) throw new Error('the shipped flows do not load');
  return new Map(result.flows.map((flow) => [flow.id, flow]));
}

/** Creates `count` open cases with follow-up consent, each for its own fake number. */
export async function seedSurvivors(db: Database, privacy: PrivacyTools, count: number): Promise<ScriptedSurvivor[]> {
  const base = randomInt(0, 90) * 100_000;
  const phones = Array.from({ length: count }, (_, i) => e164.parse(`+52997${String(base + i).padStart(7, '0')}`));
  const ids = phones.map(() => crypto.randomUUID());
  await db.survivor.createMany({
    data: phones.map((phone, i) => ({ id: ids[i]!, alias: 'Flor', phoneHash: privacy.hashPhone(phone), phoneCipher: privacy.cipher.encrypt(phone) })),
  });
  await db.consent.createMany({ data: ids.map((survivorId) => ({ survivorId, purpose: 'follow_up' as const, granted: true, source: 'intervention_911' as const })) });
  const caseIds = ids.map(() => crypto.randomUUID());
  await db.case.createMany({ data: ids.map((survivorId, i) => ({ id: caseIds[i]!, survivorId, interventionAt: new Date() })) });
  return phones.map((phone, i) => ({ phone, caseId: caseIds[i]!, sent: 0, expected: 0, session: null }));
}

/** Sends her next message to the gateway's simulator, counting the replies the flows owe her for it. */
export async function sendNext(gatewayUrl: string, flows: FlowRegistry, survivor: ScriptedSurvivor, text: string): Promise<void> {
  const turn = runTurn(flows, 'primer-contacto', survivor.session, text, { now: new Date().toISOString(), language: 'es-MX', alias: 'Flor' });
  survivor.session = turn.ended ? null : { id: 'local', flowId: turn.flowId, state: turn.session };
  survivor.expected += turn.messages.length;
  survivor.sent += 1;
  const res = await fetch(`${gatewayUrl}/api/simulator/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: survivor.phone, text, id: `${survivor.caseId}-${survivor.sent}` }),
  });
  if (res.status !== 202) throw new Error(`the gateway refused her message: ${res.status}`);
}

/** What the simulated phone of `phone` received, oldest first. */
export async function received(gatewayUrl: string, phone: string): Promise<string[]> {
  const res = await fetch(`${gatewayUrl}/api/simulator/outbound?to=${encodeURIComponent(phone)}`);
  return ((await res.json()) as { text: string }[]).map((m) => m.text);
}

/** Counts, live, what the simulated phones receive (the simulator announces each delivery once). */
export interface DeliveryWatch {
  count(phone: string): number;
  close(): void;
}

/** Subscribes to the simulator's deliveries under `prefix`. */
export async function watchDeliveries(redisUrl: string, prefix: string): Promise<DeliveryWatch> {
  const subscriber = new Redis(redisUrl);
  const phones = new SimulatorPhone(subscriber, prefix);
  const counts = new Map<string, number>();
  subscriber.on('message', (_channel: string, raw: string) => {
    const { key } = JSON.parse(raw) as { key: string };
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  await subscriber.subscribe(phones.eventsChannel);
  return {
    count: (phone) => counts.get(phones.keyFor(phone)) ?? 0,
    close: () => subscriber.disconnect(),
  };
}

/** How many messages a conversation the service starts with `flowId` inside her safe hours (a check-in) opens with. */
export function openingMessages(flows: FlowRegistry, flowId: string): number {
  const context = { now: new Date().toISOString(), language: 'es-MX' as const, alias: 'Flor', insideSafeHours: true };
  return runTurn(flows, flowId, null, '', context).messages.length;
}
