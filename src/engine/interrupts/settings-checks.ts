import type { Finding } from '../definition/finding.js';
import { missingTranslations } from '../definition/checks/translations-complete.js';
import { FALLBACK_LANGUAGE, type Language } from '../language.js';
import { textVersions, type LocalizedText } from '../text/localized-text.js';
import { AFTER_HOURS_PLACEHOLDERS, findPlaceholderProblems } from '../text/placeholders.js';
import { staffText, type StaffText } from '../staff-text.js';
import { DenyList } from './deny-list.js';
import type { SettingsDefinition } from './settings-schema.js';
import { phraseKeys } from './words.js';

/** An emoji, which an acknowledgment may be instead of words («👍»). */
const EMOJI = /\p{Extended_Pictographic}/u;

/** Whether the file itself writes `section.field` (else the default reply is used). */
function isWritten(written: unknown, section: string, field: string): boolean {
  const part = (written as Record<string, unknown> | null)?.[section];
  return typeof part === 'object' && part !== null && field in part;
}

/**
 * The checks of a settings file beyond its schema:
 * - every word has letters or digits (an acknowledgment may be an emoji instead), and no word is in
 *   two of the opt-out, emergency, person-request, who-is-writing, risk and acknowledgment lists;
 * - replies use no placeholders (an interrupt's reply never names her);
 * - the words of a request for other hours (`times`, `contact`) and the deny-list have letters or digits;
 * - the opt-out, code-word, person-request, who-is-writing and hours-request replies contain no denied word. The **emergency reply is exempt** from
 *   the deny-list on purpose: it answers her own emergency word and must say what to do now,
 *   which means naming 911;
 * - translations: a reply lacking a language the others have is a warning.
 */
export function checkSettings(settings: SettingsDefinition, written: unknown = {}): Finding[] {
  const findings: Finding[] = [];
  const error = (path: Array<string | number>, message: StaffText, needle?: string) =>
    findings.push({ path, at: 'value', message, severity: 'error', needle });

  const lists = [
    ['opt_out', staffText('una palabra para darse de baja', 'an opt-out word'), settings.opt_out.words],
    ['emergency', staffText('una palabra de emergencia', 'an emergency word'), settings.emergency.words],
    ['person_request', staffText('una petición de persona', 'a request for a person'), settings.person_request.words],
    ['who_is_writing', staffText('una pregunta de quién escribe', 'a question of who is writing'), settings.who_is_writing.words],
    ['risk_signals', staffText('una señal de riesgo', 'a risk signal'), settings.risk_signals.words],
    ['acknowledgments', staffText('un agradecimiento', 'an acknowledgment'), settings.acknowledgments.words],
  ] as const;
  const seen = new Map<string, StaffText>();
  for (const [key, noun, words] of lists) {
    words.forEach((word, index) => {
      const keys = phraseKeys(word).join(' ');
      if (keys === '' && key === 'acknowledgments') {
        if (EMOJI.test(word)) return;
        return error(
          [key, 'words', index],
          staffText(`"${word}" no tiene letras, dígitos ni emoji, así que ningún mensaje puede coincidir`, `"${word}" has no letters, digits or emoji, so no message can match it`),
        );
      }
      if (keys === '') {
        return error(
          [key, 'words', index],
          staffText(`"${word}" no tiene letras ni dígitos, así que ningún mensaje puede coincidir`, `"${word}" has no letters or digits, so no message can match it`),
        );
      }
      const other = seen.get(keys);
      if (other !== undefined && other !== noun) {
        error(
          [key, 'words', index],
          staffText(`"${word}" es ${other.es} y también ${noun.es}: déjala en una sola lista`, `"${word}" is both ${other.en} and ${noun.en}: keep it in one list`),
        );
      }
      seen.set(keys, noun);
    });
  }
  // Lists checked only for letters or digits: the deny-list, and the parts of a request for other
  // hours, which match only together and so may share words with the lists above («llámame»).
  const listsNeedingLetters = [
    [['hours_request', 'times'], settings.hours_request.times],
    [['hours_request', 'contact'], settings.hours_request.contact],
    [['deny_words'], settings.deny_words],
  ] as const;
  for (const [path, words] of listsNeedingLetters) {
    words.forEach((word, index) => {
      if (phraseKeys(word).length === 0) {
        error([...path, index], staffText(`"${word}" no tiene letras ni dígitos, así que nunca se puede encontrar`, `"${word}" has no letters or digits, so it can never be found`));
      }
    });
  }

  const denyList = new DenyList(settings.deny_words);
  const replies: Array<{ path: string[]; text: LocalizedText; checkDenied: boolean; afterHours?: true }> = [
    { path: ['opt_out', 'reply'], text: settings.opt_out.reply, checkDenied: true },
    { path: ['emergency', 'reply'], text: settings.emergency.reply, checkDenied: false },
    { path: ['emergency', 'reply_after_hours'], text: settings.emergency.reply_after_hours, checkDenied: false, afterHours: true },
    { path: ['code_word', 'reply'], text: settings.code_word.reply, checkDenied: true },
    { path: ['person_request', 'reply'], text: settings.person_request.reply, checkDenied: true },
    { path: ['person_request', 'long_message_reply'], text: settings.person_request.long_message_reply, checkDenied: true },
    { path: ['person_request', 'reply_after_hours'], text: settings.person_request.reply_after_hours, checkDenied: true, afterHours: true },
    { path: ['person_request', 'long_message_reply_after_hours'], text: settings.person_request.long_message_reply_after_hours, checkDenied: true, afterHours: true },
    { path: ['who_is_writing', 'reply'], text: settings.who_is_writing.reply, checkDenied: true },
    { path: ['hours_request', 'reply'], text: settings.hours_request.reply, checkDenied: true },
  ];
  const versions: Array<{ language: Language; whole: LocalizedText; wholePath: string[] }> = [];
  for (const reply of replies) {
    for (const [language, text] of textVersions(reply.text)) {
      const path = typeof reply.text === 'string' ? reply.path : [...reply.path, language];
      versions.push({ language, whole: reply.text, wholePath: reply.path });
      for (const problem of findPlaceholderProblems(text, reply.afterHours ? AFTER_HOURS_PLACEHOLDERS : [])) error(path, problem.message, problem.token);
      if (!reply.checkDenied) continue;
      for (const { word, found } of denyList.find(text)) {
        const message = staffText(
          `"${found}" está en la lista de palabras prohibidas ("${word}" en deny_words): solo la respuesta de emergencia puede nombrarla`,
          `"${found}" is on the deny-list ("${word}" in deny_words): only the emergency reply may name it`,
        );
        error(path, message, found);
      }
    }
  }
  const used = new Set(versions.map((version) => version.language));
  used.delete(FALLBACK_LANGUAGE);
  for (const finding of missingTranslations(versions, used)) {
    const [section = '', field = 'reply'] = finding.path.map(String);
    const name = `${section}.${field}`;
    findings.push(
      isWritten(written, section, field)
        ? finding
        : {
            ...finding,
            path: [],
            at: 'key',
            message: staffText(
              `la respuesta ${name} predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe ${name} con ellas`,
              `the default ${name} has no translation the other replies have: write ${name} with them`,
            ),
          },
    );
  }
  return findings;
}
