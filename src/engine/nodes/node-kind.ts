import type { z } from 'zod';
import type { FlowInput } from '../input.js';
import type { StaffText } from '../staff-text.js';
import type { Step } from '../step.js';
import type { LocalizedText } from '../text/localized-text.js';
import type { CompiledText } from '../text/compiled-text.js';
import type { TemplateRef } from '../text/whatsapp-template.js';

/** A key or list index in a flow file, e.g. `['choices', 0, 'next']`. */
export type PathSegment = string | number;

/**
 * Where a node leads inside its flow: the target node id, the path (inside the node) of the field
 * naming it, and a short label in Spanish for the diagram staff review (`flows graph`).
 *
 * @example
 * { target: 'despedida', path: ['choices', 1, 'next'], label: 'No' }
 */
export interface NodeEdge {
  readonly target: string;
  readonly path: readonly PathSegment[];
  readonly label?: string | undefined;
}

/**
 * A reference from a node to another flow: a `goto` into it (optionally at one of its nodes), or a
 * `schedule` of it. Checked against the other flow files of the directory.
 *
 * @example
 * { flow: 'cierre', node: 'saludo', path: ['flow'], use: 'goto' }
 */
export interface FlowReference {
  readonly flow: string;
  readonly node?: string | undefined;
  readonly path: readonly PathSegment[];
  readonly use: 'goto' | 'schedule';
}

/** An outgoing text inside a node, with its path inside the node, e.g. `['reask']`. */
export interface NodeText {
  readonly text: LocalizedText;
  readonly path: readonly PathSegment[];
}

/**
 * A named result a node saves. `values` lists every value a branch can find in it when they are
 * known in advance (choice ids, `si`/`no`, a `set` literal), or is absent when open (free text,
 * numbers, dates); `datetime` marks results holding an ISO instant.
 *
 * @example
 * { name: 'como_se_siente', path: ['save_as'], values: ['bien', 'mas_o_menos', 'mal'], datetime: false }
 */
export interface SavedResult {
  readonly name: string;
  readonly path: readonly PathSegment[];
  readonly values?: readonly string[] | undefined;
  readonly datetime: boolean;
}

/**
 * A named result a node reads, with the values it compares it to (a branch's `when`) and whether
 * it must hold a date (a schedule's `at_result`).
 */
export interface ReadResult {
  readonly name: string;
  readonly path: readonly PathSegment[];
  readonly compares: ReadonlyArray<{ readonly value: string; readonly path: readonly PathSegment[] }>;
  readonly needsDatetime: boolean;
}

/**
 * A problem a node kind finds in one of its own nodes. `path` is inside the node; `at: 'key'`
 * points at the field name, `'value'` at its value; `needle` narrows the position to a piece of
 * the value's source text. The message is in Spanish and English (see {@link StaffText}).
 */
export interface NodeFinding {
  readonly path: readonly PathSegment[];
  readonly at: 'key' | 'value';
  readonly message: StaffText;
  readonly needle?: string;
  /** `warning` for what works but may surprise (the flow still loads); an error when absent. */
  readonly severity?: 'warning';
}

/**
 * What a node does next:
 * - `goto`: enter another node of this flow now; `edge` names the field it came from
 *   (`choices.1.next`), so tests can prove every exit of a flow is taken;
 * - `flow`: leave this flow for another one (at its start, or at `node`);
 * - `wait`: stop here until the survivor answers (or the timeout fires);
 * - `end`: the flow is over, with this outcome.
 */
export type Transition =
  | { readonly kind: 'goto'; readonly node: string; readonly edge: string }
  | { readonly kind: 'flow'; readonly flow: string; readonly node?: string | undefined; readonly edge: string }
  | { readonly kind: 'wait'; readonly timeoutSeconds?: number | undefined }
  | { readonly kind: 'end'; readonly outcome: string };

/** The `goto` transition along the field at `path` (built once, when compiling). */
export function gotoAlong(node: string, path: readonly PathSegment[]): Transition {
  return { kind: 'goto', node, edge: path.join('.') };
}

/**
 * The message a node sends when the flow arrives at it: the text exactly as she reads it (with any
 * list a question adds) and the WhatsApp template named for it, if any.
 */
export interface SentMessage {
  readonly text: CompiledText;
  readonly template: TemplateRef | undefined;
}

/** A node prepared for running (choice tables built, texts compiled). */
export interface CompiledNode {
  readonly id: string;
  readonly type: string;
  /** How long a wait at this node lasts before its timeout exit, for a node that waits with one. */
  readonly timeoutSeconds?: number;
  /** Runs when the flow arrives at the node. */
  enter(step: Step): Transition;
  /** Runs with the survivor's input while the session waits here; absent on nodes that never wait. */
  receive?(step: Step, input: FlowInput): Transition;
}

/**
 * A node kind as the authors' guide (`flows/README.md`, in Spanish) explains it: what it does and an
 * example a flow author can copy. The fields' table comes from the schema's `.describe()`s.
 *
 * @example
 * { summary: 'Termina el flujo con un resultado.', example: 'fin:\n  type: end\n  outcome: completado' }
 */
export interface NodeKindGuide {
  /** What the node does, in a few sentences of Spanish (Markdown). */
  readonly summary: string;
  /** One or more nodes in YAML, as they would be written in a flow file. */
  readonly example: string;
}

/** A zod object schema with a literal `type` field, usable in the node union. */
export type NodeSchema = z.core.$ZodTypeDiscriminable & z.ZodType<{ type: string }>;

/**
 * Everything the engine knows about one kind of node. Adding a kind is one file exporting a
 * `NodeKind` (via {@link defineNodeKind}) plus its entry in `nodes/registry.ts`.
 */
export interface NodeKind<S extends NodeSchema> {
  /** The value of `type:` in the flow file. */
  readonly type: z.output<S>['type'];
  /** The strict zod schema of the node as written in the flow file. */
  readonly schema: S;
  /** True when entering the node can stop the step to wait for input (used by the loop check). */
  readonly waitsForInput: boolean;
  /** The nodes of this flow this node can lead to. */
  edges(node: z.output<S>): readonly NodeEdge[];
  /** Other flows this node goes to or schedules; optional. */
  flowReferences?(node: z.output<S>): readonly FlowReference[];
  /** The outgoing texts of the node (checked for placeholders, denied words and translations). */
  texts(node: z.output<S>): readonly NodeText[];
  /** The message the node sends on arrival (messages, questions, a handoff's text); absent or undefined when it sends none. */
  sends?(node: z.output<S>): SentMessage | undefined;
  /** Named results the node saves; optional. */
  resultsSaved?(node: z.output<S>): readonly SavedResult[];
  /** Named results the node reads; optional. */
  resultsRead?(node: z.output<S>): readonly ReadResult[];
  /** Checks specific to this kind (e.g. duplicate choices); optional. */
  check?(node: z.output<S>): readonly NodeFinding[];
  /** One line in Spanish saying what the node does, for the diagram (`flows graph`). */
  summary(node: z.output<S>): string;
  /** The kind explained to flow authors, in Spanish: the reference part of `flows/README.md` is generated from it. */
  readonly guide: NodeKindGuide;
  /** Prepares the node for running. The definition has passed every check. */
  compile(id: string, node: z.output<S>): CompiledNode;
}

/** Declares a node kind, inferring its types from its schema. */
export function defineNodeKind<S extends NodeSchema>(kind: NodeKind<S>): NodeKind<S> {
  return kind;
}
