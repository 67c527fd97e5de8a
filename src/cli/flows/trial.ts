import { DateTime, Duration } from 'luxon';
import {
  applyInterrupt,
  UNIT_TIME_ZONE,
  detectInterrupt,
  EngineError,
  LANGUAGES,
  normalizeCodeWord,
  resume,
  start,
  type CompiledFlow,
  type FieldValue,
  type FlowEvent,
  type FlowInput,
  type FlowLookup,
  type FlowSession,
  type InterruptSettings,
  type Language,
  type RunContext,
} from '../../engine/index.js';

/** How a trial starts: who she is and when it is. */
export interface TrialOptions {
  readonly language: Language;
  readonly alias: string | null;
  /** The fake clock's first instant, ISO. */
  readonly now: string;
  readonly insideSafeHours: boolean;
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** Her code word for this trial: a message equal to it (normalized) is the code word. */
  readonly codeWord?: string | undefined;
}

/** The commands a trial understands, for `/help`. */
export const TRIAL_HELP = [
  'Type her messages. Commands:',
  '  /advance 2h       move the clock (m, h, d or ISO such as PT30M); a timeout due meanwhile fires',
  '  /timeout          she does not answer: jump to the timeout of the current wait and fire it',
  '  /now              show the clock',
  '  /safe on|off      inside or outside her safe hours',
  '  /lang es-MX|en|yua  her language',
  '  /field name=value set a case field (true, false, null, numbers and texts)',
  '  /code TEXT        send TEXT as her code word',
  '  /session          show the stored session (JSON)',
  '  /restart          start the flow again',
  '  /quit             leave',
].join('\n');

/**
 * One run of a flow in the terminal, with the same engine and interrupts as the service and a fake
 * clock: each call returns the lines to print. Kept apart from the terminal so tests drive it.
 *
 * @example
 * const trial = new FlowTrial(flow, flows, settings, options);
 * trial.begin();          // ['← Hola Lupita, soy Ana. 🙂', ...]
 * trial.handle('1');      // her answer
 * trial.handle('/advance 4h');
 */
export class FlowTrial {
  private clock: DateTime;
  private language: Language;
  private insideSafeHours: boolean;
  private readonly fields: Record<string, FieldValue>;
  private session: FlowSession | null = null;
  private deadline: DateTime | undefined;

  constructor(
    private readonly flow: CompiledFlow,
    private readonly flows: FlowLookup,
    private readonly settings: InterruptSettings,
    private readonly options: TrialOptions,
  ) {
    this.clock = DateTime.fromISO(options.now, { zone: 'utc' });
    if (!this.clock.isValid) throw new Error(`--now: "${options.now}" is not an ISO instant`);
    this.language = options.language;
    this.insideSafeHours = options.insideSafeHours;
    this.fields = { ...options.fields };
  }

  /** Whether `/quit` was asked. */
  quit = false;

  /** Starts (or restarts) the flow. */
  begin(): string[] {
    const result = this.guard(() => start(this.flow, this.context(), this.flows));
    if (result === undefined) return this.errorLines;
    this.session = result.session;
    return [`[${this.clockText()}] ${this.flow.name} (${this.flow.id}) starts`, ...this.describe(result.events)];
  }

  /** Handles one line: a command, or her message. */
  handle(line: string): string[] {
    const text = line.trim();
    if (text.startsWith('/')) return this.command(text);
    if (text === '') return [];
    return this.message(line, this.isCodeWord(line));
  }

  private command(text: string): string[] {
    const [name = '', ...words] = text.slice(1).split(/\s+/);
    const argument = words.join(' ');
    switch (name) {
      case 'help':
      case 'ayuda':
        return TRIAL_HELP.split('\n');
      case 'quit':
      case 'exit':
      case 'salir':
        this.quit = true;
        return [];
      case 'now':
        return [`· it is ${this.clockText()}`];
      case 'advance':
      case 'avanzar':
        return this.advance(argument);
      case 'timeout':
        return this.fireTimeout();
      case 'safe':
        if (argument !== 'on' && argument !== 'off') return ['· usage: /safe on|off'];
        this.insideSafeHours = argument === 'on';
        return [`· ${this.insideSafeHours ? 'inside' : 'outside'} her safe hours`];
      case 'lang':
        if (!(LANGUAGES as readonly string[]).includes(argument)) return [`· usage: /lang ${LANGUAGES.join('|')}`];
        this.language = argument as Language;
        return [`· language ${argument}`];
      case 'field': {
        const match = /^([a-z][a-z0-9_]*)=(.*)$/.exec(argument);
        if (match === null) return ['· usage: /field name=value'];
        this.fields[match[1] ?? ''] = parseFieldValue(match[2] ?? '');
        return [`· field ${match[1]} = ${JSON.stringify(this.fields[match[1] ?? ''])}`];
      }
      case 'code':
        return argument === '' ? ['· usage: /code TEXT'] : this.message(argument, true);
      case 'session':
        return JSON.stringify(this.session, null, 2).split('\n');
      case 'restart':
        this.deadline = undefined;
        return this.begin();
      default:
        return [`· unknown command /${name}; /help lists them`];
    }
  }

  private message(text: string, isCodeWord: boolean): string[] {
    const ctx = this.context();
    const interrupt = detectInterrupt(this.settings, text, { isCodeWord, language: this.language });
    if (interrupt !== null) {
      const applied = applyInterrupt(interrupt, this.session, ctx);
      this.session = applied.session;
      this.deadline = undefined;
      return [`· interrupt: ${interrupt.kind}`, ...this.describe(applied.events)];
    }
    return this.resumeWith({ kind: 'text', text });
  }

  private resumeWith(input: FlowInput): string[] {
    const session = this.session;
    if (session === null || session.status === 'ended') {
      return ['· the flow has ended: only interrupts answer now; /restart to run it again'];
    }
    const flow = this.flows.get(session.flowId) ?? this.flow;
    const result = this.guard(() => resume(flow, session, input, this.context(), this.flows));
    if (result === undefined) return this.errorLines;
    this.session = result.session;
    return this.describe(result.events);
  }

  private advance(argument: string): string[] {
    const duration = parseDuration(argument);
    if (duration === undefined) return ['· usage: /advance 30m | 2h | 1d | PT4H'];
    const target = this.clock.plus(duration);
    const lines: string[] = [];
    if (this.deadline !== undefined && this.deadline <= target) {
      this.clock = this.deadline;
      lines.push(`· [${this.clockText()}] no answer: the timeout fires`, ...this.resumeWith({ kind: 'timeout' }));
    }
    this.clock = target;
    return [...lines, `· it is ${this.clockText()}`];
  }

  private fireTimeout(): string[] {
    if (this.deadline === undefined) return ['· the flow is not waiting with a timeout'];
    this.clock = this.deadline;
    return [`· [${this.clockText()}] no answer: the timeout fires`, ...this.resumeWith({ kind: 'timeout' })];
  }

  private isCodeWord(text: string): boolean {
    const word = this.options.codeWord;
    return word !== undefined && normalizeCodeWord(word) !== '' && normalizeCodeWord(text) === normalizeCodeWord(word);
  }

  private context(): RunContext {
    return {
      now: this.clock.toISO() ?? this.options.now,
      language: this.language,
      alias: this.options.alias,
      timezone: UNIT_TIME_ZONE,
      insideSafeHours: this.insideSafeHours,
      fields: { ...this.fields },
    };
  }

  private clockText(): string {
    return `${this.clock.setZone(UNIT_TIME_ZONE).setLocale('es-MX').toFormat('ccc d LLL yyyy HH:mm')} (Cancún)`;
  }

  private errorLines: string[] = [];

  private guard<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      this.errorLines = [`· engine error ${error.message}`];
      return undefined;
    }
  }

  /** Lines for the events of one step; remembers the timeout of a wait. */
  private describe(events: readonly FlowEvent[]): string[] {
    this.deadline = undefined;
    return events.flatMap((event) => this.describeEvent(event));
  }

  private describeEvent(event: FlowEvent): string[] {
    switch (event.type) {
      case 'message':
        return event.text.split('\n').map((line, index) => (index === 0 ? `← ${line}` : line === '' ? '' : `  ${line}`));
      case 'wait':
        if (event.timeoutSeconds === undefined) return [`  · waits for her answer at "${event.node}"`];
        this.deadline = this.clock.plus({ seconds: event.timeoutSeconds });
        return [`  · waits for her answer at "${event.node}" (no answer by ${this.at(this.deadline)}: /timeout)`];
      case 'input_rejected':
        return [`  · not understood at "${event.node}" (attempt ${event.attempt})`];
      case 'result_saved':
        return [`  · result ${event.name} = ${JSON.stringify(event.value)}${resultNote(event)}`];
      case 'case_field_set':
        return [`  · case field ${event.name} = ${JSON.stringify(event.value)}`];
      case 'handoff':
        return [`  · HANDOFF to a person, ${event.urgency} (reason ${event.reason}): the bot stays silent on this case`];
      case 'schedule_checkin': {
        const when =
          event.at !== undefined
            ? `at ${this.at(DateTime.fromISO(event.at))}`
            : event.after !== undefined
              ? `in ${event.after}`
              : 'at her next safe slot';
        return [`  · schedule check-in "${event.flow}" ${when} (reason ${event.reason})`];
      }
      case 'flow_entered':
        return [`  · enters flow "${event.flow}" at "${event.start}"`];
      case 'cancel_pending':
        return [`  · cancel every pending message and check-in (${event.reason})`];
      case 'opted_out':
        return ['  · opted out: nothing more is sent until she writes again'];
      case 'flow_ended':
        return [`  · flow ended: ${event.outcome}`];
    }
  }

  private at(instant: DateTime): string {
    return instant.setZone(UNIT_TIME_ZONE).setLocale('es-MX').toFormat('ccc d LLL HH:mm');
  }
}

/** `30m`, `2h`, `1d`, `90s`, or an ISO-8601 duration. */
export function parseDuration(text: string): Duration | undefined {
  const short = /^(\d+)\s*(s|m|min|h|d)$/.exec(text.trim());
  if (short !== null) {
    const amount = Number(short[1]);
    const unit = short[2] === 'd' ? 'days' : short[2] === 'h' ? 'hours' : short[2] === 's' ? 'seconds' : 'minutes';
    return Duration.fromObject({ [unit]: amount });
  }
  const iso = Duration.fromISO(text.trim().toUpperCase());
  return iso.isValid ? iso : undefined;
}

/** `true`, `false`, `null`, a number, or else the text itself. */
export function parseFieldValue(text: string): FieldValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** ` (choice mal)` for a choice answer; ` (counted as si)` for another category; nothing without one. */
function resultNote(event: Extract<FlowEvent, { type: 'result_saved' }>): string {
  if (event.choice !== undefined) return ` (choice ${event.choice})`;
  return event.category === undefined ? '' : ` (counted as ${event.category})`;
}
