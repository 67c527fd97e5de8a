/**
 * The flow engine: pure functions from a flow, a session and an input to a new session and the
 * events to act on, and the interrupts checked before any flow step. The only I/O is in the
 * loaders (`definition/load.ts`, `interrupts/load-settings.ts`).
 *
 * @example
 * const loaded = await loadFlowDirectory('flows'); // flows + ajustes.yaml
 * if (!loaded.ok) throw new FlowValidationError(loaded.diagnostics);
 * const flows = new Map(loaded.flows.map((flow) => [flow.id, flow]));
 * const ctx = { now: clock.now().toISOString(), language: 'es-MX', alias: 'Lupita', insideSafeHours: true } as const;
 * const interrupt = detectInterrupt(loaded.settings, text, { isCodeWord, language: ctx.language });
 * if (interrupt) ({ session, events } = applyInterrupt(interrupt, session, ctx));
 * else ({ session, events } = resume(flows.get(session.flowId)!, session, { kind: 'text', text }, ctx, flows));
 */
export { start, resume, waitingTimeoutSeconds, MAX_NODES_PER_STEP, type StepResult, type FlowLookup } from './run.js';
export { compileFlow, type CompiledFlow } from './compile.js';
export type { RunContext, FieldValue, StaffDuty } from './context.js';
export { UNIT_TIME_ZONE } from './unit-time-zone.js';
export type { FlowInput, TextInput, TimeoutInput } from './input.js';
export type {
  FlowEvent,
  FlowEventType,
  MessageEvent,
  WaitEvent,
  InputRejectedEvent,
  ResultSavedEvent,
  CaseFieldSetEvent,
  HandoffEvent,
  ScheduleCheckinEvent,
  FlowEnteredEvent,
  CancelPendingEvent,
  OptedOutEvent,
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
export { NO_CATEGORY } from './result-category.js';
export { normalizeAnswer } from './text/normalize-answer.js';
export { textVersions, type LocalizedText } from './text/localized-text.js';
export { ALLOWED_PLACEHOLDERS, type PlaceholderName } from './text/placeholders.js';

export { ANSWER_TYPES, readTypedAnswer, type AnswerType } from './answers/answer-type.js';
export { parseDatetimeAnswer, PERIOD_DEFAULT_HOURS, DAY_DEFAULT_HOUR, type DatetimeReference } from './answers/datetime.js';
export { parseNumberAnswer } from './answers/number.js';
export { parseYesNoAnswer, YES_ANSWERS, NO_ANSWERS } from './answers/yes-no.js';

export { detectInterrupt, type Interrupt, type InterruptOptions } from './interrupts/detect.js';
export { applyInterrupt, INTERRUPT_OUTCOMES } from './interrupts/apply.js';
export { mentionsRisk } from './interrupts/risk-signal.js';
export { onlyAcknowledges } from './interrupts/acknowledgments.js';
export { detectPersonRequest } from './interrupts/person-request.js';
export { asksOtherHours, detectHoursRequest } from './interrupts/hours-request.js';
export { detectWhoIsWriting } from './interrupts/who-is-writing.js';
export { detectFallbackInterrupt } from './interrupts/fallback.js';
export { codeWordForms, normalizeCodeWord } from './interrupts/code-word.js';
export { codeWordProblem, CODE_WORD_MAX_LENGTH, CODE_WORD_MIN_LETTERS, type CodeWordProblem } from './interrupts/code-word-choice.js';
export {
  DEFAULT_SETTINGS,
  SETTINGS_FILE_NAME,
  compileSettings,
  type InterruptSettings,
  type InterruptKind,
} from './interrupts/settings.js';
export {
  settingsSchema,
  DEFAULT_OPT_OUT_WORDS,
  DEFAULT_EMERGENCY_WORDS,
  DEFAULT_RISK_SIGNALS,
  DEFAULT_ACKNOWLEDGMENTS,
  DEFAULT_PERSON_REQUEST_WORDS,
  DEFAULT_WHO_IS_WRITING_WORDS,
  DEFAULT_HOURS_REQUEST_TIMES,
  DEFAULT_HOURS_REQUEST_CONTACT,
  DEFAULT_DENY_WORDS,
  type SettingsDefinition,
} from './interrupts/settings-schema.js';
export { loadSettings, parseSettingsSource, type SettingsLoadResult } from './interrupts/load-settings.js';
export { DenyList, type DeniedWord } from './interrupts/deny-list.js';

export { flowDefinitionSchema, type FlowDefinition } from './definition/schema.js';
export { NODE_KINDS, NODE_TYPES, nodeDefinitionSchema, kindOf, type NodeDefinition } from './nodes/registry.js';
export type { MessageNodeDefinition } from './nodes/message.js';
export type { QuestionNodeDefinition } from './nodes/question-schema.js';
export type { BranchNodeDefinition } from './nodes/branch.js';
export type { SetNodeDefinition } from './nodes/set.js';
export type { HandoffNodeDefinition } from './nodes/handoff.js';
export type { ScheduleNodeDefinition } from './nodes/schedule.js';
export type { GotoNodeDefinition } from './nodes/goto.js';
export type { EndNodeDefinition } from './nodes/end.js';
export type {
  NodeKind,
  CompiledNode,
  Transition,
  NodeEdge,
  NodeText,
  FlowReference,
  SavedResult,
  ReadResult,
  PathSegment,
} from './nodes/node-kind.js';
export { flowGraph, type FlowGraph } from './graph.js';
export { validateFlowSchema, type SchemaValidation } from './definition/schema-findings.js';
export { checkFlowDefinition, FLOW_CHECKS } from './definition/checks/index.js';
export type { FlowCheck, CheckContext, ValidationOptions, FlowIndex } from './definition/checks/check.js';
export type { Finding, Severity } from './definition/finding.js';
export { formatDiagnostic, type Diagnostic } from './definition/diagnostic.js';
export { staffText, type StaffLanguage, type StaffText } from './staff-text.js';
export { parseFlowSource, type FlowLoadResult, type FlowSourceOptions } from './definition/parse.js';
export {
  loadFlowFile,
  loadFlowDirectory,
  loadFlowDirectoryOrThrow,
  indexFlowDirectory,
  settingsBeside,
  flowIdOfFile,
  type FlowDirectoryLoadResult,
  type FlowFileOptions,
} from './definition/load.js';
export { FlowValidationError } from './definition/validation-error.js';
export { openingNodes } from './definition/checks/opening-nodes.js';
export { openingsWithoutTemplate, type OpeningWithoutTemplate } from './definition/checks/opens-with-template.js';
export { templateBodyOf } from './templates/template-body.js';
export { reopeningTemplates, type ReopeningTemplate } from './templates/template-uses.js';
export { exportTemplates, type TemplateCreationBody, type TemplateExport, type TemplateUse } from './templates/template-export.js';
export { DEFAULT_TEMPLATE_LANGUAGE_CODES, DEFAULT_TEMPLATE_LANGUAGES, parseTemplateLanguages, TEMPLATE_LANGUAGES_PATTERN } from './templates/template-languages.js';
export { flowJsonSchema, settingsJsonSchema } from './definition/json-schema.js';
