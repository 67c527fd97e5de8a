import { describe, expect, it } from 'vitest';
import { html, SafeHtml } from '../../src/console/views/html.js';
import { timeAgo } from '../../src/shared/time-ago.js';
import { safeHoursLines, weekdays } from '../../src/console/views/case-panel.js';
import { inboxRowView } from '../../src/console/views/inbox-view.js';
import { messageView } from '../../src/console/views/case-messages.js';
import { dateTime, dayOf, timeOfDay } from '../../src/console/views/format.js';
import { bulletinsPage } from '../../src/console/views/bulletins-page.js';

describe('the html helper', () => {
  it('escapes every interpolation, in content and in attributes', () => {
    const alias = `<script>alert("x")</script> & 'y'`;
    const out = html`<p title="${alias}">${alias}</p>`.toString();
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
  });

  it('keeps nested html, joins arrays and drops null, undefined and false', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.toString()).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
    expect(html`${'x'}`).toBeInstanceOf(SafeHtml);
  });
});

describe('how long ago', () => {
  const now = new Date('2026-11-28T17:00:00Z');
  it.each([
    [0, 'hace un momento'],
    [59_000, 'hace un momento'],
    [5 * 60_000, 'hace 5 min'],
    [59 * 60_000, 'hace 59 min'],
    [3 * 3_600_000, 'hace 3 h'],
    [25 * 3_600_000, 'hace 1 día'],
    [72 * 3_600_000, 'hace 3 días'],
  ])('%i ms → %s', (ms, text) => {
    expect(timeAgo(new Date(now.getTime() - ms), now)).toBe(text);
  });
});

describe('the time of a moment', () => {
  it('reads the quarter past midnight as 00:15 of the new day, never 24:15', () => {
    const afterMidnight = new Date('2026-12-08T05:15:00Z');
    expect(timeOfDay(afterMidnight)).toBe('00:15');
    expect(dateTime(afterMidnight)).toBe('8 dic 2026, 00:15');
    expect(timeOfDay(new Date('2026-12-08T04:59:00Z'))).toBe('23:59');
  });
});

describe('the day of a moment', () => {
  it('is the day in Cancún, not in UTC: a bulletin computed at 21:30 on 30 November says 30 November', () => {
    const evening = new Date('2026-12-01T02:30:00Z');
    expect(dayOf(evening)).toBe('30 nov 2026');
    const page = bulletinsPage({
      viewer: { role: 'coordinator', displayName: 'Coordinación' },
      csrfToken: 't',
      bulletins: [{ id: '0193', from: '2026-11-01', to: '2026-11-30', createdAt: evening }],
    }).toString();
    expect(page).toContain('<td>30 nov 2026</td>');
    expect(page).not.toContain('2026-12-01');
  });
});

describe('safe hours in plain words', () => {
  it('names weekday runs and lists windows and blocked periods still to come', () => {
    expect(weekdays([1, 2, 3, 4, 5])).toBe('lun–vie');
    expect(weekdays([6, 1, 3])).toBe('lun, mié, sáb');
    expect(weekdays([1, 2, 4, 5, 6, 7])).toBe('lun, mar, jue–dom');
    const lines = safeHoursLines(
      {
        windows: [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '13:00' }],
        blocked: [
          { from: '2026-12-24T00:00:00-05:00', to: '2026-12-26T00:00:00-05:00', reason: 'visita familiar' },
          { from: '2026-01-01T00:00:00-05:00', to: '2026-01-02T00:00:00-05:00' },
        ],
      },
      new Date('2026-11-28T17:00:00Z'),
    );
    expect(lines).toHaveLength(2);
    expect(lines![0]).toBe('lun–vie, de 10:00 a 13:00');
    expect(lines![1]).toMatch(/^Sin contacto del 24 dic 2026.* \(visita familiar\)$/);
  });

  it('falls back to the default hours when none are stored or they cannot be read', () => {
    expect(safeHoursLines(null, new Date())).toBeNull();
    expect(safeHoursLines({ windows: 'siempre' }, new Date())).toBeNull();
  });
});

describe('rows and messages', () => {
  const now = new Date('2026-11-28T17:00:00Z');
  it('shows her alias, the reason and the time, never anything it was not given', () => {
    const row = inboxRowView(
      {
        caseId: '0193b5d6-3c1e-7000-8000-000000000001',
        folio: 'QR-2026-0412',
        alias: 'Luz <b>',
        group: 'urgent',
        reason: 'Palabra de emergencia',
        since: new Date(now.getTime() - 5 * 60_000),
        heldByName: null,
        heldByMe: false,
        assignedName: 'Ana',
        sortKey: 1,
      },
      now,
    ).toString();
    expect(row).toContain('Luz &lt;b&gt;');
    expect(row).toContain('Palabra de emergencia');
    expect(row).toContain('hace 5 min');
    expect(row).toContain('Asignada a Ana');
    expect(row).toContain('Folio QR-2026-0412');
    expect(row).toContain('data-group="urgent"');
  });

  it('labels each message with its author and escapes its text', () => {
    const base = { id: 'c1', caseId: 'k1', at: now, flowId: null, status: 'sent', kind: 'text', media: null, location: null, edited: null, deletedAt: null } as const;
    expect(messageView({ ...base, direction: 'inbound', author: 'survivor', staffName: null, text: '<i>hola</i>', status: 'received' }, 'Luz').toString())
      .toContain('<p class="mensaje__autor">Luz</p>');
    const staff = messageView({ ...base, direction: 'outbound', author: 'staff', staffName: 'Ana', text: 'Aquí estoy' }, 'Luz').toString();
    expect(staff).toContain('<p class="mensaje__autor">Ana</p>');
    expect(staff).toContain('enviado');
    expect(messageView({ ...base, direction: 'outbound', author: 'bot', staffName: null, text: null }, 'Luz').toString()).toContain('texto eliminado');
  });

  it('names each kind of file honestly, and never calls a file without a caption a removed text', () => {
    const base = {
      id: '0193a1b2-0000-7000-8000-000000000001',
      caseId: '0193a1b2-0000-7000-8000-0000000000aa',
      at: now,
      flowId: null,
      status: 'received',
      direction: 'inbound',
      author: 'survivor',
      staffName: null,
      text: null,
      location: null,
      edited: null,
      deletedAt: null,
    } as const;
    const url = `/casos/${base.caseId}/mensajes/${base.id}/archivo`;
    const stored = { status: 'stored', mime: 'audio/ogg', byteSize: 48_000, kept: true } as const;
    const voice = messageView({ ...base, kind: 'voice', media: stored }, 'Luz').toString();
    expect(voice).toContain('Nota de voz · 47 KB');
    expect(voice).toContain(`<audio controls preload="none" src="${url}"`);
    expect(voice).not.toContain('texto eliminado');
    const image = messageView({ ...base, kind: 'image', text: 'AYUDA por favor', media: { ...stored, mime: 'image/jpeg' } }, 'Luz').toString();
    expect(image).toContain(`<img src="${url}" alt="Imagen que envió Luz"`);
    expect(image).toContain('<p class="mensaje__texto">AYUDA por favor</p>');
    expect(messageView({ ...base, kind: 'document', media: { ...stored, mime: 'application/pdf' } }, 'Luz').toString()).toContain('Descargar documento (47 KB)');
    expect(messageView({ ...base, kind: 'video', media: { status: 'too_large', mime: 'video/mp4', byteSize: 30 * 1024 * 1024, kept: false } }, 'Luz').toString())
      .toContain('Video · 30.0 MB</p><p class="mensaje__texto mensaje__texto--borrado">(demasiado grande');
    expect(messageView({ ...base, kind: 'voice', media: { ...stored, kept: false } }, 'Luz').toString()).toContain('(archivo eliminado por la política de retención)');
    expect(messageView({ ...base, kind: 'voice', media: null }, 'Luz').toString()).toContain('(el archivo no se guardó)');
    const place = messageView({ ...base, kind: 'location', media: null, location: { lat: 21.1619, lng: -86.8515 } }, 'Luz').toString();
    expect(place).toContain('21.16190, -86.85150');
    expect(place).toContain('href="https://www.openstreetmap.org/?mlat=21.161900&amp;mlon=-86.851500');
    for (const html of [voice, image, place]) expect(html).not.toContain('texto eliminado');
  });
});
