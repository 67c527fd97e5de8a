import type { FastifyInstance } from 'fastify';
import type { SessionPolicy } from '../app/console/sessions.js';
import type {
  AuditTrail,
  ConsoleCaseStore,
  ConversationQueries,
  FollowUpCheckIns,
  InboxQueries,
  PasswordHasher,
  StaffAccounts,
  StaffSessions,
  VideoCallSessions,
} from '../app/console/ports.js';
import type { FlowRegistry } from '../app/flow-registry.js';
import type { UnknownSenderQueries } from '../app/console/unknown-senders.js';
import type { InterruptSettings } from '../engine/index.js';
import type { AuditLogQueries } from '../app/console/read-audit-log.js';
import type { RateCounter } from '../app/flood-guard.js';
import type { SignInLimits } from '../app/console/sign-in-throttle.js';
import type { CaseEventBus, Clock, ContactChannel, OutboundDispatcher } from '../app/ports.js';

/** How the console behaves, from the configuration. */
export interface ConsoleSettings {
  /** Send cookies only over HTTPS (`CONSOLE_SECURE_COOKIES`). */
  secureCookies: boolean;
  session: SessionPolicy;
  /** HMAC key of the CSRF tokens. */
  csrfKey: Buffer;
  /** How many sign-in attempts each window allows (per account and address, per account, per address). */
  signInLimits: SignInLimits;
}

/** Everything the staff console is built from: the app's ports, implemented by the caller. */
export interface ConsoleDeps {
  cases: ConsoleCaseStore;
  inbox: InboxQueries;
  conversations: ConversationQueries;
  staff: StaffAccounts;
  sessions: StaffSessions;
  audit: AuditTrail;
  /** The audit log as admins read it (`/admin/registro`). */
  auditLog: AuditLogQueries;
  hasher: PasswordHasher;
  events: CaseEventBus;
  dispatcher: OutboundDispatcher;
  flows: FlowRegistry;
  clock: Clock;
  /** The channel survivors are reached on (staff messages are recorded on it). */
  channel: ContactChannel;
  /** The case's check-ins: added, moved and cancelled from its page; all cancelled when staff end its follow-up. */
  checkIns: FollowUpCheckIns;
  /** Numbers that wrote without an open case: the inbox tells coordinators how many wait for review. */
  unknownSenders: Pick<UnknownSenderQueries, 'pendingCount'>;
  /** Her video-call sessions: all still to happen are cancelled when staff record her video-call consent withdrawn. */
  videoCalls: VideoCallSessions;
  /**
   * The deployment's emergency, opt-out and denied words (`flows/ajustes.yaml`): a code word must not
   * hide the first two, and an alias, which her messages carry, must hold none of the last.
   */
  interrupts: InterruptSettings;
  /** The keyed hash of a code word's normalized form: only that is stored (`PHONE_HASH_KEY`). */
  hashCodeWord(normalized: string): string;
  settings: ConsoleSettings;
  /** Where sign-in and password-change attempts are counted: shared by every console process (Redis). */
  authAttempts: RateCounter;
  /**
   * More staff routes (reports, BANAVIM), registered inside the console so they get its sign-in, error
   * pages and headers; guard each with `authorize(roles)`.
   */
  extraRoutes?: (app: FastifyInstance) => Promise<void>;
}
