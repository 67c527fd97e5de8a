import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInterventions } from '../../src/app/records/import-interventions.js';
import { formatProblem } from '../../src/app/records/import-problem.js';
import { prismaInterventionImportStore } from '../../src/persistence/records/intervention-import-store.js';
import { prismaBanavimStore } from '../../src/persistence/records/banavim-store.js';
import { createRecordsContext, fixedClock, type RecordsContext } from './support/records-context.js';
import { interventionsCsv, row } from './support/csv-rows.js';

let ctx: RecordsContext;
let staffId: string;
const clock = fixedClock('2026-04-02T15:00:00Z');

beforeAll(async () => {
  ctx = await createRecordsContext();
  staffId = (await ctx.db.staff.create({ data: { email: 'coordinacion@test.invalid', displayName: 'Coordinación', role: 'coordinator' } })).id;
});

afterAll(async () => {
  await ctx?.close();
});

const importDeps = () => ({ store: prismaInterventionImportStore(ctx.db, ctx.privacy), checkIns: ctx.checkIns, clock, log: ctx.log });

describe('an import and a console registration claiming the same BANAVIM folio at once', () => {
  it('give the folio to one of them; the other is refused in words, never with a database error, and the import stays all or nothing', async () => {
    for (let round = 0; round < 12; round += 1) {
      // A case already known, which the console registers...
      const known = await importInterventions(importDeps(), { csv: interventionsCsv([row({ folio: `QR-K${round}` })]), actor: { staffId, via: 'cli' } });
      expect(known.ok).toBe(true);
      const folio = `BNV-RACE-${round}`;
      // ...while a file brings a new case with the same national folio.
      const file = interventionsCsv([row({ folio: `QR-N${round}a` }), row({ folio: `QR-N${round}b`, banavim_folio: folio })]);
      const [imported, registered] = await Promise.all([
        importInterventions(importDeps(), { csv: file, actor: { staffId, via: 'cli' } }),
        prismaBanavimStore(ctx.db, ctx.privacy).register({ caseRef: `QR-K${round}`, folio, actor: { staffId, via: 'console' }, at: clock.now() }),
      ]);
      const owner = await ctx.db.banavimRecord.findUniqueOrThrow({ where: { folio }, include: { case: true } });
      if (registered.kind === 'registered') {
        expect(owner.case.folio).toBe(`QR-K${round}`);
        expect(imported.ok).toBe(false);
        if (!imported.ok) expect(imported.problems.map(formatProblem)).toEqual(['line 3: banavim_folio: is already registered for another case']);
        // Nothing of the refused file was written.
        expect(await ctx.db.intervention.count({ where: { folio: { startsWith: `QR-N${round}` } } })).toBe(0);
      } else {
        expect(registered).toMatchObject({ kind: 'folio_in_use' });
        expect(imported.ok).toBe(true);
        expect(owner.case.folio).toBe(`QR-N${round}b`);
      }
    }
  });
});
