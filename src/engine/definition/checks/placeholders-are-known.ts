import { findPlaceholderProblems } from '../../text/placeholders.js';
import type { FlowCheck } from './check.js';
import { flowTextVersions } from './node-texts.js';

/** Texts use only `{{alias}}` and `{{cita_hora}}`, with no stray braces. */
export const placeholdersAreKnown: FlowCheck = function* ({ definition }) {
  for (const { text, path } of flowTextVersions(definition)) {
    for (const problem of findPlaceholderProblems(text)) {
      yield { path, at: 'value', message: problem.message, severity: 'error', needle: problem.token };
    }
  }
};
