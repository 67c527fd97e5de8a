/** A header and rows as the 911 unit's interventions CSV, with the `extra` columns (as headed) after the usual ones. */
export function interventionsCsv(rows: readonly Partial<Record<string, string>>[], extra: readonly string[] = []): string {
  const columns = ['folio', 'fecha_hora', 'servicio', 'vertiente', 'canal', 'telefono', 'alias', 'consentimiento_seguimiento', 'banavim_folio', ...extra];
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))].join('\n') + '\n';
}

/** One valid row, with what the test overrides. */
export function row(overrides: Partial<Record<string, string>> = {}): Record<string, string> {
  return {
    folio: 'QR-2026-000001',
    fecha_hora: '2026-01-15T22:30:00-05:00',
    servicio: 'psicologica',
    vertiente: 'intervencion_12_48h',
    canal: 'telefono_911',
    telefono: '',
    alias: '',
    consentimiento_seguimiento: 'no',
    banavim_folio: '',
    ...overrides,
  } as Record<string, string>;
}
