import { z } from 'zod';

/** What checking a language code found: its canonical BCP 47 form, or the problem in words. */
export type LanguageCheck = { ok: true; code: string } | { ok: false; problem: string };

const names = {
  language: new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }),
  region: new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }),
  script: new Intl.DisplayNames(['en'], { type: 'script', fallback: 'none' }),
};

function known(kind: keyof typeof names, code: string): boolean {
  try {
    return names[kind].of(code) !== undefined;
  } catch {
    return false;
  }
}

export const LANGUAGE_EXAMPLES = 'en, fr, de or pt-BR';

/**
 * The one language rule (config, chat, CLI): a BCP 47 tag whose language, script and region Intl knows by name.
 * `Intl.getCanonicalLocales` alone accepts any well-formed tag (`klingon` is a valid 5–8 letter subtag), so each
 * subtag is looked up in Intl.DisplayNames as well.
 */
export function checkLanguage(input: string): LanguageCheck {
  const text = input.trim();
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(text);
  } catch {
    canonical = undefined;
  }
  if (canonical === undefined) return { ok: false, problem: `"${text.slice(0, 40)}" is not a language code; use a BCP 47 code such as ${LANGUAGE_EXAMPLES}` };
  const locale = new Intl.Locale(canonical);
  // The primary subtag as written: Intl.Locale reads "und" (undetermined) as the language "undefined".
  const language = canonical.split('-')[0] ?? canonical;
  if (language === 'und' || !known('language', language)) return { ok: false, problem: `"${language}" is not a language Intl knows; use a BCP 47 code such as ${LANGUAGE_EXAMPLES}` };
  if (locale.script !== undefined && !known('script', locale.script)) return { ok: false, problem: `"${locale.script}" in "${canonical}" is not a known script` };
  if (locale.region !== undefined && !known('region', locale.region)) return { ok: false, problem: `"${locale.region}" in "${canonical}" is not a known region` };
  return { ok: true, code: canonical };
}

/** The language rule as a zod schema: the canonical code, or the problem. */
export const languageCode = z.string().transform((value, ctx) => {
  const check = checkLanguage(value);
  if (check.ok) return check.code;
  // Config errors already show the value: `summariser.language: "klingon" is not a language Intl knows`.
  const quoted = `"${value.trim()}" `;
  ctx.addIssue({ code: 'custom', message: check.problem.startsWith(quoted) ? check.problem.slice(quoted.length) : `is refused: ${check.problem}` });
  return z.NEVER;
});
