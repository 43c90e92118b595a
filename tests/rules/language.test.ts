import { describe, expect, it } from 'vitest';
import { checkLanguage, languageCode } from '../../src/rules/language.ts';

describe('checkLanguage: BCP 47 codes Intl knows', () => {
  it.each([['en', 'en'], ['pt-br', 'pt-BR'], ['FR-ca', 'fr-CA'], ['zh-Hant-TW', 'zh-Hant-TW'], ['es-419', 'es-419'], ['de', 'de'], [' ja ', 'ja']])('accepts %j as %j', (input, code) => {
    expect(checkLanguage(input)).toEqual({ ok: true, code });
  });

  it.each([
    ['klingon', '"klingon" is not a language Intl knows'],
    ['xx', '"xx" is not a language Intl knows'],
    ['und', '"und" is not a language Intl knows'],
    ['not_a_code!', 'is not a language code'],
    ['', 'is not a language code'],
    ['en-QQ', '"QQ" in "en-QQ" is not a known region'],
    ['sr-Abcd', '"Abcd" in "sr-Abcd" is not a known script'],
  ])('refuses %j: %s', (input, problem) => {
    const check = checkLanguage(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toContain(problem);
  });

  it('as a schema, returns the canonical code', () => {
    expect(languageCode.parse('pt-br')).toBe('pt-BR');
    expect(languageCode.safeParse('klingon').success).toBe(false);
  });
});
