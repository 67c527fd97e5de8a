import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_LANGUAGE_CODES, DEFAULT_TEMPLATE_LANGUAGES, LANGUAGES, parseTemplateLanguages, TEMPLATE_LANGUAGES_PATTERN } from '../../src/engine/index.js';

describe('the template language table', () => {
  it('sends Yucatec Maya as the Spanish template (Meta has no Maya), English as en_US', () => {
    expect(DEFAULT_TEMPLATE_LANGUAGE_CODES).toEqual({ 'es-MX': 'es_MX', en: 'en_US', yua: 'es_MX' });
    expect(Object.keys(DEFAULT_TEMPLATE_LANGUAGE_CODES)).toEqual([...LANGUAGES]);
    expect(DEFAULT_TEMPLATE_LANGUAGES).toBe('es-MX:es_MX,en:en_US,yua:es_MX');
  });

  it('completes a written mapping: a language left out goes in es-MX code', () => {
    expect(parseTemplateLanguages('es-MX:es_MX,en:en_GB')).toEqual({ 'es-MX': 'es_MX', en: 'en_GB', yua: 'es_MX' });
    expect(parseTemplateLanguages('en:en_US')).toEqual({ 'es-MX': 'es_MX', en: 'en_US', yua: 'es_MX' });
    expect(parseTemplateLanguages('es-MX:es')).toEqual({ 'es-MX': 'es', en: 'es', yua: 'es' });
    expect(TEMPLATE_LANGUAGES_PATTERN.test('es-MX:es_MX,yua:es_MX')).toBe(true);
    expect(TEMPLATE_LANGUAGES_PATTERN.test('fr:fr_FR')).toBe(false);
  });
});
