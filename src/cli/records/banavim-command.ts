import { writeFile } from 'node:fs/promises';
import { createBanavim, type Banavim } from '../../app/records/banavim.js';
import { formatCount } from '../../app/records/report-bulletin.js';
import { prismaAuditTrail } from '../../persistence/audit-trail.js';
import { prismaBanavimStore } from '../../persistence/records/banavim-store.js';
import type { Actor } from '../../app/records/ports.js';
import type { Command, CommandIo } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana banavim`. */
export const BANAVIM_USAGE = [
  'banavim list [--staff EMAIL]',
  'banavim export --format csv|json [--out FILE] [--staff EMAIL]',
  'banavim register CASE_ID|FOLIO BANAVIM_FOLIO [--staff EMAIL]',
];

/**
 * `acompana banavim list|export|register`: the cases pending BANAVIM registration (list: states only;
 * export: with the national record's fields where she consented), and marking one registered. Each is
 * audited.
 */
export const banavimCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ db, privacy, clock }) => {
    const { values, positionals } = parseCommandArgs(args, {
      staff: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    });
    const [sub, ...rest] = positionals;
    const banavim = createBanavim({ store: prismaBanavimStore(db, privacy), audit: prismaAuditTrail(db), clock });
    const usage = () => new UsageError(`usage:\n${BANAVIM_USAGE.map((u) => `  acompana ${u}`).join('\n')}`);
    if (sub === 'list' && rest.length === 0) return list(banavim, await commandActor(db, values.staff), io);
    if (sub === 'export' && rest.length === 0) {
      if (values.format !== 'csv' && values.format !== 'json') throw new UsageError('--format: must be csv or json');
      const { cases, body } = await banavim.exportPending(await commandActor(db, values.staff), values.format);
      if (values.out) {
        // A new file only its owner can read; an existing file (whoever may read it) is never overwritten.
        await writeFile(values.out, body, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'EEXIST' ? new UsageError(`--out: ${values.out} exists already; choose a new file`) : error;
        });
        io.stdout.write(`${values.out}: ${formatCount(cases.length)} pending cases, ${formatCount(cases.filter((c) => c.estado === 'lista').length)} with their fields.\n`);
      } else {
        io.stdout.write(body);
      }
      return 0;
    }
    if (sub === 'register' && rest.length === 2) return register(banavim, await commandActor(db, values.staff), rest[0]!, rest[1]!, io);
    throw usage();
  });

async function list(banavim: Banavim, actor: Actor, io: CommandIo): Promise<number> {
  const cases = await banavim.list(actor);
  const count = (state: string) => formatCount(cases.filter((c) => c.estado === state).length);
  io.stdout.write(
    [
      'folio\tcase_id\tfecha_intervencion\testado',
      ...cases.map((c) => [c.folio ?? '-', c.case_id, c.fecha_intervencion ?? '-', c.estado].join('\t')),
      `${formatCount(cases.length)} pending: ${count('lista')} ready, ${count('sin_detalle')} without fields, ${count('sin_consentimiento')} without consent.`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function register(banavim: Banavim, actor: Actor, caseRef: string, folio: string, io: CommandIo): Promise<number> {
  const outcome = await banavim.register({ caseRef, folio, actor });
  switch (outcome.kind) {
    case 'invalid':
      throw new UsageError(outcome.message);
    case 'registered':
      io.stdout.write(`Case ${outcome.caseId} registered in BANAVIM with folio ${outcome.folio}.\n`);
      return 0;
    case 'already_registered':
      io.stdout.write(`Case ${outcome.caseId} was already registered with folio ${outcome.folio}; nothing changed.\n`);
      return 0;
    case 'case_not_found':
      io.stderr.write('acompana: no case has that id or folio\n');
      return 1;
    case 'registered_with_other_folio':
      io.stderr.write(`acompana: case ${outcome.caseId} is already registered with another folio (${outcome.folio}); nothing changed\n`);
      return 1;
    case 'folio_in_use':
      io.stderr.write(`acompana: that BANAVIM folio is already registered for case ${outcome.caseId}; nothing changed\n`);
      return 1;
  }
}
