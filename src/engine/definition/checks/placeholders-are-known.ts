import { kindOf } from '../../nodes/registry.js';
import { textVersions } from '../../text/localized-text.js';
import { findPlaceholderProblems } from '../../text/placeholders.js';
import type { FlowCheck } from './check.js';

/** Texts use only `{{alias}}`, with no stray braces. */
export const placeholdersAreKnown: FlowCheck = function* ({ definition }) {
  for (const [id, node] of Object.entries(definition.nodes)) {
    for (const { text, path } of kindOf(node).texts(node)) {
      for (const [language, version] of textVersions(text)) {
        const where = typeof text === 'string' ? ['nodes', id, ...path] : ['nodes', id, ...path, language];
        for (const problem of findPlaceholderProblems(version)) {
          yield { path: where, at: 'value', message: problem.message, severity: 'error', needle: problem.token };
        }
      }
    }
  }
};
