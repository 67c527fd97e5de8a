import { readEmergencyWords } from '../../interrupts/emergency-words.js';
import { DEFAULT_SETTINGS } from '../../interrupts/settings.js';
import { wordTokens } from '../../interrupts/words.js';
import { textVersions } from '../../text/localized-text.js';
import type { FlowCheck } from './check.js';
import { staffText } from '../../staff-text.js';

/**
 * No choice label or synonym is an interrupt: interrupts are checked before any flow step, so an
 * answer "alto" would opt her out and "ayuda" would raise an emergency instead of picking the
 * choice. An emergency word the answer negates ("no necesito ayuda") is no interrupt, and may be one.
 */
export const choicesAreNotInterrupts: FlowCheck = function* ({ definition, options }) {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  for (const [id, node] of Object.entries(definition.nodes)) {
    if (node.type !== 'question') continue;
    for (const [index, choice] of (node.choices ?? []).entries()) {
      const answers = [
        ...textVersions(choice.label).map(([language, text]) => ({
          text,
          path: typeof choice.label === 'string' ? ['label'] : ['label', language],
        })),
        ...choice.synonyms.map((text, at) => ({ text, path: ['synonyms', at] })),
      ];
      for (const answer of answers) {
        const tokens = wordTokens(answer.text);
        const kind = readEmergencyWords(settings, answer.text, tokens) === 'cry'
          ? staffText('una palabra de emergencia', 'an emergency word')
          : settings.optOutWords.wholeMessage(tokens) !== undefined
            ? staffText('una palabra para darse de baja', 'an opt-out word')
            : undefined;
        if (kind === undefined) continue;
        yield {
          path: ['nodes', id, 'choices', index, ...answer.path],
          at: 'value',
          message: staffText(
            `"${answer.text}" contiene ${kind.es} (ajustes.yaml): esa respuesta se toma como una interrupción antes de que esta pregunta la vea`,
            `"${answer.text}" contains ${kind.en} (ajustes.yaml): that answer is taken as an interrupt before this question sees it`,
          ),
          severity: 'error',
        };
      }
    }
  }
};
