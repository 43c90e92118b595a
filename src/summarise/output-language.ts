/**
 * Which language a reply is written in. Scripts decide what they can (kana → Japanese, Hangul →
 * Korean, Han without kana → Chinese, Cyrillic, Greek …); Latin-script text goes to the eld n-gram
 * detector (chosen on measured short-text accuracy, see docs/dependencies.md), loaded on first use.
 */

type Detect = (text: string) => { language: string; isReliable: () => boolean };
let detector: Promise<Detect> | undefined;

async function loadDetector(): Promise<Detect> {
  detector ??= import('eld/extrasmall').then(({ eld }) => (text: string) => eld.detect(text));
  return detector;
}

/** Texts shorter than this (in letters) say too little for a verdict. */
const MIN_LETTERS = 40;

/** Primary language subtag of a BCP 47 tag, lower case (`pt-BR` → `pt`). */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * The ISO 639-1 code of the language `text` is written in, or null when it cannot be told
 * (too short, or the detector is not sure).
 */
export async function detectLanguage(text: string): Promise<string | null> {
  // Names, numbers and code are language-neutral; letters decide.
  const letters = count(text, /\p{L}/gu);
  const kana = count(text, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(text, /\p{Script=Han}/gu);
  const hangul = count(text, /\p{Script=Hangul}/gu);
  // A CJK character carries about a word's worth of text, so it counts three times towards "long enough".
  if (letters + 2 * (kana + han + hangul) < MIN_LETTERS) return null;
  if (hangul / letters > 0.3) return 'ko';
  if ((kana + han) / letters > 0.3) return kana / letters > 0.05 ? 'ja' : 'zh';
  const detect = await loadDetector();
  const result = detect(text);
  return result.language !== '' && result.isReliable() ? result.language : null;
}

/** Languages the detector and the script rules can tell apart; others are not checked. */
const CHECKABLE = new Set(('am ar az be bg bn ca cs da de el en es et eu fa fi fr gu he hi hr hu hy is it ja ka kn ko ku lo lt lv ml mr ms nl no '
  + 'or pa pl pt ro ru sk sl sq sr sv ta te th tl tr uk ur vi yo zh').split(' '));

/** Languages close enough that the detector confuses them on short texts; one stands for the other. */
const SAME_FAMILY: Record<string, string> = { nb: 'no', nn: 'no' };

/**
 * Null when `text` is in `expected` (or its language cannot be told, or cannot be checked);
 * otherwise the language it appears to be in.
 */
export async function wrongLanguage(text: string, expected: string): Promise<string | null> {
  const want = SAME_FAMILY[primaryLanguage(expected)] ?? primaryLanguage(expected);
  if (!CHECKABLE.has(want)) return null;
  const found = await detectLanguage(text);
  if (found === null || found === want) return null;
  return found;
}
