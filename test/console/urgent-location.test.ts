import { describe, expect, it } from 'vitest';
import { urgentLocation } from '../../src/app/console/urgent-location.js';
import type { HistoryMessage } from '../../src/app/console/ports.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 28, 17, minutes));
const place = (id: string, minutes: number, lat = 21.16): HistoryMessage => ({
  id, caseId: 'k', direction: 'inbound', author: 'survivor', staffName: null, text: null, status: 'received', at: at(minutes), flowId: null,
  kind: 'location', media: null, location: { lat, lng: -86.85 }, edited: null, deletedAt: null,
});
const alert = (kind: string, minutes: number) => ({ id: kind, kind, urgency: 'urgent' as const, reason: kind, createdAt: at(minutes) });

describe('the place shown atop the urgent alert', () => {
  it('is the latest place shared within 10 minutes of an emergency word, before or after', () => {
    const record = { urgency: 'normal' as const, attentionSince: null, openAlerts: [alert('emergency_word', 20)] };
    expect(urgentLocation(record, [place('a', 5), place('b', 12), place('c', 29)])?.contactId).toBe('c');
    expect(urgentLocation(record, [place('a', 5), place('b', 12)])?.contactId).toBe('b');
    expect(urgentLocation(record, [place('a', 5), place('far', 31)])).toBeNull();
  });

  it('is a place shared near her own words of danger too (a risk signal), though the case is not urgent', () => {
    const record = { urgency: 'none' as const, attentionSince: null, openAlerts: [alert('risk_signal', 20)] };
    expect(urgentLocation(record, [place('a', 5), place('near', 24)])?.contactId).toBe('near');
    expect(urgentLocation({ ...record, openAlerts: [alert('delivery_failed', 20)] }, [place('near', 24)])).toBeNull();
  });

  it('is any place shared while the case is urgent; none on a calm case', () => {
    const urgent = { urgency: 'urgent' as const, attentionSince: at(30), openAlerts: [alert('handoff', 30)] };
    expect(urgentLocation(urgent, [place('before', 1), place('during', 45)])?.contactId).toBe('during');
    expect(urgentLocation({ urgency: 'none', attentionSince: null, openAlerts: [] }, [place('a', 45)])).toBeNull();
  });
});
