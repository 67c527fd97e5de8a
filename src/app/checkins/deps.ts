import type { Logger } from 'pino';
import type { DenyList } from '../../engine/index.js';
import type { FlowRegistry } from '../flow-registry.js';
import type { CaseEventBus, Clock, ContactChannel, OutboundDispatcher } from '../ports.js';
import type { ContactPolicy, WeeklyWindow } from '../safe-hours/policy.js';
import type { CheckInPlan } from './plan.js';
import type { CheckInScheduler, CheckInStore } from './ports.js';
import type { LinkSettings } from '../case-fields.js';
import type { StaffHours } from '../staff-hours.js';

/** What the check-in use cases need. */
export interface CheckInDeps {
  store: CheckInStore;
  scheduler: CheckInScheduler;
  dispatcher: OutboundDispatcher;
  events: CaseEventBus;
  flows: FlowRegistry;
  clock: Clock;
  log: Logger;
  plan: CheckInPlan;
  /** The channel check-in messages go out on. */
  channel: ContactChannel;
  /** The deployment's default windows (for survivors without their own) and quiet hours. */
  policyDefaults: { windows: readonly WeeklyWindow[]; quiet: ContactPolicy['quiet'] };
  /** How long she has to answer before a check-in counts as missed. */
  answerWindowMs: number;
  /** Missed check-ins in a row after which automated outreach stops and a person is alerted. */
  missedLimit: number;
  /** How the video link is worded and when it may show (`{{cita_enlace}}`). */
  video?: LinkSettings | undefined;
  /** When a person of the unit is on duty (`STAFF_HOURS`); absent: always. */
  staffHours?: StaffHours | undefined;
  /** The deployment's `deny_words`: an alias holding one is not used to greet her (`aliasForHer`). */
  deniedWords: Pick<DenyList, 'find'>;
  /**
   * The flows that speak of a video-call session (the invitation to choose its time): a check-in of
   * one goes only while her video-call consent is in force, and is cancelled otherwise.
   */
  videoCallFlows?: readonly string[] | undefined;
}
