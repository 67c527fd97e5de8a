/**
 * One thing wrong with an import file, located by the file's line (the header is line 1) and column.
 * The text never repeats the cell's value: a misplaced phone number must not reach a log or a screen.
 *
 * @example
 * { line: 7, column: 'telefono', problem: 'must be an E.164 number such as +5219981234567' }
 */
export interface ImportProblem {
  line: number;
  column: string;
  problem: string;
}

/** `line N: column: problem`, the form every import problem is shown and logged in. */
export function formatProblem(p: ImportProblem): string {
  return `line ${p.line}: ${p.column}: ${p.problem}`;
}

/** Orders problems by line (keeping the column order within a line), so a long list reads like the file. */
export function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}
