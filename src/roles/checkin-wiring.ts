import { Duration } from 'luxon';
import type { CheckInDeps } from '../app/checkins/deps.js';
import { addCheckIn } from '../app/checkins/staff-check-ins.js';
import { cancelCheckIns } from '../app/checkins/cancel-check-ins.js';
import type { TurnCheckIns } from '../app/turn-follow-ups.js';
import { prismaCheckInStore } from '../persistence/checkin-store.js';
import { queueCheckInScheduler } from '../scheduling/checkin-scheduler.js';
import { INITIATED_SEND_PRIORITY, queueOutboundDispatcher } from '../scheduling/outbound-dispatcher.js';
import type { Core } from './core.js';
import { LATER_WITHOUT_TIME_MS, VIDEO_FLOWS } from './follow-up-settings.js';

/** Check-ins as the roles use them. */
export interface CheckInWiring {
  /** What the check-in use cases need (store, scheduler on the `checkins` queue, plan, policy). */
  deps: CheckInDeps;
  /** The check-in operations a conversation turn may ask for (cancel all, one she asked for). */
  turn: TurnCheckIns;
}

/** Builds the check-ins over the core's database and queues, with the plan the core loaded. */
export function wireCheckIns(core: Core): CheckInWiring {
  const { config, db, privacy, queues, clock } = core;
  const deps: CheckInDeps = {
    store: prismaCheckInStore(db, privacy),
    scheduler: queueCheckInScheduler(queues.checkins, clock),
    // Check-ins and session reminders open conversations: behind the replies to those under way.
    dispatcher: queueOutboundDispatcher(queues.outbound, { priority: INITIATED_SEND_PRIORITY }),
    events: core.events,
    flows: core.flows,
    clock,
    log: core.log,
    plan: core.plan,
    channel: core.channelName,
    policyDefaults: { windows: config.CONTACT_WINDOWS, quiet: config.QUIET_HOURS },
    answerWindowMs: config.CHECKIN_ANSWER_HOURS * 3600 * 1000,
    missedLimit: config.CHECKIN_MISSED_LIMIT,
    video: { baseUrl: config.VIDEO_BASE_URL, linkSentWith: config.VIDEO_LINK_SENT },
    staffHours: config.STAFF_HOURS,
    videoCallFlows: [VIDEO_FLOWS.invitation],
    deniedWords: core.settings.denyList,
  };
  const turn: TurnCheckIns = {
    cancelAll: (caseId, reason) => cancelCheckIns(deps, caseId, reason),
    requested: (caseId, request, now) =>
      addCheckIn(deps, {
        caseId,
        flowId: request.flow,
        at: request.at
          ? new Date(request.at)
          : new Date(now.getTime() + (request.after ? Duration.fromISO(request.after).toMillis() : LATER_WITHOUT_TIME_MS)),
        staffId: null,
      }),
  };
  return { deps, turn };
}
