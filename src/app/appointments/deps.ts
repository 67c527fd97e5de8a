import type { Logger } from 'pino';
import type { CheckInDeps } from '../checkins/deps.js';
import type { CaseEventBus, Clock, ConversationStore } from '../ports.js';
import type { AuditTrail } from '../records/ports.js';
import type { AppointmentScheduler, AppointmentStore, VideoSettings } from './ports.js';

/** What the video-call session use cases need. */
export interface AppointmentDeps {
  store: AppointmentStore;
  scheduler: AppointmentScheduler;
  /** The check-in machinery: the invitation runs as a check-in of the invitation flow; her contact state. */
  checkIns: CheckInDeps;
  events: CaseEventBus;
  audit: AuditTrail;
  clock: Clock;
  log: Logger;
  video: VideoSettings;
  /** Her conversation, under the case's lock (reminders start a flow). */
  conversations: ConversationStore;
  /**
   * The flows: `invitation` (proposes the time), `reminder` (a day before: still on?), `link` (an hour
   * before: the reminder with the link), `followUp` (the check-in proposed after a session).
   */
  flows: { invitation: string; reminder: string; link: string; followUp: string };
}

