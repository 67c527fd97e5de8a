import { expect } from 'vitest';
import type { Clock } from '../../../src/app/ports.js';
import { importInterventions } from '../../../src/app/records/import-interventions.js';
import { prismaInterventionImportStore } from '../../../src/persistence/records/intervention-import-store.js';
import type { RecordsContext } from './records-context.js';
import { VIDEO_FLOWS } from '../../../src/roles/follow-up-settings.js';
import { DEFAULT_SETTINGS } from '../../../src/engine/index.js';

/**
 * The usual start of a records route test: a coordinator account (for the routes' stand-in sign-in)
 * and the interventions of `csv`, imported by her through the real import use case (consenting cases get their check-in rows).
 * Returns her id.
 */
export async function coordinatorWithInterventions(ctx: RecordsContext, clock: Clock, csv: string): Promise<string> {
  const staffId = (await ctx.db.staff.create({ data: { email: 'coord@test.invalid', displayName: 'Coordinación', role: 'coordinator' } })).id;
  const imported = await importInterventions(
    { store: prismaInterventionImportStore(ctx.db, ctx.privacy), checkIns: ctx.checkIns, invitationFlows: [VIDEO_FLOWS.invitation], deniedWords: DEFAULT_SETTINGS.denyList, clock, log: ctx.log },
    { file: csv, actor: { staffId, via: 'cli' } },
  );
  expect(imported.ok).toBe(true);
  return staffId;
}
