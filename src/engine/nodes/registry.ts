import { z } from 'zod';
import { branchNode } from './branch.js';
import { endNode } from './end.js';
import { gotoNode } from './goto.js';
import { handoffNode } from './handoff.js';
import { messageNode } from './message.js';
import type {
  CompiledNode,
  FlowReference,
  NodeEdge,
  NodeFinding,
  NodeKind,
  NodeSchema,
  NodeText,
  ReadResult,
  SavedResult,
  SentMessage,
} from './node-kind.js';
import { questionNode } from './question.js';
import { scheduleNode } from './schedule.js';
import { setNode } from './set.js';

/**
 * Every node kind the engine knows. To add a kind, write `nodes/<kind>.ts` exporting a
 * `defineNodeKind({...})` and add it here; the schema, checks, diagram and runner pick it up.
 */
export const NODE_KINDS = [messageNode, questionNode, branchNode, setNode, handoffNode, scheduleNode, gotoNode, endNode] as const;

type SchemasOf<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: T[K] extends NodeKind<infer S> ? S : never;
};

/** The zod schema of one node in a flow file: a union on `type` of every kind's schema. */
export const nodeDefinitionSchema = z.discriminatedUnion(
  'type',
  NODE_KINDS.map((kind) => kind.schema) as unknown as SchemasOf<typeof NODE_KINDS>,
);

/** One node as written in a flow file (defaults applied). */
export type NodeDefinition = z.output<typeof nodeDefinitionSchema>;

/** The `type:` values of every node kind, e.g. `['message', 'question', ..., 'end']`. */
export const NODE_TYPES: readonly NodeDefinition['type'][] = NODE_KINDS.map((kind) => kind.type);

/** A node kind seen through a definition of any kind (the union's `type` guarantees the match). */
export interface AnyNodeKind {
  readonly type: string;
  readonly waitsForInput: boolean;
  edges(node: NodeDefinition): readonly NodeEdge[];
  flowReferences?(node: NodeDefinition): readonly FlowReference[];
  texts(node: NodeDefinition): readonly NodeText[];
  sends?(node: NodeDefinition): SentMessage | undefined;
  resultsSaved?(node: NodeDefinition): readonly SavedResult[];
  resultsRead?(node: NodeDefinition): readonly ReadResult[];
  check?(node: NodeDefinition): readonly NodeFinding[];
  summary(node: NodeDefinition): string;
  compile(id: string, node: NodeDefinition): CompiledNode;
}

const kindsByType = new Map<string, AnyNodeKind>(
  NODE_KINDS.map((kind: NodeKind<NodeSchema>) => [kind.type, kind as unknown as AnyNodeKind]),
);

/** The kind of a node definition. */
export function kindOf(node: NodeDefinition): AnyNodeKind {
  const kind = kindsByType.get(node.type);
  if (kind === undefined) throw new TypeError(`no node kind "${node.type}" is registered`);
  return kind;
}
