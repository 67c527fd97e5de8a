import { ALLOWED_PLACEHOLDERS, DAYTIME_PLACEHOLDERS, findPlaceholderProblems } from '../../text/placeholders.js';
import { AFTER_HOURS_TEXT_KEY } from '../../nodes/handoff.js';
import type { FlowCheck } from './check.js';
import { flowTextVersions } from './node-texts.js';

/**
 * Texts use only the placeholders of `ALLOWED_PLACEHOLDERS`, with no stray braces; `{{atencion_hora}}`
 * only in a handoff's `text_after_hours`, the one text the host fills it for.
 */
export const placeholdersAreKnown: FlowCheck = function* ({ definition }) {
  for (const { text, path } of flowTextVersions(definition)) {
    const allowed = path[2] === AFTER_HOURS_TEXT_KEY ? ALLOWED_PLACEHOLDERS : DAYTIME_PLACEHOLDERS;
    for (const problem of findPlaceholderProblems(text, allowed)) {
      yield { path, at: 'value', message: problem.message, severity: 'error', needle: problem.token };
    }
  }
};
