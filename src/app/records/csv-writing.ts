/**
 * One CSV field: quoted when it holds a comma, quote or line break; a text starting with `=`, `+`, `-`,
 * `@`, tab or carriage return gets a leading `'`, so a spreadsheet never runs it as a formula. Numbers
 * are written as they are.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A CSV document (CRLF line ends, as RFC 4180 and spreadsheets expect) from a header and rows. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
