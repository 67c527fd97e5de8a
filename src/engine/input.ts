/**
 * Something that resumes a waiting session. For now only a text message from the survivor;
 * a later task adds `{ kind: 'timeout' }`.
 *
 * @example
 * { "kind": "text", "text": "Sí, claro" }
 */
export type FlowInput = TextInput;

/** A text message the survivor sent. */
export interface TextInput {
  readonly kind: 'text';
  readonly text: string;
}
