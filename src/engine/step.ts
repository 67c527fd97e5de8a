import type { FieldValue, RunContext } from './context.js';
import type { FlowEvent } from './events.js';
import type { FlowResult } from './session.js';
import { renderText, writtenLanguage, type CompiledText } from './text/compiled-text.js';
import { templateAlias } from './text/template-alias.js';
import { renderTemplateRef, type CompiledTemplateRef } from './text/whatsapp-template.js';

/**
 * What a node may do while the engine runs it: read the context, results, fields and its attempt
 * count, send texts, emit events, save results and set case fields. Nodes never touch the session
 * directly.
 */
export interface Step {
  readonly context: RunContext;
  /** The id of the flow being run (it changes when a `goto` enters another flow). */
  readonly flowId: string;
  /** Unrecognised answers so far at the current node (reset to 0 when a node is entered). */
  attempts: number;
  /** Her last message at the current node only greeted and was answered with the question (reset when a node is entered). */
  greeted: boolean;
  /** Renders a text for the survivor and emits it as a `message` event from `node`. */
  say(node: string, text: CompiledText, template?: CompiledTemplateRef): void;
  /** Appends an event. */
  emit(event: FlowEvent): void;
  /** A result saved earlier in the session or in this step. */
  result(name: string): FlowResult | undefined;
  /** Stores a result under `name` (copy-on-write: the input session is never mutated). */
  saveResult(name: string, result: FlowResult): void;
  /** A case field: set earlier in this step, else from `context.fields` (undefined when unknown). */
  field(name: string): FieldValue | undefined;
  /** Records a case field set in this step (the `case_field_set` event is emitted by the node). */
  setField(name: string, value: FieldValue): void;
}

/** The engine's implementation of {@link Step}, collecting events and results for one call. */
export class StepState implements Step {
  readonly events: FlowEvent[] = [];
  attempts: number;
  greeted: boolean;
  flowId: string;
  private currentResults: Readonly<Record<string, FlowResult>>;
  private resultsCopied = false;
  private fieldsSet: Map<string, FieldValue> | undefined;

  constructor(
    readonly context: RunContext,
    flowId: string,
    results: Readonly<Record<string, FlowResult>>,
    attempts: number,
    greeted = false,
  ) {
    this.flowId = flowId;
    this.currentResults = results;
    this.attempts = attempts;
    this.greeted = greeted;
  }

  /** The results after this step (the same object as given if nothing was saved). */
  get results(): Readonly<Record<string, FlowResult>> {
    return this.currentResults;
  }

  say(node: string, text: CompiledText, template?: CompiledTemplateRef): void {
    const { language, fields } = this.context;
    // A message that may go as a template reads the same as text or as template: without an alias,
    // both say the neutral word (a template cannot leave its parameter out); and the template goes
    // in the language the text is written in (es-MX where the text has no translation to hers).
    if (!template) {
      this.events.push({ type: 'message', node, text: renderText(text, language, this.context.alias, fields) });
      return;
    }
    const written = writtenLanguage(text, language);
    const alias = templateAlias(this.context.alias, written);
    this.events.push({ type: 'message', node, text: renderText(text, language, alias, fields), template: renderTemplateRef(template, written, alias, fields) });
  }

  emit(event: FlowEvent): void {
    this.events.push(event);
  }

  result(name: string): FlowResult | undefined {
    return Object.hasOwn(this.currentResults, name) ? this.currentResults[name] : undefined;
  }

  saveResult(name: string, result: FlowResult): void {
    const results: Record<string, FlowResult> = this.resultsCopied
      ? (this.currentResults as Record<string, FlowResult>)
      : { ...this.currentResults };
    results[name] = result;
    this.currentResults = results;
    this.resultsCopied = true;
  }

  field(name: string): FieldValue | undefined {
    if (this.fieldsSet?.has(name)) return this.fieldsSet.get(name);
    const fields = this.context.fields;
    return fields !== undefined && Object.hasOwn(fields, name) ? fields[name] : undefined;
  }

  setField(name: string, value: FieldValue): void {
    (this.fieldsSet ??= new Map()).set(name, value);
  }
}
