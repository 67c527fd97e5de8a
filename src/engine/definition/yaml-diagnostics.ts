import { isPair, isScalar, visit, type Document, type YAMLError } from 'yaml';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import type { SourceMap } from './source-map.js';

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
    return diagnostic(file, line, column, `this quoted text is never closed: add the missing ${quote} where it ends`, severity);
  }
  const { line, column } = map.position(offset);
  return diagnostic(file, line, column, `invalid YAML: ${error.message}${HINTS[error.code] ?? ''}`, severity);
}

/** What usually causes the YAML errors a flow's author meets most. */
const HINTS: Partial<Record<YAMLError['code'], string>> = {
  BAD_INDENT: ' (check the indentation of this line)',
  BLOCK_AS_IMPLICIT_KEY: ' (check the indentation, and put texts that contain ": " in quotes)',
  MULTILINE_IMPLICIT_KEY: ' (check the indentation, and put texts that contain ": " in quotes)',
  TAB_AS_INDENT: ' (indent with spaces)',
};

/** `node id "saludo" is used twice ...` or `field "next" is written twice here`. */
function duplicateKeyMessage(document: Document, offset: number): string {
  let message = 'a key is written twice in the same place';
  visit(document, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const parents = ancestors.filter(isPair).map((parent) => (isScalar(parent.key) ? String(parent.key.value) : ''));
      const key = String(pair.key.value);
      message =
        parents.length === 1 && parents[0] === 'nodes'
          ? `node id "${key}" is used twice: each node needs its own id`
          : `field "${key}" is written twice here`;
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
