import type { YAMLError } from 'yaml';
import { staffText, type StaffText } from '../staff-text.js';

/** The parser's messages a flow's author meets most, in Spanish; `$1` is the message's first group. */
const SPANISH_MESSAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Nested mappings are not allowed in compact mappings/, 'no se pueden anidar campos dentro de un campo escrito en la misma línea'],
  [/^A block sequence may not be used as an implicit map key/, 'una lista quedó donde va el nombre de un campo'],
  [/^Implicit keys (of flow sequence pairs )?need to be on a single line/, 'el nombre de un campo debe estar en una sola línea'],
  [/^Implicit map keys need to be followed by map values/, 'a este nombre de campo le falta ":" y su valor'],
  [/^All sequence items must start at the same column/, 'todos los elementos de una lista deben empezar en la misma columna'],
  [/^All mapping items must start at the same column/, 'todos los campos de un mismo nivel deben empezar en la misma columna'],
  [/^Tabs are not allowed as indentation/, 'no se permiten tabuladores en la sangría'],
  [/^Sequence item without - indicator/, 'a un elemento de la lista le falta el "-"'],
  [/^Missing , or : between/, 'falta una "," o un ":" entre los elementos'],
  [/^Missing , between/, 'falta una "," entre los elementos'],
  [/^Missing space after :/, 'falta un espacio después de ":"'],
  [/^Comments must be separated/, 'un comentario (#) debe ir separado por un espacio'],
  [/^Plain value cannot start with (.*)$/, 'un texto sin comillas no puede empezar con $1: ponlo entre comillas'],
  [/^Unexpected , in/, 'sobra una ","'],
  [/^Unexpected empty item in/, 'hay un elemento vacío en la lista'],
  [/^Invalid escape sequence (.*)$/, 'la secuencia $1 no es válida entre comillas dobles'],
  [/^Unresolved tag: (.*)$/, 'la etiqueta $1 no se reconoce'],
  [/^A node can have at most one anchor/, 'un valor puede tener a lo más un ancla (&)'],
  [/^A node can have at most one tag/, 'un valor puede tener a lo más una etiqueta (!)'],
  [/^Source contains multiple documents/, 'el archivo tiene más de un documento (---): deja solo uno'],
];

/** What each kind of YAML problem means, in Spanish, for messages not listed above. */
const SPANISH_BY_CODE: Readonly<Record<YAMLError['code'], string>> = {
  ALIAS_PROPS: 'un alias (*nombre) no puede llevar ancla ni etiqueta',
  BAD_ALIAS: 'un alias (*) o un ancla (&) está mal escrito',
  BAD_DIRECTIVE: 'una directiva (%) no es válida',
  BAD_DQ_ESCAPE: 'una secuencia con \\ no es válida entre comillas dobles',
  BAD_INDENT: 'la sangría no es la esperada',
  BAD_PROP_ORDER: 'un ancla (&) o una etiqueta (!) está fuera de lugar',
  BAD_SCALAR_START: 'un texto sin comillas no puede empezar así: ponlo entre comillas',
  BLOCK_AS_IMPLICIT_KEY: 'hay un bloque donde va el nombre de un campo',
  BLOCK_IN_FLOW: 'hay un bloque dentro de [ ] o { }',
  DUPLICATE_KEY: 'un campo está escrito dos veces',
  IMPOSSIBLE: 'esta parte no se puede leer',
  KEY_OVER_1024_CHARS: 'el nombre de un campo pasa de 1024 caracteres',
  MISSING_CHAR: 'falta un carácter aquí',
  MULTILINE_IMPLICIT_KEY: 'el nombre de un campo debe estar en una sola línea',
  MULTIPLE_ANCHORS: 'un valor puede tener a lo más un ancla (&)',
  MULTIPLE_DOCS: 'el archivo tiene más de un documento (---): deja solo uno',
  MULTIPLE_TAGS: 'un valor puede tener a lo más una etiqueta (!)',
  NON_STRING_KEY: 'el nombre de un campo debe ser un texto',
  RESOURCE_EXHAUSTION: 'el archivo usa demasiados alias (*)',
  TAB_AS_INDENT: 'no se permiten tabuladores en la sangría',
  TAG_RESOLVE_FAILED: 'una etiqueta (!) no se reconoce',
  UNEXPECTED_TOKEN: 'hay algo que no se esperaba aquí',
  BAD_COLLECTION_TYPE: 'el tipo de lista o de campos no es el esperado',
};

/** What usually causes the YAML errors a flow's author meets most. */
const HINTS: Partial<Record<YAMLError['code'], StaffText>> = {
  BAD_INDENT: staffText(' (revisa la sangría de esta línea)', ' (check the indentation of this line)'),
  BLOCK_AS_IMPLICIT_KEY: staffText(
    ' (revisa la sangría, y pon entre comillas los textos que llevan ": ")',
    ' (check the indentation, and put texts that contain ": " in quotes)',
  ),
  MULTILINE_IMPLICIT_KEY: staffText(
    ' (revisa la sangría, y pon entre comillas los textos que llevan ": ")',
    ' (check the indentation, and put texts that contain ": " in quotes)',
  ),
  TAB_AS_INDENT: staffText(' (usa espacios)', ' (indent with spaces)'),
};

/**
 * A YAML parser error in words for a flow's author: in Spanish from the list of known messages (or
 * what its kind means), in English the parser's own message; with a hint for the usual causes.
 *
 * @example
 * yamlErrorText(error) // { es: 'YAML no válido: no se permiten tabuladores en la sangría (usa espacios)', en: 'invalid YAML: Tabs are not allowed as indentation (indent with spaces)' }
 */
export function yamlErrorText(error: Pick<YAMLError, 'code' | 'message'>): StaffText {
  const hint = HINTS[error.code] ?? staffText('', '');
  return staffText(`YAML no válido: ${spanishOf(error)}${hint.es}`, `invalid YAML: ${error.message}${hint.en}`);
}

function spanishOf(error: Pick<YAMLError, 'code' | 'message'>): string {
  for (const [pattern, spanish] of SPANISH_MESSAGES) {
    const match = pattern.exec(error.message);
    if (match !== null) return spanish.replace('$1', match[1] ?? '');
  }
  return SPANISH_BY_CODE[error.code] ?? 'esta parte no se puede leer';
}
