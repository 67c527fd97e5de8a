/** The psychologist's "Mis sesiones": the case of each session, its status, the video link on its day. */
import { describe, expect, it } from 'vitest';
import type { CalendarEntry } from '../../src/app/appointments/calendar.js';
import { mySessionsPage } from '../../src/console/views/my-sessions-page.js';

// Monday 7 December 2026, 09:00 in Cancún (UTC−5).
const now = new Date('2026-12-07T14:00:00Z');

function entry(id: string, startsAt: string, status: CalendarEntry['status'] = 'confirmed'): CalendarEntry {
  const start = new Date(startsAt);
  return {
    id,
    caseId: `0193b5d6-3c1e-7000-8000-00000000000${id.slice(-1)}`,
    staffId: 'ana',
    startsAt: start,
    endsAt: new Date(start.getTime() + 50 * 60_000),
    status,
    videoRoom: `sala-${id}`,
    reminderDaySentAt: null,
    reminderHourSentAt: null,
    linkSentAt: null,
    alias: `Persona ${id}`,
  };
}

function render(entries: CalendarEntry[]): string {
  return mySessionsPage({ viewer: { displayName: 'Ana', role: 'psychologist' }, csrfToken: 't', entries, now, videoBaseUrl: 'https://video.test/' }).toString();
}

describe('Mis sesiones', () => {
  it('links each session to its case and says its status', () => {
    const page = render([entry('s1', '2026-12-09T16:00:00Z', 'proposed')]);
    expect(page).toContain('href="/casos/0193b5d6-3c1e-7000-8000-000000000001"');
    expect(page).toContain('Estado: Propuesta, sin confirmar');
  });

  it('shows the video link with a copy button on the day of the session only', () => {
    const page = render([entry('s2', '2026-12-07T20:00:00Z'), entry('s3', '2026-12-08T15:00:00Z')]);
    expect(page).toContain('value="https://video.test/sala-s2"');
    expect(page).toContain('data-copiar="enlace-s2"');
    expect(page).not.toContain('sala-s3');
  });

  it('shows no link for a cancelled session, even on its day', () => {
    expect(render([entry('s4', '2026-12-07T20:00:00Z', 'cancelled')])).not.toContain('sala-s4');
  });
});
