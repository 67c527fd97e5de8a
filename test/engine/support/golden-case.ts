import { readFile, writeFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument, YAMLMap, type Document } from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type FlowEvent, type FlowSession } from '../../../src/engine/index.js';

const fieldsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/**
 * A golden case file: a flow, a fixed context, what she sends (or a timeout), and the events and
 * final session expected. Every input first goes through the interrupts of `flows/ajustes.yaml`,
 * as the host does; `code_word: true` says the host recognised her code word. `UPDATE_GOLDEN=1`
 * rewrites `events` and `final` from what the engine does.
 *
 * ```yaml
 * flow: seguimiento              # flows/<id>.yaml, else test/engine/fixtures/<id>.yaml
 * context: { now: "2025-06-02T16:00:00.000Z", language: es-MX, alias: Lupita, insideSafeHours: true,
 *            fields: { cita_hora: "el jueves 12 de junio a las 10:00" } }
 * start:
 *   events: [...]
 * steps:
 *   - input: "1"
 *     now: "2025-06-02T16:01:00.000Z"   # optional, else the context's
 *     events: [...]
 *   - timeout: true                      # the wait's timeout fired
 *     events: [...]
 *   - input: "2"
 *     fields: { tiene_cita: false }      # optional: what the host knows now, over the context's
 *     events: [...]
 *   - input: "mariposa"
 *     code_word: true
 *     events: [...]
 * final: { status: ended, node: fin_completado, attempts: 0, outcome: completado, results: {}, startedAt: ..., updatedAt: ... }
 * ```
 */
export const goldenCaseSchema = z.strictObject({
  flow: z.string(),
  context: z.strictObject({
    now: z.iso.datetime(),
    language: z.enum(LANGUAGES),
    alias: z.string().nullable(),
    timezone: z.string().optional(),
    insideSafeHours: z.boolean().optional(),
    fields: fieldsSchema.optional(),
  }),
  start: z.strictObject({ events: z.array(z.record(z.string(), z.unknown())).optional() }),
  steps: z
    .array(
      z
        .strictObject({
          input: z.string().optional(),
          timeout: z.literal(true).optional(),
          code_word: z.boolean().optional(),
          now: z.iso.datetime().optional(),
          fields: fieldsSchema.optional(),
          events: z.array(z.record(z.string(), z.unknown())).optional(),
        })
        .refine((step) => (step.input === undefined) !== (step.timeout === undefined), 'a step has "input" or "timeout: true"'),
    )
    .default([]),
  final: z.record(z.string(), z.unknown()).optional(),
});

/** A parsed golden case. */
export type GoldenCase = z.output<typeof goldenCaseSchema>;

/** The parts of the final session a golden case pins down. */
export function finalState(session: FlowSession): Record<string, unknown> {
  return {
    flowId: session.flowId,
    status: session.status,
    node: session.node,
    attempts: session.attempts,
    ...(session.status === 'ended' ? { outcome: session.outcome } : {}),
    results: session.results,
    startedAt: session.startedAt,
    updatedAt: session.updatedAt,
  };
}

/** Reads and validates a golden case file, keeping its YAML document for rewriting. */
export async function readGoldenCase(path: string): Promise<{ goldenCase: GoldenCase; document: Document }> {
  const document = parseDocument(await readFile(path, 'utf8'));
  if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]?.message ?? ''}`);
  return { goldenCase: goldenCaseSchema.parse(document.toJS()), document };
}

/** Rewrites the expected parts of a golden case, keeping its comments; events one per line. */
export async function writeGoldenCase(
  path: string,
  document: Document,
  actual: { start: FlowEvent[]; steps: FlowEvent[][]; final: Record<string, unknown> },
): Promise<void> {
  const eventList = (events: FlowEvent[]) => {
    const node = document.createNode(events);
    if (isSeq(node)) for (const item of node.items) if (isMap(item)) item.flow = true;
    return node;
  };
  const start = new YAMLMap();
  start.set('events', eventList(actual.start));
  document.set('start', start);
  actual.steps.forEach((events, index) => document.setIn(['steps', index, 'events'], eventList(events)));
  document.set('final', document.createNode(actual.final));
  await writeFile(
    path,
    document.toString({ lineWidth: 0, doubleQuotedAsJSON: true, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
  );
}
