import { compileText, type CompiledText } from '../text/compiled-text.js';
import { AcknowledgmentList } from './acknowledgments.js';
import { DenyList } from './deny-list.js';
import { PhraseList } from './phrase-list.js';
import { settingsSchema, type SettingsDefinition } from './settings-schema.js';

/** The file name of the settings inside a flows directory; it is not a flow. */
export const SETTINGS_FILE_NAME = 'ajustes.yaml';

/**
 * What an interrupt is: her code word, an emergency word, an opt-out word, her request for a
 * person (`person_request`, which the host acts on only where the flow does not understand her: see
 * `detectPersonRequest`), someone asking who is writing (`who_is_writing`, likewise: see
 * `detectWhoIsWriting`), or her request for other hours (`hours_request`, likewise: see
 * `detectHoursRequest`).
 */
export type InterruptKind = 'code_word' | 'emergency' | 'opt_out' | 'person_request' | 'who_is_writing' | 'hours_request';

/**
 * A deployment's interrupt settings, prepared for matching: build them with `loadSettings`,
 * `parseSettingsSource` or `loadFlowDirectory` (which reads `ajustes.yaml`), or use
 * {@link DEFAULT_SETTINGS}.
 */
export interface InterruptSettings {
  /** The validated settings file (defaults applied). */
  readonly definition: SettingsDefinition;
  readonly optOutWords: PhraseList;
  readonly emergencyWords: PhraseList;
  /** Words with which she asks for a person («quiero hablar con una persona»). */
  readonly personRequestWords: PhraseList;
  /** Words that may tell of danger or harm: a person is asked to read the message (see `mentionsRisk`). */
  readonly riskSignals: PhraseList;
  /** Words with which someone asks who is writing, or says the number is not hers (see `detectWhoIsWriting`). */
  readonly whoIsWritingWords: PhraseList;
  /** The times of day or week with which she may ask for other hours («en la mañana»; see `asksOtherHours`). */
  readonly hoursRequestTimes: PhraseList;
  /** The words with which she asks to be written or called («escríbeme», «no me escribas»; see `asksOtherHours`). */
  readonly hoursRequestContact: PhraseList;
  /** Words and emoji with which she only acknowledges what the bot wrote (see `onlyAcknowledges`). */
  readonly acknowledgments: AcknowledgmentList;
  readonly replies: Readonly<Record<InterruptKind, CompiledText>>;
  /** The reply to a long message the flow does not understand, which a person will read. */
  readonly longMessageReply: CompiledText;
  /**
   * The replies said instead of the emergency's, the request's and the long message's while nobody is
   * on duty (`{{atencion_hora}}` filled by the host).
   */
  readonly afterHours: { readonly emergency: CompiledText; readonly personRequest: CompiledText; readonly longMessage: CompiledText };
  readonly denyList: DenyList;
}

/** Prepares validated settings for matching. */
export function compileSettings(definition: SettingsDefinition): InterruptSettings {
  return {
    definition,
    optOutWords: new PhraseList(definition.opt_out.words),
    emergencyWords: new PhraseList(definition.emergency.words),
    personRequestWords: new PhraseList(definition.person_request.words),
    riskSignals: new PhraseList(definition.risk_signals.words),
    whoIsWritingWords: new PhraseList(definition.who_is_writing.words),
    hoursRequestTimes: new PhraseList(definition.hours_request.times),
    hoursRequestContact: new PhraseList(definition.hours_request.contact),
    acknowledgments: new AcknowledgmentList(definition.acknowledgments.words),
    replies: {
      code_word: compileText(definition.code_word.reply),
      emergency: compileText(definition.emergency.reply),
      opt_out: compileText(definition.opt_out.reply),
      person_request: compileText(definition.person_request.reply),
      who_is_writing: compileText(definition.who_is_writing.reply),
      hours_request: compileText(definition.hours_request.reply),
    },
    longMessageReply: compileText(definition.person_request.long_message_reply),
    afterHours: {
      emergency: compileText(definition.emergency.reply_after_hours),
      personRequest: compileText(definition.person_request.reply_after_hours),
      longMessage: compileText(definition.person_request.long_message_reply_after_hours),
    },
    denyList: new DenyList(definition.deny_words),
  };
}

/** The settings of a deployment without `ajustes.yaml`: the default words, replies and deny-list. */
export const DEFAULT_SETTINGS: InterruptSettings = compileSettings(settingsSchema.parse({}));
