import { say, type ImportProblem } from '../../app/records/import-problem.js';

/** A case an import writes to, with the rows of the file that name a BANAVIM folio for it. */
export interface CaseBanavimRows {
  caseId: string;
  /** Her open case's BANAVIM record before the import; `null` for a new case or one without a record. */
  record: { status: 'pending' | 'registered'; folio: string | null } | null;
  /** The rows naming a folio, in the order they happened. */
  rows: { line: number; folio: string }[];
}

/** What the BANAVIM folios of a file do: records to create, pending ones to register, or problems. */
export interface BanavimFolioPlan {
  creates: { caseId: string; folio: string }[];
  registrations: { caseId: string; folio: string }[];
  problems: ImportProblem[];
}

/**
 * Decides the BANAVIM records of an import, case by case in the order the cases first appear in the
 * file (`cases`), each case's rows in the order they happened. A folio is refused when it belongs to
 * another case in the database (`owners`: folio → case) or in the file, when it differs from the folio
 * an earlier row gave the same case, or when her open case is already registered with another folio.
 * A case's first accepted folio creates its record, or registers its pending one.
 */
export function planBanavimFolios(cases: Iterable<CaseBanavimRows>, owners: ReadonlyMap<string, string>): BanavimFolioPlan {
  const plan: BanavimFolioPlan = { creates: [], registrations: [], problems: [] };
  const claimedInFile = new Map<string, { caseId: string; line: number }>();
  for (const { caseId, record, rows } of cases) {
    let chosen: { folio: string; line: number } | null = null;
    for (const { line, folio } of rows) {
      const problem = (text: ImportProblem['problem']) => plan.problems.push({ line, column: 'banavim_folio', problem: text });
      const owner = owners.get(folio);
      const claim = claimedInFile.get(folio);
      if (owner !== undefined && owner !== caseId) problem(say('ya está registrado para otro caso', 'is already registered for another case'));
      else if (claim && claim.caseId !== caseId) problem(say(`repite el folio BANAVIM de la línea ${claim.line}, que es otro caso`, `repeats the BANAVIM folio of line ${claim.line}, which is another case`));
      else if (chosen && chosen.folio !== folio) problem(say(`no coincide con la línea ${chosen.line}, que es el mismo caso (mismo número)`, `differs from line ${chosen.line}, which is the same case (same number)`));
      else if (record?.status === 'registered' && record.folio !== folio) {
        problem(say('su caso abierto ya está registrado en el BANAVIM con otro folio', 'her open case is already registered in BANAVIM with another folio'));
      } else {
        chosen ??= { folio, line };
        claimedInFile.set(folio, { caseId, line });
      }
    }
    if (!chosen) continue;
    if (!record) plan.creates.push({ caseId, folio: chosen.folio });
    else if (record.status === 'pending') plan.registrations.push({ caseId, folio: chosen.folio });
  }
  return plan;
}
