import type { AppointmentRow, AppointmentStore } from '../app/appointments/ports.js';
import { SlotTakenError } from '../app/appointments/ports.js';
import type { Database } from './database.js';
import { isOverlap, type PrivacyTools, type Tx } from './conversation-store.js';

/** The columns of a session the use cases see. */
export const APPOINTMENT_ROW = {
  id: true,
  caseId: true,
  staffId: true,
  startsAt: true,
  endsAt: true,
  status: true,
  videoRoom: true,
  reminderDaySentAt: true,
  reminderHourSentAt: true,
  linkSentAt: true,
} as const;

/**
 * Runs a write to `staffId`'s sessions while holding a transaction-scoped advisory lock on her
 * calendar, and reports the exclusion constraint's refusal as {@link SlotTakenError}. Without the
 * lock, two inserts racing for overlapping times can deadlock inside the constraint's index check
 * (each waits for the other) until PostgreSQL's deadlock timeout aborts one; with it, the second
 * waits for the first to commit and then gets the plain refusal.
 */
async function onStaffCalendar<T>(db: Database, staffId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`appointments:${staffId}`}, 0))`;
      return work(tx);
    });
  } catch (error) {
    if (isOverlap(error)) throw new SlotTakenError();
    throw error;
  }
}

/** The Prisma implementation of {@link AppointmentStore}; notes and outcomes are encrypted. */
export function prismaAppointmentStore(db: Database, privacy: PrivacyTools): AppointmentStore {
  return {
    create(input) {
      return onStaffCalendar(db, input.staffId, (tx) =>
        tx.appointment.create({
          data: {
            caseId: input.caseId,
            staffId: input.staffId,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
            videoRoom: input.videoRoom,
            notesCipher: input.notes ? privacy.cipher.encrypt(input.notes) : null,
            createdById: input.createdById,
          },
          select: APPOINTMENT_ROW,
        }),
      );
    },

    find(id) {
      return db.appointment.findUnique({ where: { id }, select: APPOINTMENT_ROW });
    },

    async move(id, change) {
      const current = await db.appointment.findUnique({ where: { id }, select: { staffId: true } });
      if (!current) return null;
      const { count } = await onStaffCalendar(db, current.staffId, (tx) =>
        tx.appointment.updateMany({
          where: { id, status: { in: [...change.from] } },
          // A new time: reminders and the link go out again for it.
          data: { startsAt: change.startsAt, endsAt: change.endsAt, status: change.status, reminderDaySentAt: null, reminderHourSentAt: null, linkSentAt: null },
        }),
      );
      return count === 1 ? db.appointment.findUnique({ where: { id }, select: APPOINTMENT_ROW }) : null;
    },

    async reassign(id, change) {
      // Her calendar is the one that must stay free of overlaps: her lock, as for a booking.
      const { count } = await onStaffCalendar(db, change.staffId, (tx) =>
        tx.appointment.updateMany({ where: { id, status: { in: [...change.from] } }, data: { staffId: change.staffId } }),
      );
      return count === 1 ? db.appointment.findUnique({ where: { id }, select: APPOINTMENT_ROW }) : null;
    },

    async setStatus(id, change) {
      const { count } = await db.appointment.updateMany({
        where: { id, status: { in: [...change.from] } },
        data: { status: change.status, ...(change.outcome !== undefined ? { outcomeCipher: privacy.cipher.encrypt(change.outcome) } : {}) },
      });
      return count === 1 ? db.appointment.findUnique({ where: { id }, select: APPOINTMENT_ROW }) : null;
    },

    forStaff(staffId, from, to) {
      return db.appointment.findMany({
        where: { staffId, startsAt: { lt: to }, endsAt: { gt: from } },
        orderBy: { startsAt: 'asc' },
        select: APPOINTMENT_ROW,
      });
    },

    upcoming(after, caseId) {
      return db.appointment.findMany({
        where: { status: { in: ['proposed', 'confirmed', 'rescheduled'] }, endsAt: { gt: after }, ...(caseId === undefined ? {} : { caseId }) },
        orderBy: { startsAt: 'asc' },
        select: APPOINTMENT_ROW,
      });
    },

    async psychologist(staffId) {
      return db.staff.findUnique({ where: { id: staffId }, select: { id: true, displayName: true, active: true, role: true, workingHours: true } });
    },

    async setOffers(id, slots) {
      await db.appointment.update({
        where: { id },
        data: { offeredSlots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) },
      });
    },

    async recordVideoContact(appointment, at) {
      await db.contact.create({
        data: {
          caseId: appointment.caseId,
          direction: 'outbound',
          channel: 'video',
          author: 'staff',
          staffId: appointment.staffId,
          status: 'sent',
          // One contact per session: the unique key on (channel, direction, channelMessageId) keeps it so.
          channelMessageId: `appointment:${appointment.id}`,
          createdAt: at,
          statusAt: at,
        },
      }).catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'P2002') throw error;
      });
    },

    async reminderOf(contactId) {
      const contact = await db.contact.findUnique({ where: { id: contactId }, select: { causeId: true, flowId: true, sessionId: true } });
      if (!contact?.causeId) return null;
      const appointment = await db.appointment.findUnique({ where: { id: contact.causeId }, select: APPOINTMENT_ROW });
      return appointment ? { appointment, flowId: contact.flowId, sessionId: contact.sessionId } : null;
    },

    async raiseAlert(caseId, reason) {
      const alert = await db.alert.create({ data: { caseId, kind: 'reminder_skipped', urgency: 'normal', reason }, select: { id: true } });
      return alert.id;
    },
  };
}

/** Reads a session's encrypted notes and outcome (for the staff who may see them). */
export async function appointmentTexts(db: Database, privacy: PrivacyTools, id: string): Promise<{ notes: string | null; outcome: string | null } | null> {
  const row = await db.appointment.findUnique({ where: { id }, select: { notesCipher: true, outcomeCipher: true } });
  if (!row) return null;
  return {
    notes: row.notesCipher ? privacy.cipher.decrypt(row.notesCipher) : null,
    outcome: row.outcomeCipher ? privacy.cipher.decrypt(row.outcomeCipher) : null,
  };
}
