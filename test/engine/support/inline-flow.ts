import { parseFlowSource, type CompiledFlow } from '../../../src/engine/index.js';

/** Compiles an inline YAML flow for a test, failing loudly if it is invalid. */
export function inlineFlow(source: string): CompiledFlow {
  const result = parseFlowSource(source, { file: 'inline.yaml' });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.formatted).join('\n'));
  return result.flow;
}
