import { writeFile } from 'node:fs/promises';
import { createBanavim, type Banavim } from '../../app/records/banavim.js';
import { formatCount } from '../../app/records/report-bulletin.js';
import { prismaAuditTrail } from '../../persistence/audit-trail.js';
import { prismaBanavimStore } from '../../persistence/records/banavim-store.js';
import type { Actor } from '../../app/records/ports.js';
import { speaker, type Command, type CommandIo } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { commandActor, UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana banavim`. */
export const BANAVIM_USAGE = [
  'banavim list [--staff EMAIL]',
  'banavim export --format csv|json [--out FILE] [--staff EMAIL]',
  'banavim register CASE_ID|FOLIO BANAVIM_FOLIO [--staff EMAIL]',
];

/** {@link BANAVIM_USAGE} for staff, in Spanish. */
export const BANAVIM_USAGE_ES = [
  'banavim list [--staff CORREO]',
  'banavim export --format csv|json [--out ARCHIVO] [--staff CORREO]',
  'banavim register ID_DEL_CASO|FOLIO FOLIO_BANAVIM [--staff CORREO]',
];

/**
 * `acompana banavim list|export|register`: the cases pending BANAVIM registration (list: states only;
 * export: with the national record's fields where she consented), and marking one registered. Each is
 * audited.
 */
export const banavimCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ db, privacy, clock }) => {
    const t = speaker(io);
    const { values, positionals } = parseCommandArgs(
      args,
      {
        staff: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      io.lang,
    );
    const [sub, ...rest] = positionals;
    const banavim = createBanavim({ store: prismaBanavimStore(db, privacy), audit: prismaAuditTrail(db), clock });
    const usage = () => new UsageError(`${t('uso', 'usage')}:\n${((io.lang ?? 'es') === 'es' ? BANAVIM_USAGE_ES : BANAVIM_USAGE).map((u) => `  acompana ${u}`).join('\n')}`);
    if (sub === 'list' && rest.length === 0) return list(banavim, await commandActor(db, values.staff, io), io);
    if (sub === 'export' && rest.length === 0) {
      if (values.format !== 'csv' && values.format !== 'json') throw new UsageError(t('--format: debe ser csv o json', '--format: must be csv or json'));
      const { cases, body } = await banavim.exportPending(await commandActor(db, values.staff, io), values.format);
      if (values.out) {
        // A new file only its owner can read; an existing file (whoever may read it) is never overwritten.
        await writeFile(values.out, body, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'EEXIST' ? new UsageError(t(`--out: ${values.out} ya existe; elige un archivo nuevo`, `--out: ${values.out} exists already; choose a new file`)) : error;
        });
        const pending = formatCount(cases.length);
        const ready = formatCount(cases.filter((c) => c.estado === 'lista').length);
        io.stdout.write(`${values.out}: ${t(`${pending} casos pendientes, ${ready} con sus datos.`, `${pending} pending cases, ${ready} with their fields.`)}\n`);
      } else {
        io.stdout.write(body);
      }
      return 0;
    }
    if (sub === 'register' && rest.length === 2) return register(banavim, await commandActor(db, values.staff, io), rest[0]!, rest[1]!, io);
    throw usage();
  });

async function list(banavim: Banavim, actor: Actor, io: CommandIo): Promise<number> {
  const cases = await banavim.list(actor);
  const t = speaker(io);
  const count = (state: string) => formatCount(cases.filter((c) => c.estado === state).length);
  io.stdout.write(
    [
      'folio\tcase_id\tfecha_intervencion\testado',
      ...cases.map((c) => [c.folio ?? '-', c.case_id, c.fecha_intervencion ?? '-', c.estado].join('\t')),
      t(
        `${formatCount(cases.length)} pendientes: ${count('lista')} listos, ${count('sin_detalle')} sin datos, ${count('sin_consentimiento')} sin consentimiento.`,
        `${formatCount(cases.length)} pending: ${count('lista')} ready, ${count('sin_detalle')} without fields, ${count('sin_consentimiento')} without consent.`,
      ),
      '',
    ].join('\n'),
  );
  return 0;
}

async function register(banavim: Banavim, actor: Actor, caseRef: string, folio: string, io: CommandIo): Promise<number> {
  const t = speaker(io);
  const outcome = await banavim.register({ caseRef, folio, actor });
  switch (outcome.kind) {
    case 'invalid':
      throw new UsageError(t(outcome.message.replace('is required', 'es obligatorio').replace('must be at most 64 characters', 'debe tener como máximo 64 caracteres').replace('must use only letters, digits and - _ / .', 'solo puede llevar letras, dígitos y - _ / .'), outcome.message));
    case 'registered':
      io.stdout.write(`${t(`Caso ${outcome.caseId} registrado en el BANAVIM con el folio ${outcome.folio}.`, `Case ${outcome.caseId} registered in BANAVIM with folio ${outcome.folio}.`)}\n`);
      return 0;
    case 'already_registered':
      io.stdout.write(
        `${t(`El caso ${outcome.caseId} ya estaba registrado con el folio ${outcome.folio}; no cambió nada.`, `Case ${outcome.caseId} was already registered with folio ${outcome.folio}; nothing changed.`)}\n`,
      );
      return 0;
    case 'case_not_found':
      io.stderr.write(`acompana: ${t('ningún caso tiene ese id o folio', 'no case has that id or folio')}\n`);
      return 1;
    case 'registered_with_other_folio':
      io.stderr.write(
        `acompana: ${t(`el caso ${outcome.caseId} ya está registrado con otro folio (${outcome.folio}); no cambió nada`, `case ${outcome.caseId} is already registered with another folio (${outcome.folio}); nothing changed`)}\n`,
      );
      return 1;
    case 'folio_in_use':
      io.stderr.write(
        `acompana: ${t(`ese folio del BANAVIM ya está registrado para el caso ${outcome.caseId}; no cambió nada`, `that BANAVIM folio is already registered for case ${outcome.caseId}; nothing changed`)}\n`,
      );
      return 1;
  }
}
