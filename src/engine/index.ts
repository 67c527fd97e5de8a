/**
 * The flow engine: pure functions from a flow, a session and an input to a new session and the
 * events to act on. The only I/O is in the loaders (`definition/load.ts`).
 *
 * @example
 * const flows = await loadFlowDirectoryOrThrow('flows');
 * const ctx = { now: clock.now().toISOString(), language: 'es-MX', alias: 'Lupita' } as const;
 * let { session, events } = start(flows.get('primer-contacto')!, ctx);
 * ({ session, events } = resume(flows.get(session.flowId)!, session, { kind: 'text', text: '1' }, ctx));
 */
export { start, resume, MAX_NODES_PER_STEP, type StepResult } from './run.js';
export { compileFlow, type CompiledFlow } from './compile.js';
export type { RunContext } from './context.js';
export type { FlowInput, TextInput } from './input.js';
export type {
  FlowEvent,
  FlowEventType,
  MessageEvent,
  WaitEvent,
  InputRejectedEvent,
  ResultSavedEvent,
  FlowEndedEvent,
} from './events.js';
export {
  SESSION_VERSION,
  type FlowSession,
  type WaitingFlowSession,
  type EndedFlowSession,
  type FlowResult,
} from './session.js';
export { parseFlowSession } from './session-schema.js';
export { EngineError, type EngineErrorCode } from './errors.js';
export { LANGUAGES, FALLBACK_LANGUAGE, type Language } from './language.js';
export { normalizeAnswer } from './text/normalize-answer.js';
export { textVersions, type LocalizedText } from './text/localized-text.js';

export { flowDefinitionSchema, type FlowDefinition } from './definition/schema.js';
export { NODE_KINDS, NODE_TYPES, nodeDefinitionSchema, kindOf, type NodeDefinition } from './nodes/registry.js';
export type { MessageNodeDefinition } from './nodes/message.js';
export type { QuestionNodeDefinition } from './nodes/question.js';
export type { EndNodeDefinition } from './nodes/end.js';
export type { NodeKind, CompiledNode, Transition, NodeEdge, NodeText, PathSegment } from './nodes/node-kind.js';
export { validateFlowSchema, type SchemaValidation } from './definition/schema-findings.js';
export { checkFlowDefinition, FLOW_CHECKS } from './definition/checks/index.js';
export type { FlowCheck, CheckContext, ValidationOptions } from './definition/checks/check.js';
export type { Finding, Severity } from './definition/finding.js';
export { formatDiagnostic, type Diagnostic } from './definition/diagnostic.js';
export { parseFlowSource, type FlowLoadResult, type FlowSourceOptions } from './definition/parse.js';
export {
  loadFlowFile,
  loadFlowDirectory,
  loadFlowDirectoryOrThrow,
  type FlowDirectoryLoadResult,
} from './definition/load.js';
export { FlowValidationError } from './definition/validation-error.js';
