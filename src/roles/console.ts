import { hkdfSync } from 'node:crypto';
import type { ConsoleDeps } from '../console/console-deps.js';
import { authorize } from '../console/authorize.js';
import { checkInRoutes } from '../console/routes/checkins.js';
import { reportRoutes } from '../console/routes/reports.js';
import { bulletinRoutes } from '../console/routes/bulletins.js';
import { createBulletins } from '../app/records/bulletins.js';
import { prismaBulletinStore } from '../persistence/records/bulletin-store.js';
import { banavimRoutes } from '../console/routes/banavim.js';
import { importRoutes } from '../console/routes/import-routes.js';
import { prismaInterventionImportStore } from '../persistence/records/intervention-import-store.js';
import { staffCheckInChanges } from '../app/checkins/staff-check-ins.js';
import { createReports } from '../app/records/reports.js';
import { createBanavim } from '../app/records/banavim.js';
import { channelAdminRoutes } from '../channels/create-channel.js';
import { prismaReportCounts } from '../persistence/records/report-counts.js';
import { prismaBanavimStore } from '../persistence/records/banavim-store.js';
import { prismaConsoleCaseStore } from '../persistence/console/console-case-store.js';
import { prismaInboxQueries } from '../persistence/console/inbox-queries.js';
import { prismaConversationQueries } from '../persistence/console/conversation-queries.js';
import { prismaStaffAccounts, prismaStaffSessions } from '../persistence/console/staff-store.js';
import { prismaAuditTrail } from '../persistence/audit-trail.js';
import { sqlAuditLogQueries } from '../persistence/console/audit-log-queries.js';
import { argon2PasswordHasher } from '../privacy/password-hasher.js';
import { appointmentRoutes } from '../console/routes/appointments.js';
import { calendarRoutes } from '../console/routes/calendar-routes.js';
import { prismaCalendarQueries } from '../persistence/calendar-queries.js';
import { undeliveredRoutes } from '../console/routes/undelivered-routes.js';
import { sqlUndeliveredQueries } from '../persistence/console/undelivered-queries.js';
import { unknownSenderRoutes } from '../console/routes/unknown-sender-routes.js';
import { prismaUnknownSenderQueries } from '../persistence/console/unknown-sender-queries.js';
import type { Core } from './core.js';
import type { CheckInDeps } from '../app/checkins/deps.js';
import type { AppointmentDeps } from '../app/appointments/deps.js';
import { cancelCaseSessions, giveCaseSessions } from '../app/appointments/case-sessions.js';
import { DEFAULT_SIGN_IN_LIMITS } from '../app/console/sign-in-throttle.js';
import { redisRateCounter } from '../scheduling/redis-rate-counter.js';
import { redisCheckedImports } from '../scheduling/redis-checked-imports.js';
import { codeWordHasher } from '../privacy/phone-hash.js';

/** What the console uses besides the core: check-ins and video-call sessions (staff change both). */
export interface ConsoleRoleDeps {
  checkIns: CheckInDeps;
  appointments: AppointmentDeps;
}

/**
 * The console role: the staff console's ports over PostgreSQL and the pipeline's queues and event
 * bus, with the check-in, report and BANAVIM routes and the channel's admin pages. Staff messages are
 * queued like any reply, so the console needs no channel of its own.
 */
export function wireConsole(core: Core, deps: ConsoleRoleDeps): ConsoleDeps {
  const { config, db, privacy, clock } = core;
  const adminRoutes = channelAdminRoutes(config, core.redis);
  const unknownSenders = prismaUnknownSenderQueries(db, privacy);
  return {
    cases: prismaConsoleCaseStore(db, privacy),
    inbox: prismaInboxQueries(db),
    conversations: prismaConversationQueries(db, privacy),
    staff: prismaStaffAccounts(db),
    sessions: prismaStaffSessions(db),
    audit: prismaAuditTrail(db, privacy.cipher),
    auditLog: sqlAuditLogQueries(db),
    hasher: argon2PasswordHasher(),
    events: core.events,
    dispatcher: core.dispatcher,
    flows: core.flows,
    clock,
    channel: core.channelName,
    settings: {
      secureCookies: config.CONSOLE_SECURE_COOKIES,
      session: {
        idleMs: config.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
        absoluteMs: config.CONSOLE_SESSION_MAX_HOURS * 3_600_000,
      },
      // A key of its own for CSRF tokens, derived from a secret production already requires.
      csrfKey: Buffer.from(hkdfSync('sha256', config.PHONE_HASH_KEY, Buffer.alloc(0), 'acompana/console/csrf', 32)),
      signInLimits: DEFAULT_SIGN_IN_LIMITS,
    },
    authAttempts: redisRateCounter(core.redis, config.QUEUE_PREFIX),
    checkIns: staffCheckInChanges(deps.checkIns),
    unknownSenders,
    videoCalls: {
      cancelUpcoming: (caseId, actor) => cancelCaseSessions(deps.appointments, caseId, actor),
      giveUpcoming: (caseId, fromId, toId, actor) => giveCaseSessions(deps.appointments, caseId, fromId, toId, actor),
    },
    interrupts: core.settings,
    hashCodeWord: codeWordHasher(config.PHONE_HASH_KEY),
    extraRoutes: async (app) => {
      await app.register(checkInRoutes, {
        checkIns: deps.checkIns,
        authorize: authorize(['coordinator']),
        staffIdOf: (request) => request.staff?.id ?? null,
        audit: prismaAuditTrail(db),
      });
      await app.register(appointmentRoutes, {
        appointments: deps.appointments,
        coordinators: authorize(['coordinator']),
        closers: authorize(['psychologist', 'coordinator']),
      });
      await app.register(undeliveredRoutes, { undelivered: sqlUndeliveredQueries(db), authorize: authorize(['coordinator']), clock });
      await app.register(unknownSenderRoutes, {
        unknownSenders,
        audit: prismaAuditTrail(db, privacy.cipher),
        events: core.events,
        checkIns: staffCheckInChanges(deps.checkIns),
        dispatcher: core.dispatcher,
        interrupts: core.settings,
        authorize: authorize(['coordinator']),
        clock,
      });
      await app.register(calendarRoutes, { appointments: deps.appointments, queries: prismaCalendarQueries(db) });
      const reports = createReports({ counts: prismaReportCounts(db), audit: prismaAuditTrail(db), staffHours: config.STAFF_HOURS });
      await app.register(reportRoutes, { reports, authorize: authorize(['coordinator', 'admin']), clock });
      await app.register(bulletinRoutes, {
        reports,
        bulletins: createBulletins({ store: prismaBulletinStore(db), counts: prismaReportCounts(db), audit: prismaAuditTrail(db), clock, staffHours: config.STAFF_HOURS }),
        authorize: authorize(['coordinator', 'admin']),
      });
      await app.register(importRoutes, {
        deps: {
          store: prismaInterventionImportStore(db, privacy),
          checkIns: { plan: deps.checkIns.plan, policyDefaults: deps.checkIns.policyDefaults },
          invitationFlows: [deps.appointments.flows.invitation],
          deniedWords: core.settings.denyList,
          clock,
          log: core.log,
        },
        authorize: authorize(['coordinator']),
        checked: redisCheckedImports(core.redis, config.QUEUE_PREFIX, privacy.cipher),
      });
      await app.register(banavimRoutes, {
        banavim: createBanavim({ store: prismaBanavimStore(db, privacy), audit: prismaAuditTrail(db), clock }),
        authorize: authorize(['coordinator']),
        clock,
      });
      if (adminRoutes) await adminRoutes(app, authorize(['admin']));
    },
  };
}
