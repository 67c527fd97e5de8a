import type pg from 'pg';
import { uuidV7 } from './uuid-v7.js';
import type {
  Attention,
  CaseConversation,
  ContactChannel,
  HumanTakeover,
  InboundMessage,
  NewAlert,
  NewOutboundContact,
  NonTextInbound,
  PersonCall,
  PersonRequest,
  SessionWrite,
  StoredSession,
} from '../app/ports.js';
import type { AuditEntry } from '../app/audit/ports.js';
import { auditInsert } from './audit-trail.js';
import type { CaseFieldsSnapshot, StoredCaseFields } from '../app/case-fields.js';
import type { SavedResult } from '../app/flow-results.js';
import { isOverlap, readFields, type PrivacyTools } from './conversation-store.js';
import { SqlStatement } from './sql-statement.js';
import { attachmentInserts } from './contact-attachments.js';
import { queryThenCommit } from './query-then-commit.js';
import { CASE_CONTACT_COLUMNS, CASE_CONTACT_FROM, toCaseContact, toCaseContactRow, type CaseContactSqlRow } from './case-contact.js';

/** A session of hers not closed yet, as the snapshot reads it (JSON: times are ISO strings). */
interface ActiveAppointment {
  id: string;
  startsAt: string;
  endsAt: string;
  status: 'proposed' | 'confirmed' | 'rescheduled';
  videoRoom: string;
  reminderDaySentAt: string | null;
  reminderHourSentAt: string | null;
  offeredSlots: { startsAt: string; endsAt: string }[] | null;
}

/** What one read under the lock learns about the case, kept up to date by the writes deferred since. */
interface CaseSnapshot {
  attention: Attention;
  openCheckInId: string | null;
  session: { id: string; flowId: string; stateCipher: Uint8Array } | null;
  /** The inbound message the turn is about: whether it is recorded and, if so, its unsent replies. */
  inbound: { channel: ContactChannel; channelMessageId: string; id: string | null; unsent: string[] } | null;
  /** The fields flows stored on the case (no deferred write changes them). */
  fieldsCipher: Uint8Array | null;
  /** Her sessions not closed yet, earliest first: which is next depends on the `now` asked about. */
  appointments: ActiveAppointment[];
}

/**
 * What one read under the lock learns about a case (`$1`) and the message a turn is about (`$2` its
 * channel, `$3` its channel id): one row, or none when the case does not exist. The query is a
 * function of the database (migration `open_turn_functions`), which her turn's opening runs too.
 */
const CASE_SNAPSHOT = `SELECT * FROM acompana_case_snapshot($1::uuid, $2::"ContactChannel", $3)`;

/** A row of {@link CASE_SNAPSHOT}. */
export interface SnapshotRow {
  attention: Attention;
  openCheckInId: string | null;
  sessionId: string | null;
  flowId: string | null;
  stateCipher: Buffer | null;
  inboundId: string | null;
  unsent: string[];
  fieldsCipher: Buffer | null;
  appointments: ActiveAppointment[];
}

/** The {@link CaseSnapshot} a row of {@link CASE_SNAPSHOT} holds; `inbound` only when read for a message. */
function snapshotOf(row: SnapshotRow, message: { channel: ContactChannel; channelMessageId: string } | undefined): CaseSnapshot {
  return {
    attention: row.attention,
    openCheckInId: row.openCheckInId,
    session: row.sessionId ? { id: row.sessionId, flowId: row.flowId!, stateCipher: row.stateCipher! } : null,
    inbound: message ? { ...message, id: row.inboundId, unsent: row.unsent } : null,
    fieldsCipher: row.fieldsCipher,
    appointments: row.appointments,
  };
}

const UNSENT = `SELECT id::text FROM "Contact" WHERE "causeId" = $1::uuid AND direction = 'outbound'
  AND status IN ('queued', 'sending') ORDER BY sequence`;

/**
 * The writes of one turn of a case in plain SQL, on a `pg` client inside the transaction that holds
 * the case's lock. Reads the turn needs (attention, open check-in, waiting session, whether her
 * message is already recorded, the case's fields and her sessions not closed yet) come from one query; the turn's usual writes (check-in answered,
 * session, her message, the replies, the results it saved) are kept and sent as one statement of CTEs,
 * with `COMMIT` in the same round trip, by {@link commit}, which the caller runs to end the unit of work. Any other read or write first sends what is kept, so every
 * statement sees the turn's earlier writes in order. Ids are UUIDv7 made here, as Prisma makes them.
 * Whatever else the unit of work does on the case goes through {@link query}, on the same terms.
 * `opened` is that read when the transaction's first round trip already made it, for the message given.
 * The one implementation of the port: every unit of work on a case builds it in `inLockedCase` or,
 * for her turn, `inLockedCaseOfPhone` (`locked-case-transaction.ts`).
 */
export class SqlCaseConversation implements CaseConversation {
  private snapshot: CaseSnapshot | null = null;
  private pending = new SqlStatement();
  private sessionPending = false;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly caseId: string,
    private readonly privacy: PrivacyTools,
    opened?: { message: { channel: ContactChannel; channelMessageId: string }; row: SnapshotRow | undefined },
  ) {
    if (opened?.row) this.snapshot = snapshotOf(opened.row, opened.message);
  }

  /**
   * Sends the writes kept so far and `COMMIT` in one round trip (`COMMIT` alone when nothing is kept):
   * the end of the unit of work, on the transaction `locked-case-transaction.ts` opened.
   */
  async commit(): Promise<void> {
    const statement = this.takePending();
    await (statement.empty ? this.client.query('COMMIT') : queryThenCommit(this.client, statement.query()));
  }

  /** Sends the writes kept so far, as one statement. */
  private async flush(): Promise<void> {
    if (this.pending.empty) return;
    await this.client.query(this.takePending().query());
  }

  /** The writes kept so far, handed over to be sent: nothing is kept after it. */
  private takePending(): SqlStatement {
    const statement = this.pending;
    this.pending = new SqlStatement();
    this.sessionPending = false;
    return statement;
  }

  async unsentFor(channel: ContactChannel, channelMessageId: string) {
    const snapshot = await this.load({ channel, channelMessageId });
    const inbound = snapshot.inbound!;
    return inbound.id ? { causeId: inbound.id, contactIds: inbound.unsent } : null;
  }

  async markCheckInAnswered(at: Date) {
    const snapshot = await this.load();
    const id = snapshot.openCheckInId;
    if (!id) return null;
    const s = this.pending;
    s.add(`UPDATE "CheckIn" SET status = 'answered', "answeredAt" = ${s.param(at)}, "updatedAt" = clock_timestamp() WHERE id = ${s.param(id)}::uuid`);
    s.add(`UPDATE "Case" SET "missedInARow" = 0 WHERE id = ${s.param(this.caseId)}::uuid`);
    snapshot.openCheckInId = null;
    return id;
  }

  async attention() {
    return (await this.load()).attention;
  }

  async sentSinceHerLastMessage(channel: ContactChannel, channelMessageId: string) {
    const { rows } = await this.read(
      `SELECT EXISTS (
         SELECT 1 FROM "Contact" o
          WHERE o.channel = $2::"ContactChannel" AND o.direction = 'outbound' AND o."channelMessageId" = $3 AND o."caseId" = $1::uuid
            AND NOT EXISTS (SELECT 1 FROM "Contact" i WHERE i."caseId" = $1::uuid AND i.direction = 'inbound' AND i."createdAt" > o."createdAt")
       ) AS answers`,
      [this.caseId, channel, channelMessageId],
    );
    return (rows[0] as { answers: boolean }).answers;
  }

  async lastSessionMessage(sessionId: string) {
    // Through the (caseId, createdAt) index, newest first: a session's messages are the case's latest.
    const { rows } = await this.read(
      `SELECT status::text AS status, "statusAt" FROM "Contact"
        WHERE "caseId" = $1::uuid AND direction = 'outbound' AND "sessionId" = $2::uuid
        ORDER BY "createdAt" DESC, sequence DESC LIMIT 1`,
      [this.caseId, sessionId],
    );
    return (rows[0] as { status: string; statusAt: Date } | undefined) ?? null;
  }

  async contactState() {
    const row = (await this.read(`SELECT ${CASE_CONTACT_COLUMNS} FROM ${CASE_CONTACT_FROM} WHERE c.id = $1::uuid`, [this.caseId])).rows[0] as CaseContactSqlRow | undefined;
    if (!row) throw new Error('the case of this conversation does not exist');
    return toCaseContact(toCaseContactRow(row));
  }

  async activeSession(): Promise<StoredSession | null> {
    const row = (await this.load()).session;
    return row ? { id: row.id, flowId: row.flowId, state: JSON.parse(this.privacy.cipher.decrypt(row.stateCipher)) as unknown } : null;
  }

  async saveSession(write: SessionWrite) {
    // Two writes of session rows in one statement could touch the same row: send the first on its own.
    if (this.sessionPending) await this.flush();
    const snapshot = this.snapshot;
    const stateCipher = this.privacy.cipher.encrypt(JSON.stringify(write.state));
    const status = write.ended ? 'ended' : 'waiting';
    const endedAt = write.ended ? new Date() : null;
    const timeoutAt = write.ended ? null : write.timeoutAt;
    const s = this.pending;
    let id = write.id;
    if (id) {
      s.add(`UPDATE "FlowSession" SET "flowId" = ${s.param(write.flowId)}, "stateCipher" = ${s.param(stateCipher)},
        status = ${s.param(status)}::"SessionStatus", outcome = ${s.param(write.outcome ?? null)}, "endedAt" = ${s.param(endedAt)},
        "timeoutAt" = ${s.param(timeoutAt)}, "updatedAt" = clock_timestamp() WHERE id = ${s.param(id)}::uuid`);
    } else {
      id = uuidV7();
      const caseId = s.param(this.caseId);
      s.add(`UPDATE "FlowSession" SET status = 'ended', outcome = 'reemplazada', "endedAt" = ${s.param(new Date())},
        "timeoutAt" = NULL, "updatedAt" = clock_timestamp() WHERE "caseId" = ${caseId}::uuid AND status = 'waiting'`);
      s.add(`INSERT INTO "FlowSession" (id, "caseId", "flowId", status, "stateCipher", outcome, "endedAt", "timeoutAt", "createdAt", "updatedAt")
        VALUES (${s.param(id)}::uuid, ${caseId}::uuid, ${s.param(write.flowId)}, ${s.param(status)}::"SessionStatus",
        ${s.param(stateCipher)}, ${s.param(write.outcome ?? null)}, ${s.param(endedAt)}, ${s.param(timeoutAt)}, clock_timestamp(), clock_timestamp())`);
    }
    this.sessionPending = true;
    if (snapshot) {
      const replacesActive = !write.id || snapshot.session?.id === write.id;
      if (replacesActive) snapshot.session = write.ended ? null : { id, flowId: write.flowId, stateCipher };
      else if (!write.ended) this.snapshot = null; // another session waits again: which one is latest is read anew
    }
    return id;
  }

  async timeoutDueAt(sessionId: string) {
    const rows = await this.read(`SELECT "timeoutAt" FROM "FlowSession" WHERE id = $1::uuid AND "caseId" = $2::uuid AND status = 'waiting'`, [sessionId, this.caseId]);
    return (rows.rows[0] as { timeoutAt: Date | null } | undefined)?.timeoutAt ?? null;
  }

  async moveTimeout(sessionId: string, at: Date | null) {
    await this.write(`UPDATE "FlowSession" SET "timeoutAt" = $3 WHERE id = $1::uuid AND "caseId" = $2::uuid AND status = 'waiting'`, [sessionId, this.caseId, at]);
  }

  async recordInbound(message: InboundMessage, sessionId: string | null) {
    const known = this.snapshot?.inbound;
    const sameMessage = known && known.channel === message.channel && known.channelMessageId === message.channelMessageId;
    if (sameMessage ? known.id !== null : await this.inboundExists(message.channel, message.channelMessageId)) return null;
    const id = uuidV7();
    const s = this.pending;
    s.add(`INSERT INTO "Contact" (id, "caseId", "sessionId", direction, channel, author, kind, "textCipher", "channelMessageId", status, "createdAt", "statusAt")
      VALUES (${s.param(id)}::uuid, ${s.param(this.caseId)}::uuid, ${s.param(sessionId)}::uuid, 'inbound', ${s.param(message.channel)}::"ContactChannel",
      'survivor', ${s.param(message.captionOf ?? 'text')}::"ContactKind", ${s.param(this.privacy.cipher.encrypt(message.text))}, ${s.param(message.channelMessageId)}, 'received',
      ${s.param(new Date(message.receivedAt))}, clock_timestamp())`);
    for (const insert of attachmentInserts(this.privacy.cipher, id, { media: message.media })) {
      s.add(insert.sql.replace(/\$(\d+)/g, (_, n: string) => s.param(insert.params[Number(n) - 1])));
    }
    if (this.snapshot) this.snapshot.inbound = { channel: message.channel, channelMessageId: message.channelMessageId, id, unsent: [] };
    return { contactId: id };
  }

  async recordOutbound(causeId: string, channel: ContactChannel, messages: readonly NewOutboundContact[], options: { claimed?: boolean } = {}) {
    if (messages.length === 0) return [];
    const status = options.claimed ? `'sending'` : `'queued'`;
    const s = this.pending;
    const [caseRef, causeRef, channelRef] = [s.param(this.caseId), s.param(causeId), s.param(channel)];
    const ids = messages.map(() => uuidV7());
    const rows = messages.map((m, i) => {
      const template = m.template ? this.privacy.cipher.encrypt(JSON.stringify(m.template)) : null;
      return `(${s.param(ids[i])}::uuid, ${caseRef}::uuid, ${s.param(m.sessionId ?? null)}::uuid, 'outbound', ${channelRef}::"ContactChannel",
        ${s.param(m.author)}::"ContactAuthor", ${s.param(m.staffId ?? null)}::uuid, ${s.param(this.privacy.cipher.encrypt(m.text))}, ${s.param(template)}::bytea,
        ${s.param(m.flowId ?? null)}, ${s.param(m.nodeId ?? null)}, ${status}, ${causeRef}::uuid, ${s.param(m.sequence)}::int, clock_timestamp(), clock_timestamp())`;
    });
    s.add(`INSERT INTO "Contact" (id, "caseId", "sessionId", direction, channel, author, "staffId", "textCipher", "templateCipher",
      "flowId", "nodeId", status, "causeId", sequence, "createdAt", "statusAt") VALUES ${rows.join(', ')}`);
    const inbound = this.snapshot?.inbound;
    if (inbound?.id === causeId) inbound.unsent = [...inbound.unsent, ...ids];
    return ids;
  }

  async recordNonTextInbound(message: NonTextInbound) {
    if (await this.inboundExists(message.channel, message.channelMessageId)) return null;
    const id = uuidV7();
    await this.write(`INSERT INTO "Contact" (id, "caseId", direction, channel, author, kind, "channelMessageId", status, "createdAt", "statusAt")
      VALUES ($1::uuid, $2::uuid, 'inbound', $3::"ContactChannel", 'survivor', $4::"ContactKind", $5, 'received', $6, clock_timestamp())`,
      [id, this.caseId, message.channel, message.kind, message.channelMessageId, new Date(message.receivedAt)]);
    for (const insert of attachmentInserts(this.privacy.cipher, id, message)) await this.write(insert.sql, [...insert.params]);
    return { contactId: id };
  }

  async recordTakeover(event: HumanTakeover) {
    const existing = await this.read(`SELECT id FROM "Contact" WHERE channel = $1::"ContactChannel" AND direction = 'outbound' AND "channelMessageId" = $2`, [
      event.channel,
      event.channelMessageId,
    ]);
    if (existing.rowCount) return null;
    const id = uuidV7();
    const at = new Date(event.at);
    await this.write(`INSERT INTO "Contact" (id, "caseId", direction, channel, author, kind, "textCipher", "channelMessageId", status, "createdAt", "statusAt")
      VALUES ($1::uuid, $2::uuid, 'outbound', $3::"ContactChannel", 'staff', $4::"ContactKind", $5, $6, 'sent', $7, $7)`,
      [id, this.caseId, event.channel, event.kind, event.kind === 'text' ? this.privacy.cipher.encrypt(event.text) : null, event.channelMessageId, at]);
    return { contactId: id };
  }

  async setAttention(change: { attention: Attention; reason: string; at: Date }) {
    await this.write(`UPDATE "Case" SET attention = $2::"Attention", "attentionReason" = $3, "attentionSince" = $4 WHERE id = $1::uuid`, [
      this.caseId,
      change.attention,
      change.reason,
      change.at,
    ]);
  }

  async cancelQueuedAutomatic(code: string, at: Date) {
    return this.write(`UPDATE "Contact" SET status = 'failed', "errorCode" = $2, "statusAt" = $3
      WHERE "caseId" = $1::uuid AND direction = 'outbound' AND status = 'queued' AND author IN ('bot', 'system')`, [this.caseId, code, at]);
  }

  async raiseAlert(alert: NewAlert) {
    const id = uuidV7();
    await this.write(`INSERT INTO "Alert" (id, "caseId", kind, urgency, reason, "createdAt") VALUES ($1::uuid, $2::uuid, $3::"AlertKind", $4::"Urgency", $5, clock_timestamp())`, [
      id,
      this.caseId,
      alert.kind,
      alert.urgency,
      alert.reason,
    ]);
    return id;
  }

  async raiseAlertUnlessOpen(alert: NewAlert) {
    const id = uuidV7();
    const result = await this.read(
      `INSERT INTO "Alert" (id, "caseId", kind, urgency, reason, "createdAt")
       SELECT $1::uuid, $2::uuid, $3::"AlertKind", $4::"Urgency", $5, clock_timestamp()
       WHERE NOT EXISTS (SELECT 1 FROM "Alert" WHERE "caseId" = $2::uuid AND kind = $3::"AlertKind" AND "resolvedAt" IS NULL)
       RETURNING id`,
      [id, this.caseId, alert.kind, alert.urgency, alert.reason],
    );
    return result.rowCount ? id : null;
  }

  async audit(entry: Omit<AuditEntry, 'subject'>) {
    const insert = auditInsert({ ...entry, subject: `case:${this.caseId}` });
    await this.write(insert.text, insert.values);
  }

  async endActiveSession(outcome: string) {
    await this.write(`UPDATE "FlowSession" SET status = 'ended', outcome = $2, "endedAt" = $3, "timeoutAt" = NULL, "updatedAt" = clock_timestamp()
      WHERE "caseId" = $1::uuid AND status = 'waiting'`, [this.caseId, outcome, new Date()]);
  }

  async callPerson(request: PersonRequest, at: Date): Promise<PersonCall> {
    const id = uuidV7();
    // Urgency only goes up (the enum is ordered none < normal < urgent); whoever holds the chat keeps it.
    const result = await this.read(`WITH c AS (UPDATE "Case" SET urgency = GREATEST(urgency, $3::"Urgency"), "attentionReason" = $4,
          attention = CASE WHEN "heldById" IS NULL THEN 'waiting_person'::"Attention" ELSE attention END,
          "attentionSince" = CASE WHEN "heldById" IS NULL THEN $5 ELSE "attentionSince" END
        WHERE id = $1::uuid RETURNING "heldById"),
      a AS (INSERT INTO "Alert" (id, "caseId", kind, urgency, reason, "createdAt") VALUES ($2::uuid, $1::uuid, $6::"AlertKind", $3::"Urgency", $4, $5))
      SELECT "heldById" FROM c`, [this.caseId, id, request.urgency, request.reason, at, request.kind]);
    return { alertId: id, heldById: (result.rows[0] as { heldById: string | null } | undefined)?.heldById ?? null };
  }

  async withdrawUnsent(code: string, at: Date) {
    // `sending` too: a sender holds a claimed message for minutes behind its pacing, or across the
    // retries of an outage, and asks whether it is still to be sent before it sends (`stillToSend`).
    return this.write(`UPDATE "Contact" SET status = 'failed', "errorCode" = $2, "statusAt" = $3
      WHERE "caseId" = $1::uuid AND direction = 'outbound' AND status IN ('queued', 'sending')`, [this.caseId, code, at]);
  }

  async setOptedOut(at: Date | null) {
    await this.write(`UPDATE "Survivor" SET "optedOutAt" = $2 WHERE id = (SELECT "survivorId" FROM "Case" WHERE id = $1::uuid)`, [this.caseId, at]);
  }

  async unsentCausedBy(causeId: string) {
    const result = await this.read(UNSENT, [causeId], 'unsent-caused-by');
    return result.rows.map((r: { id: string }) => r.id);
  }

  /** The fields flows stored on the case and her next session ending after `now`. */
  async caseFields(now: Date): Promise<CaseFieldsSnapshot> {
    // From the turn's one snapshot (read now if not yet, or stale after a write).
    const snapshot = await this.load();
    const stored = readFields(snapshot.fieldsCipher, this.privacy);
    const next = snapshot.appointments.find((a) => Date.parse(a.endsAt) > now.getTime());
    if (!next) return { stored, appointment: null };
    const offers = Array.isArray(next.offeredSlots)
      ? next.offeredSlots.map((o) => ({ startsAt: new Date(o.startsAt), endsAt: new Date(o.endsAt) }))
      : [];
    const at = (value: string | null) => (value === null ? null : new Date(value));
    return {
      stored,
      appointment: {
        id: next.id,
        startsAt: new Date(next.startsAt),
        status: next.status,
        videoRoom: next.videoRoom,
        reminderDaySentAt: at(next.reminderDaySentAt),
        reminderHourSentAt: at(next.reminderHourSentAt),
        offers,
      },
    };
  }

  async setCaseFields(changes: StoredCaseFields) {
    if (Object.keys(changes).length === 0) return;
    const result = await this.read(`SELECT "fieldsCipher" FROM "Case" WHERE id = $1::uuid`, [this.caseId]);
    const merged = { ...readFields((result.rows[0] as { fieldsCipher: Uint8Array | null } | undefined)?.fieldsCipher ?? null, this.privacy), ...changes };
    await this.write(`UPDATE "Case" SET "fieldsCipher" = $2 WHERE id = $1::uuid`, [this.caseId, this.privacy.cipher.encrypt(JSON.stringify(merged))]);
  }

  async recordResults(results: readonly SavedResult[], at: Date) {
    if (results.length === 0) return;
    // Kept with the turn's other writes: no round trip of its own.
    const s = this.pending;
    const [caseRef, atRef] = [s.param(this.caseId), s.param(at)];
    const rows = results.map((r) => `(${s.param(uuidV7())}::uuid, ${caseRef}::uuid, ${s.param(r.flowId)}, ${s.param(r.name)}, ${s.param(r.category)}, ${atRef}::timestamptz)`);
    s.add(`INSERT INTO "FlowResult" (id, "caseId", "flowId", name, category, "createdAt") VALUES ${rows.join(', ')}`);
  }

  async markAppointmentSent(appointmentId: string, what: 'reminderDaySentAt' | 'reminderHourSentAt' | 'linkSentAt', at: Date, startsAt?: Date) {
    // `what` is one of three column names, fixed by its type: never text from outside.
    const stillOn = startsAt ? ` AND status::text IN ('proposed', 'confirmed', 'rescheduled') AND "startsAt" = $4` : '';
    const changed = await this.write(
      `UPDATE "Appointment" SET "${what}" = $3 WHERE id = $1::uuid AND "caseId" = $2::uuid AND "${what}" IS NULL${stillOn}`,
      startsAt ? [appointmentId, this.caseId, at, startsAt] : [appointmentId, this.caseId, at],
    );
    return changed === 1;
  }

  async updateAppointment(appointmentId: string, change: { status: 'confirmed' | 'cancelled' | 'rescheduled'; startsAt?: Date; endsAt?: Date }) {
    const moves = change.startsAt !== undefined && change.endsAt !== undefined;
    // A savepoint, so a refused overlap leaves the turn's transaction usable.
    await this.write('SAVEPOINT appointment_update', []);
    try {
      const changed = await this.write(
        `UPDATE "Appointment" SET status = $3::"AppointmentStatus", "updatedAt" = clock_timestamp()${moves ? ', "startsAt" = $4, "endsAt" = $5' : ''}
         WHERE id = $1::uuid AND "caseId" = $2::uuid AND status IN ('proposed', 'confirmed', 'rescheduled')`,
        moves ? [appointmentId, this.caseId, change.status, change.startsAt, change.endsAt] : [appointmentId, this.caseId, change.status],
      );
      await this.write('RELEASE SAVEPOINT appointment_update', []);
      return changed === 1;
    } catch (error) {
      if (!isOverlap(error)) throw error;
      await this.write('ROLLBACK TO SAVEPOINT appointment_update', []);
      return false;
    }
  }

  private async load(message?: { channel: ContactChannel; channelMessageId: string }): Promise<CaseSnapshot> {
    if (this.snapshot && (!message || this.snapshot.inbound?.channelMessageId === message.channelMessageId)) return this.snapshot;
    const result = await this.read(CASE_SNAPSHOT, [this.caseId, message?.channel ?? 'simulator', message?.channelMessageId ?? null], 'case-snapshot');
    const row = result.rows[0] as SnapshotRow | undefined;
    if (!row) throw new Error('the case of this conversation does not exist');
    this.snapshot = snapshotOf(row, message);
    return this.snapshot;
  }

  private async inboundExists(channel: ContactChannel, channelMessageId: string): Promise<boolean> {
    const result = await this.read(`SELECT id FROM "Contact" WHERE channel = $1::"ContactChannel" AND direction = 'inbound' AND "channelMessageId" = $2`, [
      channel,
      channelMessageId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  /**
   * Runs a statement of the caller's in the case's transaction (its other writes and reads under the
   * lock: a check-in's, a staff action's), after the writes kept so far, so it sees them all; what
   * the conversation had read is read again when next asked, since the statement may have changed it.
   */
  async query(sql: string, values: unknown[]): Promise<pg.QueryResult> {
    await this.flush();
    const result = await this.client.query(sql, values);
    this.snapshot = null;
    return result;
  }

  /** A query that sees every write of the turn so far. */
  private async read(sql: string, values: unknown[], name?: string): Promise<pg.QueryResult> {
    await this.flush();
    return this.client.query(name ? { name, text: sql, values } : { text: sql, values });
  }

  /** A write sent now, after those kept; what was read before may be stale, so it is read again when asked. Returns rows changed. */
  private async write(sql: string, values: unknown[]): Promise<number> {
    return (await this.query(sql, values)).rowCount ?? 0;
  }
}
