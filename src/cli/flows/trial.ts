import { DateTime, Duration } from 'luxon';
import {
  applyInterrupt,
  UNIT_TIME_ZONE,
  detectInterrupt,
  asksOtherHours,
  detectFallbackInterrupt,
  EngineError,
  mentionsRisk,
  onlyAcknowledges,
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
  type Interrupt,
  type InterruptSettings,
  type Language,
  type RunContext,
  type StaffLanguage,
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
  /** The language of the trial's own lines (not hers): Mexican Spanish unless `en`. */
  readonly speaks?: StaffLanguage | undefined;
}

/** When a person is next on duty in a trial without one (`/staff off`): the service words it from `STAFF_HOURS`. */
const EXAMPLE_NEXT_ON_DUTY = 'mañana a las 9:00';

/** The commands a trial understands, for `/help`, in Mexican Spanish and in English. */
export const TRIAL_HELP: Readonly<Record<StaffLanguage, string>> = {
  es: [
    'Escribe sus mensajes. Comandos:',
    '  /advance 2h       adelanta el reloj (m, h, d o ISO como PT30M); si en ese lapso vence una espera, se dispara (también /avanzar)',
    '  /timeout          ella no responde: salta al vencimiento de la espera actual y lo dispara',
    '  /now              muestra el reloj',
    '  /safe on|off      dentro o fuera de su horario seguro',
    '  /staff on|off     hay o no hay alguien del personal en horario (fuera: {{atencion_hora}} es «mañana a las 9:00»)',
    '  /lang es-MX|en|yua  su idioma',
    '  /field nombre=valor  un campo del caso (true, false, null, números y textos)',
    '  /code TEXTO       envía TEXTO como su palabra clave',
    '  /session          muestra la sesión guardada (JSON)',
    '  /restart          empieza el flujo otra vez',
    '  /quit             sale (también /salir)',
  ].join('\n'),
  en: [
    'Type her messages. Commands:',
    '  /advance 2h       move the clock (m, h, d or ISO such as PT30M); a timeout due meanwhile fires',
    '  /timeout          she does not answer: jump to the timeout of the current wait and fire it',
    '  /now              show the clock',
    '  /safe on|off      inside or outside her safe hours',
    '  /staff on|off     a staff member on duty or not (off: {{atencion_hora}} is «mañana a las 9:00»)',
    '  /lang es-MX|en|yua  her language',
    '  /field name=value set a case field (true, false, null, numbers and texts)',
    '  /code TEXT        send TEXT as her code word',
    '  /session          show the stored session (JSON)',
    '  /restart          start the flow again',
    '  /quit             leave',
  ].join('\n'),
};

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
  /** Whether a staff member is on duty (`/staff`): the service reads it from `STAFF_HOURS`. */
  private staffOnDuty = true;
  private readonly fields: Record<string, FieldValue>;
  private session: FlowSession | null = null;
  private deadline: DateTime | undefined;
  /** The last message found no question to answer, or the question did not understand it. */
  private rejected = false;
  /** The language of the trial's own lines. */
  private readonly speaks: StaffLanguage;

  constructor(
    private readonly flow: CompiledFlow,
    private readonly flows: FlowLookup,
    private readonly settings: InterruptSettings,
    private readonly options: TrialOptions,
  ) {
    this.speaks = options.speaks ?? 'es';
    this.clock = DateTime.fromISO(options.now, { zone: 'utc' });
    if (!this.clock.isValid) throw new Error(this.say(`--now: "${options.now}" no es un instante ISO`, `--now: "${options.now}" is not an ISO instant`));
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
    const title = `[${this.clockText()}] ${this.flow.name} (${this.flow.id})`;
    return [this.say(`${title} empieza`, `${title} starts`), ...this.describe(result.events)];
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
        return TRIAL_HELP[this.speaks].split('\n');
      case 'quit':
      case 'exit':
      case 'salir':
        this.quit = true;
        return [];
      case 'now':
        return [this.nowLine()];
      case 'advance':
      case 'avanzar':
        return this.advance(argument);
      case 'timeout':
        return this.fireTimeout();
      case 'safe':
        if (argument !== 'on' && argument !== 'off') return [this.say('· uso: /safe on|off', '· usage: /safe on|off')];
        this.insideSafeHours = argument === 'on';
        return [
          this.insideSafeHours
            ? this.say('· dentro de su horario seguro', '· inside her safe hours')
            : this.say('· fuera de su horario seguro', '· outside her safe hours'),
        ];
      case 'staff':
        if (argument !== 'on' && argument !== 'off') return [this.say('· uso: /staff on|off', '· usage: /staff on|off')];
        this.staffOnDuty = argument === 'on';
        return [
          this.staffOnDuty
            ? this.say('· hay alguien del personal en horario', '· a staff member is on duty')
            : this.say(
                `· no hay nadie del personal en horario: se dicen los textos fuera de horario, y {{atencion_hora}} es «${EXAMPLE_NEXT_ON_DUTY}»`,
                `· no staff member on duty: the after-hours texts are said, and {{atencion_hora}} is «${EXAMPLE_NEXT_ON_DUTY}»`,
              ),
        ];
      case 'lang':
        if (!(LANGUAGES as readonly string[]).includes(argument)) return [this.say(`· uso: /lang ${LANGUAGES.join('|')}`, `· usage: /lang ${LANGUAGES.join('|')}`)];
        this.language = argument as Language;
        return [this.say(`· idioma ${argument}`, `· language ${argument}`)];
      case 'field': {
        const match = /^([a-z][a-z0-9_]*)=(.*)$/.exec(argument);
        if (match === null) return [this.say('· uso: /field nombre=valor', '· usage: /field name=value')];
        this.fields[match[1] ?? ''] = parseFieldValue(match[2] ?? '');
        const shown = `${match[1]} = ${JSON.stringify(this.fields[match[1] ?? ''])}`;
        return [this.say(`· campo ${shown}`, `· field ${shown}`)];
      }
      case 'code':
        return argument === '' ? [this.say('· uso: /code TEXTO', '· usage: /code TEXT')] : this.message(argument, true);
      case 'session':
        return JSON.stringify(this.session, null, 2).split('\n');
      case 'restart':
        this.deadline = undefined;
        return this.begin();
      default:
        return [this.say(`· no existe el comando /${name}; /help los muestra`, `· unknown command /${name}; /help lists them`)];
    }
  }

  private message(text: string, isCodeWord: boolean): string[] {
    const ctx = this.context();
    const interrupt = detectInterrupt(this.settings, text, { isCodeWord, language: this.language, duty: ctx });
    if (interrupt !== null) return this.interrupted(interrupt, ctx);
    // As the service does: a risk signal answers nothing but alerts a person, whatever the flow does.
    const alertLines = mentionsRisk(this.settings, text)
      ? [this.say('· señal de riesgo (ajustes.yaml): se avisa con urgencia a una persona; a ella no se le contesta nada por eso', '· risk signal (ajustes.yaml): a person is alerted urgently; nothing is answered her for it')]
      : [];
    if (asksOtherHours(this.settings, text)) {
      alertLines.push(this.say('· pide otro horario (ajustes.yaml): se avisa a una persona para que revise su horario seguro', '· asks for other hours (ajustes.yaml): a person is asked to look at her safe hours'));
    }
    // Her request for a person or for other hours, someone asking who writes, or her thanks, count where the question does not understand her.
    const before = { session: this.session, deadline: this.deadline };
    const lines = this.resumeWith({ kind: 'text', text });
    const request = this.rejected ? detectFallbackInterrupt(this.settings, text, this.language, ctx) : null;
    if (request !== null) {
      this.session = before.session;
      return [...alertLines, ...this.interrupted(request, ctx)];
    }
    if (!this.rejected || !onlyAcknowledges(this.settings, text)) return [...alertLines, ...lines];
    ({ session: this.session, deadline: this.deadline } = before);
    return [
      ...alertLines,
      this.say(
        '· agradecimiento (ajustes.yaml): se guarda en su caso y no se le contesta; no gasta un intento ni empieza una plática',
        '· acknowledgment (ajustes.yaml): kept on her case, nothing answered; it spends no attempt and starts no conversation',
      ),
    ];
  }

  private interrupted(interrupt: Interrupt, ctx: RunContext): string[] {
    const applied = applyInterrupt(interrupt, this.session, ctx);
    this.session = applied.session;
    this.deadline = undefined;
    return [this.say(`· interrupción: ${interrupt.kind}`, `· interrupt: ${interrupt.kind}`), ...this.describe(applied.events)];
  }

  private resumeWith(input: FlowInput): string[] {
    const session = this.session;
    this.rejected = session === null || session.status === 'ended';
    if (session === null || session.status === 'ended') {
      return [
        this.say(
          '· el flujo terminó: ahora solo responden las interrupciones; /restart para correrlo otra vez',
          '· the flow has ended: only interrupts answer now; /restart to run it again',
        ),
      ];
    }
    const flow = this.flows.get(session.flowId) ?? this.flow;
    const result = this.guard(() => resume(flow, session, input, this.context(), this.flows));
    if (result === undefined) return this.errorLines;
    this.session = result.session;
    this.rejected = result.events.some((event) => event.type === 'input_rejected');
    return this.describe(result.events);
  }

  private advance(argument: string): string[] {
    const duration = parseDuration(argument);
    if (duration === undefined) return [this.say('· uso: /advance 30m | 2h | 1d | PT4H', '· usage: /advance 30m | 2h | 1d | PT4H')];
    const target = this.clock.plus(duration);
    const lines: string[] = [];
    if (this.deadline !== undefined && this.deadline <= target) {
      this.clock = this.deadline;
      lines.push(this.timeoutLine(), ...this.resumeWith({ kind: 'timeout' }));
    }
    this.clock = target;
    return [...lines, this.nowLine()];
  }

  private fireTimeout(): string[] {
    if (this.deadline === undefined) return [this.say('· el flujo no está esperando con un tiempo límite', '· the flow is not waiting with a timeout')];
    this.clock = this.deadline;
    return [this.timeoutLine(), ...this.resumeWith({ kind: 'timeout' })];
  }

  /** Picks the line in the trial's language: `this.say('empieza', 'starts')`. */
  private say(es: string, en: string): string {
    return this.speaks === 'es' ? es : en;
  }

  private nowLine(): string {
    return this.say(`· ahora es ${this.clockText()}`, `· it is ${this.clockText()}`);
  }

  private timeoutLine(): string {
    return this.say(`· [${this.clockText()}] sin respuesta: vence la espera`, `· [${this.clockText()}] no answer: the timeout fires`);
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
      staffOnDuty: this.staffOnDuty,
      // `/field atencion_hora=…` words it otherwise.
      fields: { ...(this.staffOnDuty ? {} : { atencion_hora: EXAMPLE_NEXT_ON_DUTY }), ...this.fields },
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
      this.errorLines = [this.say(`· error del motor ${error.code}: ${engineErrorInSpanish(error)}`, `· engine error ${error.message}`)];
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
      case 'wait': {
        const waits = this.say(`  · espera su respuesta en "${event.node}"`, `  · waits for her answer at "${event.node}"`);
        if (event.timeoutSeconds === undefined) return [waits];
        this.deadline = this.clock.plus({ seconds: event.timeoutSeconds });
        const by = this.at(this.deadline);
        return [`${waits} ${this.say(`(si no responde antes del ${by}: /timeout)`, `(no answer by ${by}: /timeout)`)}`];
      }
      case 'input_rejected':
        if (event.greeting && event.again) {
          return [this.say(`  · volvió a saludar en "${event.node}": no se le contesta nada (la pregunta ya es lo último que tiene)`, `  · another greeting at "${event.node}": nothing is said (the question is the last thing she has)`)];
        }
        if (event.greeting) {
          return [this.say(`  · solo saludó en "${event.node}": se le vuelve a hacer la pregunta, sin gastar un intento`, `  · only a greeting at "${event.node}": the question is asked again, no attempt spent`)];
        }
        return [this.say(`  · no se entendió en "${event.node}" (intento ${event.attempt})`, `  · not understood at "${event.node}" (attempt ${event.attempt})`)];
      case 'result_saved': {
        const saved = `${event.name} = ${JSON.stringify(event.value)}${this.resultNote(event)}`;
        return [this.say(`  · resultado ${saved}`, `  · result ${saved}`)];
      }
      case 'case_field_set': {
        const set = `${event.name} = ${JSON.stringify(event.value)}`;
        return [this.say(`  · campo del caso ${set}`, `  · case field ${set}`)];
      }
      case 'handoff':
        return [
          this.say(
            `  · PASA A UNA PERSONA, ${event.urgency === 'urgent' ? 'urgente' : 'normal'} (motivo ${event.reason}): el bot se queda callado en este caso`,
            `  · HANDOFF to a person, ${event.urgency} (reason ${event.reason}): the bot stays silent on this case`,
          ),
        ];
      case 'schedule_checkin': {
        const when =
          event.at !== undefined
            ? this.say(`para el ${this.at(DateTime.fromISO(event.at))}`, `at ${this.at(DateTime.fromISO(event.at))}`)
            : event.after !== undefined
              ? this.say(`dentro de ${event.after}`, `in ${event.after}`)
              : this.say('en su siguiente horario seguro', 'at her next safe slot');
        return [
          this.say(
            `  · agenda un seguimiento "${event.flow}" ${when} (motivo ${event.reason})`,
            `  · schedule check-in "${event.flow}" ${when} (reason ${event.reason})`,
          ),
        ];
      }
      case 'flow_entered':
        return [this.say(`  · entra al flujo "${event.flow}" en "${event.start}"`, `  · enters flow "${event.flow}" at "${event.start}"`)];
      case 'cancel_pending':
        return [
          this.say(
            `  · cancela todos los mensajes y seguimientos pendientes (${event.reason})`,
            `  · cancel every pending message and check-in (${event.reason})`,
          ),
        ];
      case 'opted_out':
        return [
          this.say(
            '  · se dio de baja: no se le envía nada más hasta que vuelva a escribir',
            '  · opted out: nothing more is sent until she writes again',
          ),
        ];
      case 'flow_ended':
        return [this.say(`  · el flujo terminó: ${event.outcome}`, `  · flow ended: ${event.outcome}`)];
    }
  }

  /** ` (opción mal)` / ` (choice mal)` for a choice answer; ` (cuenta como si)` for another category; nothing without one. */
  private resultNote(event: Extract<FlowEvent, { type: 'result_saved' }>): string {
    if (event.choice !== undefined) return this.say(` (opción ${event.choice})`, ` (choice ${event.choice})`);
    return event.category === undefined ? '' : this.say(` (cuenta como ${event.category})`, ` (counted as ${event.category})`);
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

/**
 * What an engine error means for whoever is trying a flow, in Spanish: the engine's own message is
 * English (for logs); the names it quotes (fields, nodes, flows) stay as written.
 */
function engineErrorInSpanish(error: EngineError): string {
  const quoted = [...error.message.matchAll(/"([^"]*)"|\{\{(\w+)\}\}/g)].map((match) => match[1] ?? match[2] ?? '');
  switch (error.code) {
    case 'MISSING_FIELD': {
      const field = /\{\{(\w+)\}\}/.exec(error.message)?.[1] ?? '';
      return `el texto usa {{${field}}}: dale un texto con --field ${field}=... o /field ${field}=...`;
    }
    case 'STEP_LIMIT_EXCEEDED':
      return `el flujo "${quoted[0] ?? ''}" pasó por demasiados nodos sin esperar respuesta (¿un ciclo de mensajes?)`;
    case 'UNKNOWN_FLOW':
      return `el flujo "${quoted[0] ?? ''}" va al flujo "${quoted[1] ?? ''}", que no está en la carpeta`;
    case 'UNKNOWN_NODE':
      return `el flujo "${quoted[0] ?? ''}" no tiene el nodo "${quoted[1] ?? ''}"`;
    case 'INVALID_CONTEXT':
      return 'el reloj o la zona horaria de la prueba no son válidos';
    default:
      return 'el motor no pudo seguir con esta conversación';
  }
}
