/**
 * The message catalogue: every word of a digest's chrome (section headings, title date, meta line,
 * header line, read time, notices, reason line, web edition) in the channel's language.
 *
 *   const m = messagesFor(channel.settings.language);   // 'fr', 'fr-CA', 'de-AT', 'ja', 'zh-Hans' …
 *   m.title('AI Research Digest', m.date(now, 'Europe/Paris'));  // "AI Research Digest — 30 mars 2026"
 *
 * Stable API (see README.md in this folder): names are only ever added, never renamed.
 */
import { de } from './catalogues/de.ts';
import { en } from './catalogues/en.ts';
import { es } from './catalogues/es.ts';
import { fr } from './catalogues/fr.ts';
import { ja } from './catalogues/ja.ts';
import { zh } from './catalogues/zh.ts';
import type { Messages } from './messages.ts';

export type { Messages, PassedReason, ReasonEvidence } from './messages.ts';

const CATALOGUES: Readonly<Record<string, Messages>> = { en, de, fr, es, ja, zh };

/** Languages with a catalogue of their own (primary subtags). */
export const CATALOGUE_LANGUAGES: readonly string[] = Object.keys(CATALOGUES);

/** English, the fallback chrome. */
export const DEFAULT_MESSAGES: Messages = en;

/**
 * The catalogue for a BCP 47 tag, matched on its primary language subtag (`fr-CA` → French,
 * `zh-Hant-TW` → Chinese). A language without a catalogue, or a malformed tag, gets English chrome;
 * the summaries themselves are still written in the channel's language.
 */
export function messagesFor(language: string): Messages {
  return CATALOGUES[primaryLanguage(language)] ?? en;
}

/** True when `language` has its own catalogue rather than the English fallback. */
export function hasCatalogue(language: string): boolean {
  return primaryLanguage(language) in CATALOGUES;
}

function primaryLanguage(tag: string): string {
  try {
    const canonical = Intl.getCanonicalLocales(tag.trim())[0];
    return canonical === undefined ? '' : new Intl.Locale(canonical).language;
  } catch (error) {
    if (error instanceof RangeError) return '';
    throw error;
  }
}
