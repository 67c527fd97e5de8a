import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureOf } from '../../src/channels/cloud-api/webhook-signature.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { FakeGraphApi } from '../channels/support/fake-graph-api.js';
import { webhookBody } from '../channels/support/cloud-harness.js';

const SECRET = 'property-app-secret';
const PHONE_NUMBER_ID = '109876543210';
let t: TestService;
let graph: FakeGraphApi;

beforeAll(async () => {
  graph = new FakeGraphApi();
  t = await startTestService({
    env: {
      CHANNEL: 'cloud-api',
      CLOUD_API_BASE_URL: await graph.start(),
      CLOUD_API_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      CLOUD_API_TOKEN: 'EAAG-property-token',
      CLOUD_API_APP_SECRET: SECRET,
      CLOUD_API_VERIFY_TOKEN: 'property-verify-token',
      FLOOD_MAX_MESSAGES: '10000',
    },
  });
});

afterAll(async () => {
  await t?.stop();
  await graph?.stop();
});

/** Every job the inbound queue ever took (finished ones are kept a day). */
async function inboundJobs(): Promise<number> {
  const counts = await t.service.queues.inbound.getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** POSTs a webhook body, signed with the app secret unless `signature` is given (`null`: no header at all). */
async function post(raw: string | Buffer, signature: string | null = signatureOf(raw, SECRET)) {
  return t.service.server.inject({
    method: 'POST',
    url: '/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
    payload: raw,
  });
}

/** What Meta expects: 2xx taken, 4xx refused; a 5xx would make it deliver the same body again and again. */
function expectGraphAnswer(statusCode: number): void {
  expect(statusCode >= 200 && statusCode < 500, `status ${statusCode}`).toBe(true);
}

/** Nested arrays or objects, `depth` levels deep, optionally inside an otherwise plausible webhook. */
const deeplyNested = fc
  .record({ depth: fc.integer({ min: 50, max: 50_000 }), kind: fc.constantFrom('array', 'object', 'in-messages', 'in-text') })
  .map(({ depth, kind }) => {
    const nest = kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    if (kind === 'array' || kind === 'object') return nest;
    const inner = kind === 'in-messages' ? nest : `{"from":"529981234567","id":"wamid.X","type":"text","text":{"body":${nest}}}`;
    return `{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[${inner}]}}]}]}`;
  });

/** Strings from empty to past the 1 MB body limit, in a webhook that is otherwise right. */
const hugeStrings = fc
  .record({ size: fc.integer({ min: 0, max: 1_300_000 }), where: fc.constantFrom('text', 'from', 'id', 'type', 'timestamp', 'unknown_key') })
  .map(({ size, where }) => {
    const big = 'x'.repeat(size);
    const message: Record<string, unknown> = { from: '', id: 'wamid.HUGE', timestamp: '1764349200', type: 'text', text: { body: 'hola' } };
    if (where === 'text') message.text = { body: big };
    else if (where === 'unknown_key') message.extra = big;
    else message[where] = big;
    return JSON.stringify(webhookBody({ messages: [message] }));
  });

/** A scalar of any JSON type, for fields that expect one kind. */
const anyScalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));

/** Webhooks that are almost right: Meta's shape with wrong, missing or odd values. */
const almostRight = fc
  .record(
    {
      messages: fc.array(
        fc.record(
          {
            from: fc.oneof(fc.stringMatching(/^[0-9]{0,16}$/), anyScalar),
            id: fc.oneof(fc.string(), anyScalar),
            timestamp: fc.oneof(
              fc.constantFrom('1764349200', '0', '-1', '1e20', '9'.repeat(30), 'NaN', 'Infinity', '', ' ', '0x10', '8.64e12', '8.64e15'),
              fc.integer().map(String),
              fc.double().map(String),
              anyScalar,
            ),
            type: fc.oneof(fc.constantFrom('text', 'image', 'audio', 'button', 'interactive', 'reaction', 'contacts', 'unsupported'), anyScalar),
            text: fc.oneof(fc.record({ body: fc.oneof(fc.string(), anyScalar) }), anyScalar),
            button: fc.oneof(fc.record({ text: fc.oneof(fc.string(), anyScalar) }), anyScalar),
            interactive: fc.oneof(fc.record({ button_reply: fc.record({ title: anyScalar }) }), anyScalar),
            audio: fc.oneof(fc.record({ voice: anyScalar }), anyScalar),
            group_id: fc.oneof(fc.string(), anyScalar),
          },
          { requiredKeys: ['from', 'id', 'type', 'timestamp'] },
        ),
        { maxLength: 4 },
      ),
      statuses: fc.array(
        fc.record(
          {
            id: fc.oneof(fc.string(), anyScalar),
            status: fc.oneof(fc.constantFrom('sent', 'delivered', 'read', 'failed', 'deleted'), anyScalar),
            timestamp: fc.oneof(fc.constantFrom('1764349200', '1e20', '-5', 'x'), anyScalar),
            errors: fc.oneof(fc.array(fc.record({ code: anyScalar }, { requiredKeys: [] })), anyScalar),
          },
          { requiredKeys: ['id', 'status', 'timestamp'] },
        ),
        { maxLength: 3 },
      ),
      phoneNumberId: fc.constantFrom(PHONE_NUMBER_ID, 'another-number'),
    },
    { requiredKeys: ['messages', 'statuses'] },
  )
  .map((value) => webhookBody(value));

/** Values that a field of Meta's payload should never have, and some that it has in odd forms. */
const oddValue = fc.oneof(
  fc.constantFrom('1e20', '9'.repeat(30), '-1', '0', 'NaN', '8.64e15', '', ' ', 'wamid.', 'text', 'failed'),
  fc.double().map(String),
  fc.string({ maxLength: 40 }),
  anyScalar,
);

/** A right webhook (one message, one status) with exactly one field of one of them changed or removed. */
const oneFieldOff = fc
  .record({
    target: fc.constantFrom('message', 'status'),
    key: fc.constantFrom('from', 'id', 'timestamp', 'type', 'text', 'status', 'errors', 'group_id'),
    value: fc.option(oddValue, { nil: undefined }),
    serial: fc.integer({ min: 1, max: 1_000_000_000 }),
  })
  .map(({ target, key, value, serial }) => {
    const message: Record<string, unknown> = { from: '529981230009', id: `wamid.M${serial}`, timestamp: '1764349200', type: 'text', text: { body: 'hola' } };
    const status: Record<string, unknown> = { id: `wamid.S${serial}`, status: 'failed', timestamp: '1764349200', errors: [{ code: 131047 }] };
    const changed = target === 'message' ? message : status;
    if (value === undefined) delete changed[key];
    else changed[key] = value;
    return webhookBody({ messages: [message], statuses: [status] });
  });

describe('every Cloud API webhook payload', () => {
  it('answers any JSON, correctly signed, with a 2xx or 4xx and queues nothing it cannot read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 8 }), async (value) => {
        const before = await inboundJobs();
        const res = await post(JSON.stringify(value));
        expectGraphAnswer(res.statusCode);
        expect(await inboundJobs()).toBe(before);
      }),
      { numRuns: 200 },
    );
  });

  it('answers raw bytes, correctly signed, with a 2xx or 4xx and queues nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), async (bytes) => {
        const before = await inboundJobs();
        const res = await post(Buffer.from(bytes));
        expectGraphAnswer(res.statusCode);
        expect(await inboundJobs()).toBe(before);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses with 401 and queues nothing when the signature is missing or wrong', async () => {
    const signature = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.stringMatching(/^sha256=[0-9a-f]{64}$/),
      fc.string().map((other) => signatureOf(other, SECRET)),
      fc.string({ minLength: 1 }).map((secret) => `sha256=${'0'.repeat(64 - secret.length % 64)}`),
    );
    const valid = fc.constant(
      JSON.stringify(webhookBody({ messages: [{ from: '529981230009', id: 'wamid.SIGNED', timestamp: '1764349200', type: 'text', text: { body: 'Hola' } }] })),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(valid, fc.jsonValue().map((v) => JSON.stringify(v))), signature, async (raw, given) => {
        fc.pre(given !== signatureOf(raw, SECRET));
        const before = await inboundJobs();
        const res = await post(raw, given);
        expect(res.statusCode).toBe(401);
        expect(await inboundJobs()).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it('answers deep nesting with a 2xx or 4xx and queues nothing', async () => {
    await fc.assert(
      fc.asyncProperty(deeplyNested, async (raw) => {
        const before = await inboundJobs();
        const res = await post(raw);
        expectGraphAnswer(res.statusCode);
        expect(await inboundJobs()).toBe(before);
      }),
      { numRuns: 40 },
    );
  });

  it('answers huge strings with a 2xx or 4xx (413 past the body limit), queueing at most the one message', async () => {
    await fc.assert(
      fc.asyncProperty(hugeStrings, async (raw) => {
        const before = await inboundJobs();
        const res = await post(raw);
        expectGraphAnswer(res.statusCode);
        if (Buffer.byteLength(raw) > 1024 * 1024) expect(res.statusCode).toBe(413);
        // `from` is empty or huge: never a number, so never a message.
        expect(await inboundJobs()).toBe(before);
      }),
      { numRuns: 30 },
    );
  });

  it('answers webhooks that are almost right with a 2xx or 4xx, queueing no more than they carry', async () => {
    await fc.assert(
      fc.asyncProperty(almostRight, async (body) => {
        const carried = (body as { entry: { changes: { value: { messages?: unknown[]; statuses?: unknown[] } }[] }[] }).entry[0]!.changes[0]!.value;
        const before = await inboundJobs();
        const res = await post(JSON.stringify(body));
        expectGraphAnswer(res.statusCode);
        const added = (await inboundJobs()) - before;
        expect(added).toBeLessThanOrEqual((carried.messages?.length ?? 0) + (carried.statuses?.length ?? 0));
      }),
      { numRuns: 300 },
    );
  });

  it('answers a right webhook with one field off with a 2xx or 4xx, queueing no more than it carries', async () => {
    await fc.assert(
      fc.asyncProperty(oneFieldOff, async (body) => {
        const before = await inboundJobs();
        const res = await post(JSON.stringify(body));
        expectGraphAnswer(res.statusCode);
        expect((await inboundJobs()) - before).toBeLessThanOrEqual(2);
      }),
      { numRuns: 150 },
    );
  }, 90_000);

  it('answers any verification query with the challenge or 403', async () => {
    const query = fc.dictionary(fc.constantFrom('hub.mode', 'hub.verify_token', 'hub.challenge', 'x'), fc.string(), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const res = await t.service.server.inject({ method: 'GET', url: `/webhooks/whatsapp?${new URLSearchParams(params).toString()}` });
        expect([200, 403]).toContain(res.statusCode);
      }),
      { numRuns: 100 },
    );
  });
});
