import { describe, expect, it } from 'vitest';
import { compareInboxRows, inboxGroupOf, inboxRow } from '../../src/app/console/inbox.js';
import { canSeeCase } from '../../src/app/console/policy.js';
import type { InboxCase } from '../../src/app/console/ports.js';

const ANA = { id: 'ana', role: 'psychologist' } as const;
const at = (minutesAgo: number) => new Date(Date.UTC(2026, 10, 28, 17, 0) - minutesAgo * 60_000);

function inboxCase(id: string, patch: Partial<InboxCase>): InboxCase {
  return {
    id,
    alias: id,
    status: 'open',
    attention: 'bot',
    urgency: 'none',
    attentionReason: null,
    attentionSince: null,
    heldById: null,
    heldByName: null,
    assignedStaffId: 'ana',
    assignedName: 'Ana',
    openAlerts: [],
    botConversation: false,
    lastContactAt: null,
    createdAt: at(10_000),
    ...patch,
  };
}

describe('inbox order', () => {
  it('puts urgent first, then waiting for a person, with a person, with the bot; oldest first within each (urgent: by tier first)', () => {
    const cases = [
      inboxCase('bot-old', { botConversation: true, lastContactAt: at(90) }),
      inboxCase('bot-recent', { botConversation: true, lastContactAt: at(2) }),
      inboxCase('held', { attention: 'with_person', heldById: 'bea', heldByName: 'Bea', attentionSince: at(30) }),
      inboxCase('waiting-new', { attention: 'waiting_person', attentionReason: 'Pidió hablar con alguien', attentionSince: at(3) }),
      inboxCase('waiting-old', { attention: 'waiting_person', attentionReason: 'Pidió hablar con alguien', attentionSince: at(40) }),
      inboxCase('urgent-new', { attention: 'waiting_person', urgency: 'urgent', attentionReason: 'Palabra de emergencia', attentionSince: at(1) }),
      inboxCase('urgent-by-alert', {
        openAlerts: [{ kind: 'missed_checkins', urgency: 'urgent', reason: '2 seguimientos sin respuesta', createdAt: at(20) }],
      }),
      inboxCase('urgent-held', { attention: 'with_person', urgency: 'urgent', heldById: 'ana', heldByName: 'Ana', attentionSince: at(50) }),
    ];
    const rows = cases.map((c) => inboxRow(c, ANA)).sort(compareInboxRows);
    expect(rows.map((r) => r.caseId)).toEqual([
      'urgent-by-alert',
      'urgent-new',
      // A person already talks with her: after the urgent cases nobody holds.
      'urgent-held',
      'waiting-old',
      'waiting-new',
      'held',
      'bot-recent',
      'bot-old',
    ]);
    const byId = new Map(rows.map((r) => [r.caseId, r]));
    expect(byId.get('urgent-by-alert')).toMatchObject({ group: 'urgent', reason: '2 seguimientos sin respuesta', since: at(20) });
    expect(byId.get('urgent-held')).toMatchObject({ heldByMe: true });
    expect(byId.get('bot-old')).toMatchObject({ reason: 'Conversación con el bot en curso' });
    expect(inboxRow(inboxCase('quiet', {}), ANA).reason).toBe('Sin conversación en curso');
  });

  it('puts danger now (her emergency word, her code word) first among the urgent cases nobody holds, however recent', () => {
    const alert = (kind: string, minutesAgo: number) => ({ kind, urgency: 'urgent' as const, reason: kind, createdAt: at(minutesAgo) });
    const cases = [
      inboxCase('sin-respuesta-vieja', { urgency: 'urgent', attention: 'waiting_person', openAlerts: [alert('missed_checkins', 3_000)] }),
      inboxCase('clave-reciente', { urgency: 'urgent', attention: 'waiting_person', openAlerts: [alert('code_word', 1)] }),
      inboxCase('emergencia-tomada', { urgency: 'urgent', attention: 'with_person', heldById: 'bea', heldByName: 'Bea', openAlerts: [alert('emergency_word', 5_000)] }),
      inboxCase('emergencia', { urgency: 'urgent', attention: 'waiting_person', openAlerts: [alert('emergency_word', 10)] }),
      inboxCase('entrega-fallida', { urgency: 'urgent', attention: 'waiting_person', openAlerts: [alert('delivery_failed', 4_000)] }),
    ];
    expect(cases.map((c) => inboxRow(c, ANA)).sort(compareInboxRows).map((r) => r.caseId)).toEqual([
      'emergencia',
      'clave-reciente',
      'entrega-fallida',
      'sin-respuesta-vieja',
      'emergencia-tomada',
    ]);
  });

  it('groups by urgency before attention', () => {
    expect(inboxGroupOf(inboxCase('x', { attention: 'with_person', urgency: 'urgent' }))).toBe('urgent');
    expect(inboxGroupOf(inboxCase('x', { urgency: 'normal', attention: 'waiting_person' }))).toBe('waiting');
    expect(inboxGroupOf(inboxCase('x', { attention: 'stopped' }))).toBe('bot');
  });

  it('puts a case with an open alert among those waiting for a person, while the bot goes on talking with her', () => {
    const alert = (kind: string) => ({ kind, urgency: 'normal' as const, reason: 'Envió una imagen con texto; el bot solo leyó el texto: revisa el archivo.', createdAt: at(12) });
    for (const kind of ['handoff', 'delivery_failed', 'reminder_skipped', 'rate_limited']) {
      expect(inboxGroupOf(inboxCase('x', { botConversation: true, openAlerts: [alert(kind)] }))).toBe('waiting');
    }
    expect(inboxRow(inboxCase('x', { botConversation: true, openAlerts: [alert('handoff')] }), ANA)).toMatchObject({
      group: 'waiting',
      reason: 'Envió una imagen con texto; el bot solo leyó el texto: revisa el archivo.',
      since: at(12),
    });
    expect(inboxGroupOf(inboxCase('x', { attention: 'with_person', openAlerts: [alert('handoff')] }))).toBe('held');
  });
});

describe('who sees a case', () => {
  const base = { status: 'open' as const, assignedStaffId: null, heldById: null, urgency: 'none' as const, hasOpenUrgentAlert: false };
  it.each([
    ['her own case', { ...base, assignedStaffId: 'ana' }, true],
    ['a case she holds', { ...base, assignedStaffId: 'bea', heldById: 'ana' }, true],
    ['another psychologist’s case', { ...base, assignedStaffId: 'bea' }, false],
    ['another psychologist’s urgent case', { ...base, assignedStaffId: 'bea', urgency: 'urgent' as const }, false],
    ['an unassigned urgent case', { ...base, urgency: 'urgent' as const }, true],
    ['an unassigned case with an urgent alert', { ...base, hasOpenUrgentAlert: true }, true],
    ['an unassigned calm case', base, false],
    ['an unassigned urgent closed case', { ...base, urgency: 'urgent' as const, status: 'closed' as const }, false],
  ])('a psychologist: %s → %s', (_name, facts, visible) => {
    expect(canSeeCase(ANA, facts)).toBe(visible);
  });

  it('coordinators see every case; admins none', () => {
    const facts = { ...base, assignedStaffId: 'bea' };
    expect(canSeeCase({ id: 'c', role: 'coordinator' }, facts)).toBe(true);
    expect(canSeeCase({ id: 'a', role: 'admin' }, { ...facts, assignedStaffId: 'a' })).toBe(false);
  });
});
