import { banavimDetailSchema } from './banavim-detail.js';
import { banavimCsv, toPendingCase, type PendingBanavimCase } from './banavim-export.js';
import { folioKey, folioText } from './intervention-row.js';
import type { Actor, AuditTrail, BanavimStore, RegisterOutcome } from './ports.js';
import type { Clock } from '../ports.js';

/** A refused input: which field and why (never the value). */
export interface InvalidInput {
  kind: 'invalid';
  field: string;
  message: string;
}

/** The BANAVIM side of the unit's work: what is pending, its export, and registration. */
export interface Banavim {
  /** Every case not registered yet, with its state; no field of the national record. Audited as `banavim.list`. */
  list(actor: Actor): Promise<Omit<PendingBanavimCase, 'tipos_violencia' | 'modalidades' | 'persona_agresora' | 'ordenes_proteccion'>[]>;
  /** The pending cases with their fields (only where she consented), as JSON data and CSV text. Audited as `banavim.export`. */
  exportPending(actor: Actor, format: 'json' | 'csv'): Promise<{ cases: PendingBanavimCase[]; body: string }>;
  /** Marks a case (id or the unit's folio) registered with BANAVIM's folio. Audited as `banavim.register`. */
  register(input: { caseRef: string; folio: string; actor: Actor }): Promise<RegisterOutcome | InvalidInput>;
  /** Stores the fields collected for a case (validated, encrypted). Audited as `banavim.detail`. */
  saveDetail(input: { caseId: string; detail: unknown; actor: Actor }): Promise<'saved' | 'case_not_found' | 'already_registered' | InvalidInput>;
}

/**
 * Builds the BANAVIM use cases.
 *
 * @example
 * const banavim = createBanavim({ store: prismaBanavimStore(db, privacy), audit: prismaAuditTrail(db), clock: systemClock });
 * const { body } = await banavim.exportPending({ staffId, via: 'console' }, 'csv');
 */
export function createBanavim(deps: { store: BanavimStore; audit: AuditTrail; clock: Clock }): Banavim {
  return {
    async list(actor) {
      const cases = (await deps.store.pending()).map(toPendingCase);
      await deps.audit.record({ ...actor, action: 'banavim.list', subject: 'banavim', detail: { cases: cases.length } });
      return cases.map(({ case_id, folio, fecha_intervencion, estado }) => ({ case_id, folio, fecha_intervencion, estado }));
    },

    async exportPending(actor, format) {
      const cases = (await deps.store.pending()).map(toPendingCase);
      const withFields = cases.filter((c) => c.estado === 'lista').map((c) => c.case_id);
      await deps.audit.record({
        ...actor,
        action: 'banavim.export',
        subject: 'banavim',
        detail: { format, cases: cases.length, exportedWithFields: withFields },
      });
      return { cases, body: format === 'csv' ? banavimCsv(cases) : `${JSON.stringify(cases, null, 2)}\n` };
    },

    async register({ caseRef, folio, actor }) {
      const checked = folioText.min(1, 'is required').safeParse(folio);
      if (!checked.success) return { kind: 'invalid', field: 'folio', message: `folio: ${checked.error.issues[0]!.message}` };
      return deps.store.register({ caseRef, folio: folioKey(checked.data), actor, at: deps.clock.now() });
    },

    async saveDetail({ caseId, detail, actor }) {
      const checked = banavimDetailSchema.safeParse(detail);
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        const field = issue.path.map(String).join('.') || 'detail';
        const message = issue.code === 'unrecognized_keys' ? `is not a known field: ${issue.keys.join(', ')}` : issue.message;
        return { kind: 'invalid', field, message: `${field}: ${message}` };
      }
      return deps.store.saveDetail({ caseId, detail: checked.data, actor });
    },
  };
}
