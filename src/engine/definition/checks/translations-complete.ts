import { FALLBACK_LANGUAGE, type Language } from '../../language.js';
import type { Finding } from '../finding.js';
import type { FlowCheck } from './check.js';
import { flowTextVersions } from './node-texts.js';
import { staffText } from '../../staff-text.js';

/**
 * Warns (never fails) where a text lacks a translation that other texts of the same flow have: a
 * survivor in that language would get the es-MX text there.
 */
export const translationsComplete: FlowCheck = function* ({ definition }) {
  const versions = [...flowTextVersions(definition)];
  const used = new Set<Language>(versions.map((version) => version.language));
  used.delete(FALLBACK_LANGUAGE);
  if (used.size === 0) return;
  yield* missingTranslations(versions, used);
};

/** One warning per text lacking a language in `used`, at the text. */
export function* missingTranslations(
  versions: Iterable<{ readonly language: Language; readonly whole: unknown; readonly wholePath: readonly (string | number)[] }>,
  used: ReadonlySet<Language>,
): Generator<Finding> {
  const byText = new Map<string, { path: readonly (string | number)[]; languages: Set<Language> }>();
  for (const version of versions) {
    const key = version.wholePath.join('\u0000');
    const entry = byText.get(key) ?? { path: version.wholePath, languages: new Set<Language>() };
    entry.languages.add(version.language);
    byText.set(key, entry);
  }
  for (const { path, languages } of byText.values()) {
    const missing = [...used].filter((language) => !languages.has(language));
    if (missing.length === 0) continue;
    const names = missing.map((language) => `"${language}"`);
    yield {
      path,
      at: 'value',
      message: staffText(
        `no hay traducción ${names.join(' ni ')}: se envía la de es-MX (otros textos de aquí sí la tienen)`,
        `no ${names.join(' or ')} translation: es-MX is sent instead (other texts here have one)`,
      ),
      severity: 'warning',
    };
  }
}
