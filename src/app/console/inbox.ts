import { canSeeCase, isUrgent } from './policy.js';
import type { InboxCase, InboxQueries, StaffIdentity } from './ports.js';
import { INBOX_GROUPS, type InboxGroup } from './inbox-groups.js';

export { INBOX_GROUPS, type InboxGroup };

/**
 * One inbox row: her alias (never her number), why she is there and since when.
 *
 * @example
 * { "caseId": "0193…", "alias": "Luz", "group": "urgent", "reason": "Palabra de emergencia",
 *   "since": "2026-11-28T17:00:00.000Z", "heldByName": null, "heldByMe": false, "assignedName": "Ana", "sortKey": 1796…}
 */
export interface InboxRow {
  caseId: string;
  /** The 911 unit's folio, or `null`. */
  folio: string | null;
  alias: string;
  group: InboxGroup;
  reason: string;
  since: Date;
  heldByName: string | null;
  heldByMe: boolean;
  assignedName: string | null;
  /** Order within the group, ascending: oldest first, except the bot's section, most recent activity first. */
  sortKey: number;
}

/** The section a case belongs in. */
export function inboxGroupOf(c: InboxCase): InboxGroup {
  if (isUrgent({ urgency: c.urgency, hasOpenUrgentAlert: c.openAlerts.some((a) => a.urgency === 'urgent') })) return 'urgent';
  if (c.attention === 'with_person') return 'held';
  // An open alert is something a person must look at (a failed delivery, a file the bot did not read,
  // a reminder not sent), even while the bot goes on talking with her.
  if (c.attention === 'waiting_person' || c.openAlerts.length > 0) return 'waiting';
  return 'bot';
}

const DEFAULT_REASON: Record<Exclude<InboxGroup, 'bot'>, string> = {
  urgent: 'Urgente',
  waiting: 'Espera a una persona',
  held: 'Conversación con una persona',
};

/** Builds the row of a case as `staff` sees it. */
export function inboxRow(c: InboxCase, staff: StaffIdentity): InboxRow {
  const group = inboxGroupOf(c);
  const urgentAlert = c.openAlerts.find((a) => a.urgency === 'urgent');
  const firstAlert = c.openAlerts[0];
  const reason =
    group === 'bot'
      ? (c.attentionReason ?? (c.botConversation ? 'Conversación con el bot en curso' : 'Sin conversación en curso'))
      : (c.attentionReason ?? urgentAlert?.reason ?? firstAlert?.reason ?? DEFAULT_REASON[group]);
  const since =
    group === 'bot'
      ? (c.lastContactAt ?? c.createdAt)
      : (c.attentionSince ?? firstAlert?.createdAt ?? c.lastContactAt ?? c.createdAt);
  return {
    caseId: c.id,
    folio: c.folio ?? null,
    alias: c.alias,
    group,
    reason,
    since,
    heldByName: c.heldByName,
    heldByMe: c.heldById === staff.id,
    assignedName: c.assignedName,
    sortKey: group === 'bot' ? -since.getTime() : urgentRank(group, c) * URGENT_TIER_MS + since.getTime(),
  };
}

/** The alert kinds of danger now: her emergency word, her code word. */
const DANGER_NOW: ReadonlySet<string> = new Set(['emergency_word', 'code_word']);

/** Wider than any time as milliseconds: each urgent tier sorts after every case of the tier before. */
const URGENT_TIER_MS = 1e15;

/**
 * The tier of a case within the urgent section: danger now (an open emergency-word or code-word
 * alert) that nobody holds first, then other urgent cases nobody holds (missed check-ins, failed
 * deliveries), then those a person already holds. Other sections have one tier.
 */
function urgentRank(group: InboxGroup, c: InboxCase): number {
  if (group !== 'urgent') return 0;
  if (c.attention === 'with_person') return 2;
  return c.openAlerts.some((a) => DANGER_NOW.has(a.kind)) ? 0 : 1;
}

/**
 * Inbox order: by section, then oldest first within it (the bot's section: latest activity first; the
 * urgent one by tier first, see `urgentRank`).
 */
export function compareInboxRows(a: InboxRow, b: InboxRow): number {
  return (
    INBOX_GROUPS.indexOf(a.group) - INBOX_GROUPS.indexOf(b.group) ||
    a.sortKey - b.sortKey ||
    a.caseId.localeCompare(b.caseId)
  );
}

/** Whether the case belongs in `staff`'s inbox: open and visible to them. */
function inInbox(staff: StaffIdentity, c: InboxCase): boolean {
  const hasOpenUrgentAlert = c.openAlerts.some((a) => a.urgency === 'urgent');
  return c.status === 'open' && canSeeCase(staff, { ...c, hasOpenUrgentAlert });
}

/** The rows of `cases` in `staff`'s inbox (open and visible to them), in inbox order. Admins have none. */
export function inboxRowsOf(staff: StaffIdentity, cases: readonly InboxCase[]): InboxRow[] {
  if (staff.role === 'admin') return [];
  return cases
    .filter((c) => inInbox(staff, c))
    .map((c) => inboxRow(c, staff))
    .sort(compareInboxRows);
}

/** One case's row in `staff`'s inbox, or `null` when it is not (or no longer) there: what live updates fetch. */
export async function inboxRowOf(deps: { inbox: InboxQueries }, staff: StaffIdentity, caseId: string): Promise<InboxRow | null> {
  if (staff.role === 'admin') return null;
  const c = await deps.inbox.inboxCase(caseId);
  return c && inInbox(staff, c) ? inboxRow(c, staff) : null;
}
