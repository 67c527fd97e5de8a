import type { RunContext } from './context.js';
import type { FlowEvent } from './events.js';
import type { FlowResult } from './session.js';
import { renderText, type CompiledText } from './text/compiled-text.js';
import { renderTemplateRef, type CompiledTemplateRef } from './text/whatsapp-template.js';

/**
 * What a node may do while the engine runs it: read the context and its attempt count, send
 * texts, emit events and save results. Nodes never touch the session directly.
 */
export interface Step {
  readonly context: RunContext;
  /** Unrecognised answers so far at the current node (reset to 0 when a node is entered). */
  attempts: number;
  /**
   * Renders a text for the survivor and emits it as a `message` event from `node`, with the approved
   * template to send instead when free text cannot reach her, if the node names one.
   */
  say(node: string, text: CompiledText, template?: CompiledTemplateRef): void;
  /** Appends an event. */
  emit(event: FlowEvent): void;
  /** Stores a result under `name` (copy-on-write: the input session is never mutated). */
  saveResult(name: string, result: FlowResult): void;
}

/** The engine's implementation of {@link Step}, collecting events and results for one call. */
export class StepState implements Step {
  readonly events: FlowEvent[] = [];
  attempts: number;
  private currentResults: Readonly<Record<string, FlowResult>>;
  private resultsCopied = false;

  constructor(
    readonly context: RunContext,
    results: Readonly<Record<string, FlowResult>>,
    attempts: number,
  ) {
    this.currentResults = results;
    this.attempts = attempts;
  }

  /** The results after this step (the same object as given if nothing was saved). */
  get results(): Readonly<Record<string, FlowResult>> {
    return this.currentResults;
  }

  say(node: string, text: CompiledText, template?: CompiledTemplateRef): void {
    const { language, alias } = this.context;
    this.events.push({
      type: 'message',
      node,
      text: renderText(text, language, alias),
      ...(template ? { template: renderTemplateRef(template, language, alias) } : {}),
    });
  }

  emit(event: FlowEvent): void {
    this.events.push(event);
  }

  saveResult(name: string, result: FlowResult): void {
    const results: Record<string, FlowResult> = this.resultsCopied
      ? (this.currentResults as Record<string, FlowResult>)
      : { ...this.currentResults };
    results[name] = result;
    this.currentResults = results;
    this.resultsCopied = true;
  }
}
