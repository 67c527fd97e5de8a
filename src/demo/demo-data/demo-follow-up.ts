import { banavimDetailSchema } from '../../app/records/banavim-detail.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { PrivacyTools } from '../../persistence/conversation-store.js';
import { demoRandom, type DemoRandom } from './demo-random.js';

type Tx = Prisma.TransactionClient;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the follow-up seed wrote. */
export interface DemoFollowUpCounts {
  checkIns: number;
  contacts: number;
  alerts: number;
  closedCases: number;
  banavimDetails: number;
  /** Named results of the answered check-ins (`buen_momento`, `como_se_siente`), for the report page. */
  results: number;
}

/** A demo case as the follow-up seed needs it. */
export interface DemoCase {
  id: string;
  folio: string;
  survivorId: string;
  interventionAt: Date;
  hasPhone: boolean;
  followUpConsent: boolean;
  registered: boolean;
  videoCallAt: Date | null;
}

const PLAN = [
  { item: 'primer_contacto', afterDays: 1 },
  { item: 'semana_1', afterDays: 7 },
  { item: 'mes_1', afterDays: 30 },
] as const;

/** Her answer to "¿cómo te has sentido?", and the choice of `primer-contacto` it picks. */
const FEELINGS = [
  { answer: '1', feeling: 'bien' },
  { answer: 'más o menos', feeling: 'mas_o_menos' },
  { answer: 'bien, gracias', feeling: 'bien' },
  { answer: '3', feeling: 'mal' },
] as const;

/**
 * Writes what months of follow-up leave behind for the demo cases: check-ins (answered, missed or still
 * scheduled), the messages of each (encrypted, discreet wording), handoffs when she felt bad, a code-word
 * alert, video calls and video-call consent, some closed cases, BANAVIM consent and fields for some unregistered ones, and the
 * named results the answered check-ins saved (by category, as the flow records them).
 * Each case draws from its own seeded generator, so the result does not depend on the order of cases.
 */
export async function seedDemoFollowUp(
  tx: Tx,
  cases: readonly DemoCase[],
  context: { now: Date; psychologistId: string; coordinatorId: string; privacy: PrivacyTools },
): Promise<DemoFollowUpCounts> {
  const counts: DemoFollowUpCounts = { checkIns: 0, contacts: 0, alerts: 0, closedCases: 0, banavimDetails: 0, results: 0 };
  const { now, privacy } = context;
  const contacts: Prisma.ContactCreateManyInput[] = [];
  const checkIns: Prisma.CheckInCreateManyInput[] = [];
  const alerts: Prisma.AlertCreateManyInput[] = [];
  const caseUpdates: { id: string; data: Prisma.CaseUncheckedUpdateManyInput }[] = [];
  const consents: Prisma.ConsentCreateManyInput[] = [];
  const records: Prisma.BanavimRecordCreateManyInput[] = [];
  const results: Prisma.FlowResultCreateManyInput[] = [];

  for (const c of cases) {
    const random = demoRandom(Number(c.folio.replace(/\D/g, '')));
    const message = (at: Date, direction: 'inbound' | 'outbound', text: string, key: string) =>
      contacts.push({
        caseId: c.id,
        direction,
        channel: 'simulator',
        author: direction === 'inbound' ? 'survivor' : 'bot',
        status: direction === 'inbound' ? 'received' : 'read',
        textCipher: privacy.cipher.encrypt(text),
        channelMessageId: `demo-${c.folio}-${key}`,
        flowId: 'primer-contacto',
        createdAt: at,
        statusAt: at,
      });
    let felt: string | null = null;
    let missedInARow = 0;
    if (c.followUpConsent) {
      for (const { item, afterDays } of PLAN) {
        const due = new Date(c.interventionAt.getTime() + afterDays * DAY + random.int(0, 4) * HOUR);
        const past = due < now;
        const answered = past && random.chance(0.7);
        checkIns.push({
          caseId: c.id,
          planItem: item,
          flowId: 'primer-contacto',
          dueAt: due,
          plannedAt: due,
          status: !past ? 'scheduled' : answered ? 'answered' : 'missed',
          attempts: past ? 1 : 0,
          sentAt: past ? due : null,
          answeredAt: answered ? new Date(due.getTime() + random.int(2, 90) * 60_000) : null,
          createdById: context.psychologistId,
        });
        if (!past) continue;
        message(due, 'outbound', 'Hola, ¿es buen momento para platicar? Responde 1 (sí) o 2 (no).', `${item}-1`);
        if (!answered) {
          missedInARow += 1;
          continue;
        }
        missedInARow = 0;
        const at = (minutes: number) => new Date(due.getTime() + minutes * 60_000);
        const { answer, feeling } = random.pick(FEELINGS);
        felt = feeling;
        message(at(3), 'inbound', random.pick(['1', 'sí', 'si, ahorita puedo']), `${item}-2`);
        message(at(3), 'outbound', '¿Cómo te has sentido estos días? Responde 1 (bien), 2 (más o menos) o 3 (mal).', `${item}-3`);
        message(at(6), 'inbound', answer, `${item}-4`);
        const result = (name: string, category: string, minutes: number) =>
          results.push({ caseId: c.id, flowId: 'primer-contacto', name, category, createdAt: at(minutes) });
        result('buen_momento', 'si', 3);
        result('como_se_siente', feeling, 6);
        message(
          at(6),
          'outbound',
          feeling === 'mal'
            ? 'Gracias por decírmelo. En un momento te escribe una persona del equipo.'
            : 'Gracias por contarme. Aquí sigo cuando lo necesites. Si quieres, borra esta conversación.',
          `${item}-5`,
        );
        if (feeling === 'mal') {
          alerts.push({ caseId: c.id, kind: 'handoff', urgency: 'normal', reason: 'Dijo sentirse mal: pide hablar con una persona', createdAt: at(6) });
        }
      }
    }
    if (missedInARow >= 2) {
      alerts.push({ caseId: c.id, kind: 'missed_checkins', urgency: 'normal', reason: 'Dos mensajes de seguimiento seguidos sin respuesta', createdAt: now });
    }
    if (c.followUpConsent && random.chance(0.03)) {
      alerts.push({ caseId: c.id, kind: 'code_word', urgency: 'urgent', reason: 'Envió su palabra clave', createdAt: new Date(now.getTime() - random.int(1, 48) * HOUR) });
    }
    if (c.videoCallAt) {
      contacts.push({ caseId: c.id, direction: 'outbound', channel: 'video', author: 'staff', status: 'sent', staffId: context.psychologistId, channelMessageId: `demo-${c.folio}-video`, createdAt: c.videoCallAt, statusAt: c.videoCallAt });
    }

    const caseAlerts = alerts.filter((a) => a.caseId === c.id);
    const close = caseAlerts.length === 0 && now.getTime() - c.interventionAt.getTime() > 45 * DAY && random.chance(0.5);
    const first = caseAlerts[0];
    caseUpdates.push({
      id: c.id,
      data: {
        assignedStaffId: context.psychologistId,
        risk: random.pick(['low', 'medium', 'medium', 'high'] as const),
        missedInARow,
        ...(close ? { status: 'closed', closedAt: new Date(c.interventionAt.getTime() + 40 * DAY), outcome: 'seguimiento_concluido' } : {}),
        ...(first
          ? {
              attention: 'waiting_person',
              urgency: caseAlerts.some((a) => a.urgency === 'urgent') ? 'urgent' : 'normal',
              attentionReason: first.reason,
              attentionSince: first.createdAt,
            }
          : {}),
      },
    });
    if (close) counts.closedCases += 1;
    const banavim = banavimFor(c, random, context);
    if (banavim.consent) consents.push(banavim.consent);
    if (banavim.record) records.push(banavim.record);
    // Video calls: agreed at the intervention by those who had one, and by most who accepted follow-up.
    if (c.followUpConsent && (c.videoCallAt !== null || random.chance(0.6))) {
      consents.push({ survivorId: c.survivorId, purpose: 'video_call', granted: true, source: 'intervention_911', recordedById: context.psychologistId, recordedAt: c.interventionAt });
    }
  }

  // Cases that end up alike are updated together: a few statements instead of one per case.
  const alike = new Map<string, { ids: string[]; data: Prisma.CaseUncheckedUpdateManyInput }>();
  for (const { id, data } of caseUpdates) {
    const key = JSON.stringify(data);
    const group = alike.get(key) ?? { ids: [], data };
    group.ids.push(id);
    alike.set(key, group);
  }
  for (const { ids, data } of alike.values()) await tx.case.updateMany({ where: { id: { in: ids } }, data });
  await tx.consent.createMany({ data: consents });
  counts.banavimDetails = (await tx.banavimRecord.createMany({ data: records, skipDuplicates: true })).count;
  counts.checkIns = (await tx.checkIn.createMany({ data: checkIns, skipDuplicates: true })).count;
  counts.contacts = (await tx.contact.createMany({ data: contacts, skipDuplicates: true })).count;
  counts.alerts = (await tx.alert.createMany({ data: alerts })).count;
  counts.results = (await tx.flowResult.createMany({ data: results })).count;
  return counts;
}

/** BANAVIM consent for some unregistered cases with a number, and the fields for most of those. */
function banavimFor(
  c: DemoCase,
  random: DemoRandom,
  context: { psychologistId: string; privacy: PrivacyTools },
): { consent?: Prisma.ConsentCreateManyInput; record?: Prisma.BanavimRecordCreateManyInput } {
  if (c.registered || !c.hasPhone) return {};
  const decision = random.next();
  if (decision > 0.65) return {};
  const granted = decision < 0.5;
  const consent: Prisma.ConsentCreateManyInput = {
    survivorId: c.survivorId,
    purpose: 'banavim',
    granted,
    source: 'console',
    recordedById: context.psychologistId,
    recordedAt: new Date(c.interventionAt.getTime() + HOUR),
  };
  if (!granted || random.chance(0.3)) return { consent };
  const orders = random.chance(0.4);
  const detail = banavimDetailSchema.parse({
    tipos_violencia: random.chance(0.5) ? ['psicologica', 'fisica'] : random.pick([['psicologica'], ['psicologica', 'economica'], ['fisica', 'sexual', 'psicologica']]),
    modalidades: random.chance(0.85) ? ['familiar'] : random.pick([['comunitaria'], ['laboral_docente'], ['digital', 'familiar']]),
    persona_agresora: {
      relacion: random.pick(['pareja', 'pareja', 'expareja', 'familiar', 'conocido']),
      sexo: random.chance(0.95) ? 'hombre' : 'mujer',
      edad_aproximada: random.int(19, 58),
      vive_con_ella: random.chance(0.5),
    },
    ordenes_proteccion: { otorgadas: orders, tipos: orders ? [random.pick(['emergencia', 'preventiva'])] : [] },
  });
  return { consent, record: { caseId: c.id, status: 'pending', detailCipher: context.privacy.cipher.encrypt(JSON.stringify(detail)) } };
}
