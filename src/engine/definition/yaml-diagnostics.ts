import { isPair, isScalar, visit, type Document, type YAMLError } from 'yaml';
import { staffText, type StaffText } from '../staff-text.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import type { SourceMap } from './source-map.js';
import { yamlErrorText } from './yaml-error-text.js';

/**
 * Turns a YAML syntax error or warning into a diagnostic. Duplicate keys are named in plain words,
 * and an unclosed quote is reported where the quote opens rather than at the end of the file.
 */
export function yamlDiagnostic(file: string, error: YAMLError, document: Document, map: SourceMap): Diagnostic {
  const severity = error.name === 'YAMLWarning' ? 'warning' : 'error';
  const offset = error.pos[0];
  if (error.code === 'DUPLICATE_KEY') {
    const { line, column } = map.position(offset);
    return diagnostic(file, line, column, duplicateKeyMessage(document, offset), severity);
  }
  const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1];
  const opening = quote === undefined ? undefined : openingQuoteBefore(document, offset);
  if (quote !== undefined && opening !== undefined) {
    const { line, column } = map.position(opening);
    const message = staffText(
      `este texto entre comillas nunca se cierra: agrega la comilla ${quote} que falta donde termina`,
      `this quoted text is never closed: add the missing ${quote} where it ends`,
    );
    return diagnostic(file, line, column, message, severity);
  }
  const { line, column } = map.position(offset);
  return diagnostic(file, line, column, yamlErrorText(error), severity);
}

/** `node id "saludo" is used twice ...` or `field "next" is written twice here`, in both languages. */
function duplicateKeyMessage(document: Document, offset: number): StaffText {
  let message = staffText('un nombre de campo está escrito dos veces en el mismo lugar', 'a key is written twice in the same place');
  visit(document, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const parents = ancestors.filter(isPair).map((parent) => (isScalar(parent.key) ? String(parent.key.value) : ''));
      const key = String(pair.key.value);
      message =
        parents.length === 1 && parents[0] === 'nodes'
          ? staffText(`el id de nodo "${key}" se usa dos veces: cada nodo necesita su propio id`, `node id "${key}" is used twice: each node needs its own id`)
          : staffText(`el campo "${key}" está escrito dos veces aquí`, `field "${key}" is written twice here`);
      return visit.BREAK;
    },
  });
  return message;
}

/** Where the quoted scalar that runs up to `offset` starts. */
function openingQuoteBefore(document: Document, offset: number): number | undefined {
  let start: number | undefined;
  visit(document, {
    Scalar(_, scalar) {
      const range = scalar.range;
      const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
      if (quoted && range && range[0] <= offset && range[1] >= offset && (start === undefined || range[0] > start)) {
        start = range[0];
      }
    },
  });
  return start;
}
