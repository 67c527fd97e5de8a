import { z } from 'zod';
import { EngineError } from './errors.js';
import { SESSION_VERSION, type FlowSession } from './session.js';

const resultSchema = z.object({
  value: z.string(),
  choice: z.string().optional(),
  category: z.string().optional(),
  node: z.string(),
  at: z.string(),
});

const baseShape = {
  version: z.literal(SESSION_VERSION),
  flowId: z.string(),
  node: z.string(),
  attempts: z.int().min(0),
  results: z.record(z.string(), resultSchema),
  startedAt: z.string(),
  updatedAt: z.string(),
};

const flowSessionSchema = z.discriminatedUnion('status', [
  z.object({ ...baseShape, status: z.literal('waiting'), greeted: z.literal(true).optional() }),
  z.object({ ...baseShape, status: z.literal('ended'), outcome: z.string() }),
]);

/**
 * Reads a session the host stored (e.g. PostgreSQL JSON) back into a {@link FlowSession}.
 *
 * @throws EngineError `UNSUPPORTED_SESSION_VERSION` for another schema version, `INVALID_SESSION`
 *   for anything else that is not a session.
 * @example
 * const session = parseFlowSession(row.state);
 */
export function parseFlowSession(value: unknown): FlowSession {
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== SESSION_VERSION) {
    throw new EngineError('UNSUPPORTED_SESSION_VERSION', `session version ${version}, this engine reads ${SESSION_VERSION}`);
  }
  const result = flowSessionSchema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new EngineError('INVALID_SESSION', `not a flow session (${first?.path.join('.') || 'root'}: ${first?.message ?? ''})`);
  }
  return result.data;
}
