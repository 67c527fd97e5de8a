import type { z } from 'zod';
import type { FlowInput } from '../input.js';
import type { Step } from '../step.js';
import type { LocalizedText } from '../text/localized-text.js';

/** A key or list index in a flow file, e.g. `['choices', 0, 'next']`. */
export type PathSegment = string | number;

/**
 * Where a node leads: the target node id, and the path (inside the node) of the field naming it.
 *
 * @example
 * { target: 'despedida', path: ['choices', 1, 'next'] }
 */
export interface NodeEdge {
  readonly target: string;
  readonly path: readonly PathSegment[];
}

/** An outgoing text inside a node, with its path inside the node, e.g. `['reask']`. */
export interface NodeText {
  readonly text: LocalizedText;
  readonly path: readonly PathSegment[];
}

/**
 * A problem a node kind finds in one of its own nodes. `path` is inside the node; `at: 'key'`
 * points at the field name, `'value'` at its value; `needle` narrows the position to a piece of
 * the value's source text.
 */
export interface NodeFinding {
  readonly path: readonly PathSegment[];
  readonly at: 'key' | 'value';
  readonly message: string;
  readonly needle?: string;
}

/**
 * What a node does next:
 * - `goto`: enter another node now;
 * - `wait`: stop here until the survivor answers;
 * - `end`: the flow is over, with this outcome.
 */
export type Transition =
  | { readonly kind: 'goto'; readonly node: string }
  | { readonly kind: 'wait' }
  | { readonly kind: 'end'; readonly outcome: string };

/** A node prepared for running (choice tables built, texts compiled). */
export interface CompiledNode {
  readonly id: string;
  readonly type: string;
  /** Runs when the flow arrives at the node. */
  enter(step: Step): Transition;
  /** Runs with the survivor's input while the session waits here; absent on nodes that never wait. */
  receive?(step: Step, input: FlowInput): Transition;
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
  /** The nodes this node can lead to. */
  edges(node: z.output<S>): readonly NodeEdge[];
  /** The outgoing texts of the node (checked for placeholders and, later, discreet wording). */
  texts(node: z.output<S>): readonly NodeText[];
  /** Checks specific to this kind (e.g. duplicate choices); optional. */
  check?(node: z.output<S>): readonly NodeFinding[];
  /** Prepares the node for running. The definition has passed every check. */
  compile(id: string, node: z.output<S>): CompiledNode;
}

/** Declares a node kind, inferring its types from its schema. */
export function defineNodeKind<S extends NodeSchema>(kind: NodeKind<S>): NodeKind<S> {
  return kind;
}
