import type { WeeklyWindow } from '../../app/safe-hours/policy.js';
import { html, type SafeHtml } from './html.js';

const FULL_DAY_NAMES = ['', 'Lunes', 'Martes', 'Miércoles', 'Jueves', 'Viernes', 'Sábado', 'Domingo'];

/**
 * One fieldset a weekday, Monday first, with its "Desde" and "Hasta" times (`dia1_desde` …
 * `dia7_hasta`, as `weeklyWindowsBody` reads them), filled from `windows`; the ids start with `idPrefix`
 * so two such forms can share a page. The end of the day (24:00) shows as 00:00, as a time input says it.
 */
export function weeklyWindowsFields(windows: readonly WeeklyWindow[] | undefined, idPrefix: string): SafeHtml[] {
  return [1, 2, 3, 4, 5, 6, 7].map((day) => {
    const window = windows?.find((w) => w.days.includes(day));
    return html`<fieldset class="horario-dia"><legend>${FULL_DAY_NAMES[day]}</legend>
      <label for="${idPrefix}dia${day}-desde">Desde</label> <input type="time" id="${idPrefix}dia${day}-desde" name="dia${day}_desde" value="${window?.from ?? ''}">
      <label for="${idPrefix}dia${day}-hasta">Hasta</label> <input type="time" id="${idPrefix}dia${day}-hasta" name="dia${day}_hasta" value="${window?.to === '24:00' ? '00:00' : (window?.to ?? '')}">
    </fieldset>`;
  });
}
