import ical, { ICalEventStatus } from 'ical-generator';
import type { AppointmentRow } from '../../app/appointments/ports.js';
import { videoLink } from '../../app/appointments/video-link.js';

/**
 * A psychologist's private calendar feed: one event per session, titled "Sesión" (or "Sesión (por
 * confirmar)") with the video link and nothing about the survivor; cancelled ones marked cancelled.
 */
export function icsFeed(rows: readonly AppointmentRow[], baseUrl: string): string {
  // Times in UTC ("…Z"): every calendar app places them right without a VTIMEZONE block.
  const calendar = ical({ name: 'Sesiones', prodId: { company: 'acompana', product: 'sesiones', language: 'ES' } });
  for (const row of rows) {
    const pending = row.status === 'proposed' || row.status === 'rescheduled';
    const link = videoLink(baseUrl, row.videoRoom);
    calendar.createEvent({
      id: `${row.id}@acompana`,
      start: row.startsAt,
      end: row.endsAt,
      summary: pending ? 'Sesión (por confirmar)' : 'Sesión',
      location: link,
      url: link,
      status: row.status === 'cancelled' ? ICalEventStatus.CANCELLED : pending ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
