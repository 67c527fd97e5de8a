import { INBOX_GROUPS, inboxRowsOf, type InboxGroup, type InboxRow } from './inbox.js';
import type { InboxQueries, StaffIdentity } from './ports.js';

/** Rows shown per section when every section is shown. */
export const ROWS_PER_SECTION = 25;
/** Rows per page when one section is shown on its own. */
export const ROWS_PER_PAGE = 50;
/** The longest search text taken (a folio or an alias is far shorter). */
export const SEARCH_MAX_LENGTH = 100;

/**
 * What a staff member asked the inbox for: a search text, one section, one psychologist's cases
 * (`'none'`: unassigned ones) and a page of that section.
 *
 * @example
 * { "text": "QR-2026", "section": "bot", "psychologistId": "0193…", "page": 2 }
 */
export interface InboxSearch {
  text?: string | undefined;
  section?: InboxGroup | undefined;
  psychologistId?: string | 'none' | undefined;
  /** 1-based page of the section shown; ignored when every section is shown. */
  page?: number | undefined;
}

/** One section as shown: how many cases it holds in all, and the rows of the page shown. */
export interface InboxSectionPage {
  group: InboxGroup;
  total: number;
  rows: InboxRow[];
  /** The page shown (1-based) and how many there are; one page when every section is shown. */
  page: number;
  pages: number;
  /** More rows than shown (every section shown): the page of this section alone lists them. */
  truncated: boolean;
}

/** The answer to an {@link InboxSearch}: the sections shown, in inbox order, and the count of each. */
export interface InboxResult {
  search: InboxSearch;
  counts: Record<InboxGroup, number>;
  sections: InboxSectionPage[];
}

/** The search text as used: trimmed, inner spaces collapsed, at most {@link SEARCH_MAX_LENGTH}; empty → undefined. */
export function normalizeSearchText(text: string | undefined): string | undefined {
  const cleaned = (text ?? '').trim().replace(/\s+/g, ' ').slice(0, SEARCH_MAX_LENGTH);
  return cleaned === '' ? undefined : cleaned;
}

/**
 * The inbox of `staff` narrowed by a search (folio, alias or case-id prefix; never phone numbers or
 * message texts, which are encrypted and not searched), a psychologist and a section; every section
 * counted, each shown up to {@link ROWS_PER_SECTION} rows, or one section paged by {@link ROWS_PER_PAGE}.
 * The store counts, orders and pages (a unit's thousands of open cases are never all read); only the
 * rows shown are built here.
 */
export async function searchInbox(deps: { inbox: InboxQueries }, staff: StaffIdentity, search: InboxSearch): Promise<InboxResult> {
  const text = normalizeSearchText(search.text);
  const assignedTo = search.psychologistId === undefined ? undefined : search.psychologistId === 'none' ? null : search.psychologistId;
  const shown = search.section ? [search.section] : INBOX_GROUPS;
  const size = search.section ? ROWS_PER_PAGE : ROWS_PER_SECTION;
  const requested = search.section ? Math.max(1, search.page ?? 1) : 1;
  const { counts, cases } =
    staff.role === 'admin'
      ? { counts: Object.fromEntries(INBOX_GROUPS.map((g) => [g, 0])) as Record<InboxGroup, number>, cases: [] }
      : await deps.inbox.openCasesWindow(staff, { text, assignedTo }, { sections: shown, page: requested, size });
  const rows = inboxRowsOf(staff, cases);
  const sections = shown.map((group): InboxSectionPage => {
    const total = counts[group];
    const pages = search.section ? Math.max(1, Math.ceil(total / size)) : 1;
    return {
      group,
      total,
      rows: rows.filter((row) => row.group === group),
      page: Math.min(requested, pages),
      pages,
      truncated: !search.section && total > size,
    };
  });
  return { search: { ...search, text }, counts, sections };
}

/**
 * How many of the cases `staff` may see are urgent now: what every console page's menu shows beside
 * «Bandeja», so a psychologist in another conversation sees an emergency come in. Counted by the
 * store like the inbox (one row read at most).
 */
export async function urgentCount(deps: { inbox: InboxQueries }, staff: StaffIdentity): Promise<number> {
  if (staff.role === 'admin') return 0;
  const { counts } = await deps.inbox.openCasesWindow(staff, {}, { sections: ['urgent'], page: 1, size: 1 });
  return counts.urgent;
}

