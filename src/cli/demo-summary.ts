import { DEMO_PHONE } from '../demo/seed-demo.js';
import type { Lang } from '../app/records/import-problem.js';
import { ROLE_LABELS } from '../console/views/labels.js';

/** The demo survivor's code word: writing it in the simulator shows what the code word does. */
export const DEMO_CODE_WORD = 'girasol';

/** What `acompana seed demo` created, for its summary. */
export interface DemoSeeded {
  readonly folio: string;
  readonly caseId: string;
  readonly survivorAlias: string;
  readonly port: number;
  /** The check-ins scheduled: plan entry (or flow) and due time, America/Cancun. */
  readonly checkIns: readonly { name: string; due: string }[];
  readonly staff: readonly { role: string; email: string }[];
  /** New passwords by email; an account missing here already had one. */
  readonly passwords: ReadonlyMap<string, string>;
}


/**
 * What `acompana seed demo` prints for the person trying the system: Mexican Spanish, or English
 * with `--lang en`.
 *
 * @example
 * demoSummary('es', seeded) // "Caso de demostración 911-DEMO-0001 (id …) para «Lupita», con consentimiento de seguimiento.\n…"
 */
export function demoSummary(lang: Lang, seeded: DemoSeeded): string {
  const { folio, caseId, survivorAlias, port, checkIns, staff, passwords } = seeded;
  const plan = checkIns.map((c) => `  ${c.name.padEnd(16)} ${c.due}`);
  if (lang === 'en') {
    return [
      `Demo case ${folio} (id ${caseId}) for "${survivorAlias}", follow-up consent recorded.`,
      `Write as her from ${DEMO_PHONE} in the simulator: http://localhost:${port}/simulator`,
      `Her code word is "${DEMO_CODE_WORD}"; AYUDA is an emergency word, BAJA opts her out.`,
      `Enrolled in the check-in plan (${checkIns.length} scheduled, times in America/Cancun):`,
      ...plan,
      `To see one arrive now: sign in as the coordinator, open case ${folio} and press "Enviar ahora" (inside her safe hours).`,
      `Demo staff accounts (console: http://localhost:${port}/login; new passwords are shown only this once):`,
      ...staff.map((s) => `  ${s.role.padEnd(13)} ${s.email.padEnd(36)} ${passwords.has(s.email) ? `password ${passwords.get(s.email)}` : '(password already set)'}`),
      '',
    ].join('\n');
  }
  return [
    `Caso de demostración ${folio} (id ${caseId}) para «${survivorAlias}», con consentimiento de seguimiento.`,
    `Escribe como ella desde ${DEMO_PHONE} en el simulador: http://localhost:${port}/simulator`,
    `Su palabra clave es «${DEMO_CODE_WORD}»; AYUDA es una palabra de emergencia y BAJA la da de baja.`,
    `Inscrito en el plan de seguimiento (${checkIns.length} programados, horas de Cancún):`,
    ...plan,
    `Para ver llegar uno ahora: entra como coordinación, abre el caso ${folio} y pulsa «Enviar ahora» (dentro de sus horarios seguros).`,
    `Cuentas de prueba (consola: http://localhost:${port}/login; las contraseñas nuevas se muestran solo esta vez):`,
    ...staff.map(
      (s) =>
        `  ${(ROLE_LABELS[s.role as keyof typeof ROLE_LABELS] ?? s.role).padEnd(15)} ${s.email.padEnd(36)} ${passwords.has(s.email) ? `contraseña ${passwords.get(s.email)}` : '(ya tenía contraseña)'}`,
    ),
    '',
  ].join('\n');
}
