import type { Language } from '../../language.js';
import { kindOf } from '../../nodes/registry.js';
import type { PathSegment } from '../../nodes/node-kind.js';
import { textVersions, type LocalizedText } from '../../text/localized-text.js';
import type { FlowDefinition } from '../schema.js';

/** One language version of an outgoing text of a flow, with the path to where it is written. */
export interface TextVersion {
  readonly language: Language;
  readonly text: string;
  /** The path of this version's value in the file (includes the language for translation maps). */
  readonly path: readonly PathSegment[];
}

/** Every language version of every outgoing text of a flow (messages, questions, re-asks, labels, ...). */
export function* flowTextVersions(definition: FlowDefinition): Generator<TextVersion & { readonly whole: LocalizedText; readonly wholePath: readonly PathSegment[] }> {
  for (const [id, node] of Object.entries(definition.nodes)) {
    for (const { text, path } of kindOf(node).texts(node)) {
      const wholePath = ['nodes', id, ...path];
      for (const [language, version] of textVersions(text)) {
        yield { language, text: version, path: typeof text === 'string' ? wholePath : [...wholePath, language], whole: text, wholePath };
      }
    }
  }
}
