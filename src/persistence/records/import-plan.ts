import { say, type ImportProblem } from '../../app/records/import-problem.js';
import type { InterventionRow } from '../../app/records/intervention-row.js';

/** What the database already holds that an import must agree with. */
export interface ImportSnapshot {
  /** Intervention folios already imported. */
  existingFolios: ReadonlySet<string>;
  /** Survivors found by phone hash, with their open case (the newest, when there are several). */
  survivorsByHash: ReadonlyMap<string, { id: string; openCase: ExistingCase | null }>;
  /** `Case.folio` values already taken. */
  caseFolios: ReadonlySet<string>;
  /** BANAVIM folios already stored, and the case each belongs to. */
  banavimFolioOwners: ReadonlyMap<string, string>;
}

/** An open case an imported intervention may join. */
export interface ExistingCase {
  id: string;
  interventionAt: Date | null;
  banavim: { status: 'pending' | 'registered'; folio: string | null } | null;
}

/** Every write of one import, decided before the first one is made. */
export interface ImportPlan {
  unchanged: number;
  survivors: { id: string; alias: string; phoneHash: string | null; phone: string | null }[];
  cases: { id: string; folio: string; survivorId: string; interventionAt: Date }[];
  /** Open cases that got a later intervention: their `interventionAt` moves to it. */
  movedInterventionAt: { caseId: string; interventionAt: Date }[];
  interventions: { caseId: string; row: InterventionRow }[];
  consents: { survivorId: string; granted: boolean; recordedAt: Date }[];
  /** BANAVIM records to create as registered, or to move from pending to registered. */
  banavimCreates: { caseId: string; folio: string }[];
  banavimRegistrations: { caseId: string; folio: string }[];
  /** Cases where a row granted follow-up consent and left a number: enrolment candidates. */
  followUpCandidates: { caseId: string; survivorId: string }[];
}

/** The default alias when the 911 call left none. */
export const NO_ALIAS = 'Sin alias';

interface Group {
  survivorId: string;
  caseId: string;
  rows: InterventionRow[];
  /** Set when the survivor and case are created by this import. */
  newSurvivor: ImportPlan['survivors'][number] | null;
  newCase: ImportPlan['cases'][number] | null;
}

/**
 * Decides how new rows become survivors, cases, interventions, consents and BANAVIM records:
 * - a row's number finds her survivor (by keyed hash); rows without a number get a survivor each;
 * - her rows join her open case when she has one, otherwise they open one case together, whose
 *   `Case.folio` is the folio of her earliest new row;
 * - rows whose folio was imported before are left alone.
 * Returns the conflicts with the database or within the file instead, as `line N: column: problem`.
 */
export function planImport(
  rows: readonly InterventionRow[],
  snapshot: ImportSnapshot,
  tools: { hashOf: (row: InterventionRow) => string | null; newId: () => string },
): { ok: true; plan: ImportPlan } | { ok: false; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const fresh = rows
    .filter((r) => !snapshot.existingFolios.has(r.folio))
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.fileLine - b.fileLine);
  const plan: ImportPlan = {
    unchanged: rows.length - fresh.length,
    survivors: [],
    cases: [],
    movedInterventionAt: [],
    interventions: [],
    consents: [],
    banavimCreates: [],
    banavimRegistrations: [],
    followUpCandidates: [],
  };

  const groups = new Map<string, Group>();
  const existingCaseOf = new Map<string, ExistingCase>();
  for (const row of fresh) {
    const hash = tools.hashOf(row);
    const key = hash ?? `line:${row.fileLine}`;
    let group = groups.get(key);
    if (!group) {
      const known = hash ? snapshot.survivorsByHash.get(hash) : undefined;
      if (!known?.openCase && snapshot.caseFolios.has(row.folio)) {
        problems.push({ line: row.fileLine, column: 'folio', problem: say('ya es el folio de un caso que no vino de un archivo', 'is already the folio of a case that was not imported') });
        continue;
      }
      const newSurvivor = known ? null : { id: tools.newId(), alias: row.alias ?? NO_ALIAS, phoneHash: hash, phone: row.phone ?? null };
      if (newSurvivor) plan.survivors.push(newSurvivor);
      const survivorId = known?.id ?? newSurvivor!.id;
      if (known?.openCase) existingCaseOf.set(known.openCase.id, known.openCase);
      const newCase = known?.openCase ? null : { id: tools.newId(), folio: row.folio, survivorId, interventionAt: row.occurredAt };
      if (newCase) plan.cases.push(newCase);
      group = { survivorId, caseId: known?.openCase?.id ?? newCase!.id, rows: [], newSurvivor, newCase };
      groups.set(key, group);
    }
    if (group.newSurvivor?.alias === NO_ALIAS && row.alias) group.newSurvivor.alias = row.alias;
    group.rows.push(row);
    plan.interventions.push({ caseId: group.caseId, row });
    plan.consents.push({ survivorId: group.survivorId, granted: row.followUpConsent, recordedAt: row.occurredAt });
  }

  for (const group of groups.values()) {
    const latest = group.rows[group.rows.length - 1]!.occurredAt;
    if (group.newCase) group.newCase.interventionAt = latest;
    const existing = existingCaseOf.get(group.caseId);
    if (existing && (!existing.interventionAt || existing.interventionAt < latest)) {
      plan.movedInterventionAt.push({ caseId: group.caseId, interventionAt: latest });
    }
    if (group.rows.some((r) => r.followUpConsent && r.phone)) {
      plan.followUpCandidates.push({ caseId: group.caseId, survivorId: group.survivorId });
    }
  }

  planBanavim([...groups.values()], existingCaseOf, snapshot, plan, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan };
}

function planBanavim(
  groups: Group[],
  existingCaseOf: ReadonlyMap<string, ExistingCase>,
  snapshot: ImportSnapshot,
  plan: ImportPlan,
  problems: ImportProblem[],
): void {
  const claimedInFile = new Map<string, { caseId: string; line: number }>();
  for (const group of groups) {
    let chosen: { folio: string; line: number } | null = null;
    for (const row of group.rows) {
      const folio = row.banavimFolio;
      if (!folio) continue;
      const problem = (text: ImportProblem['problem']) => problems.push({ line: row.fileLine, column: 'banavim_folio', problem: text });
      const owner = snapshot.banavimFolioOwners.get(folio);
      const claim = claimedInFile.get(folio);
      if (owner !== undefined && owner !== group.caseId) problem(say('ya está registrado para otro caso', 'is already registered for another case'));
      else if (claim && claim.caseId !== group.caseId) problem(say(`repite el folio BANAVIM de la línea ${claim.line}, que es otro caso`, `repeats the BANAVIM folio of line ${claim.line}, which is another case`));
      else if (chosen && chosen.folio !== folio) problem(say(`no coincide con la línea ${chosen.line}, que es el mismo caso (mismo número)`, `differs from line ${chosen.line}, which is the same case (same number)`));
      else {
        const registered = existingCaseOf.get(group.caseId)?.banavim;
        if (registered?.status === 'registered' && registered.folio !== folio) {
          problem(say('su caso abierto ya está registrado en el BANAVIM con otro folio', 'her open case is already registered in BANAVIM with another folio'));
        } else {
          chosen ??= { folio, line: row.fileLine };
          claimedInFile.set(folio, { caseId: group.caseId, line: row.fileLine });
        }
      }
    }
    if (!chosen) continue;
    const record = existingCaseOf.get(group.caseId)?.banavim;
    if (!record) plan.banavimCreates.push({ caseId: group.caseId, folio: chosen.folio });
    else if (record.status === 'pending') plan.banavimRegistrations.push({ caseId: group.caseId, folio: chosen.folio });
  }
}
