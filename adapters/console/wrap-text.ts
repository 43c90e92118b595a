/** A word and whether it is emphasised. */
export interface Word {
  text: string;
  bold: boolean;
}

/** Styles a word for output; identity when colour is off. */
export type Styler = (word: Word) => string;

const URL_START = /^[<(‹]?https?:\/\//i;

/**
 * Splits plain text with `**bold**` spans into words. Markers never count toward width;
 * an unmatched `**` is kept as text so nothing the author wrote disappears.
 */
export function toWords(text: string): Word[] {
  const words: Word[] = [];
  const pairs = (text.match(/\*\*/g) ?? []).length;
  const usable = pairs - (pairs % 2);
  let seen = 0;
  let bold = false;
  for (const token of text.split(/\s+/)) {
    if (token === '') continue;
    let out = '';
    let rest = token;
    let tokenBold = bold;
    while (rest.length > 0) {
      const at = rest.indexOf('**');
      if (at === -1 || seen >= usable) {
        out += rest;
        break;
      }
      out += rest.slice(0, at);
      rest = rest.slice(at + 2);
      seen += 1;
      bold = !bold;
      if (bold) tokenBold = true;
    }
    if (out !== '') words.push({ text: out, bold: tokenBold });
  }
  return words;
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts a word longer than the line into pieces that fit, except a URL, which must stay clickable. Cuts fall between
 * graphemes, so an emoji (a surrogate pair, or a ZWJ sequence) or a letter with its combining marks is never split.
 */
function breakLong(word: Word, room: number): Word[] {
  if (word.text.length <= room || URL_START.test(word.text) || room <= 0) return [word];
  const out: Word[] = [];
  let piece = '';
  for (const { segment } of GRAPHEMES.segment(word.text)) {
    if (piece !== '' && piece.length + segment.length > room) {
      out.push({ text: piece, bold: word.bold });
      piece = '';
    }
    piece += segment;
  }
  if (piece !== '') out.push({ text: piece, bold: word.bold });
  return out;
}

/**
 * Greedy word wrap to `width` columns. `firstPrefix` starts the first line and `restPrefix` the
 * others (a hanging indent for bullets and numbered titles). Only an unbreakable URL can overflow.
 */
export function wrapWords(words: readonly Word[], width: number, style: Styler, firstPrefix = '', restPrefix = firstPrefix): string[] {
  const lines: string[] = [];
  let prefix = firstPrefix;
  let line = '';
  let used = 0;
  const room = (): number => width - prefix.length;
  // Pieces of a cut word must fit on whichever line they land.
  const cutRoom = width - Math.max(firstPrefix.length, restPrefix.length);
  const flush = (): void => {
    lines.push(prefix + line);
    prefix = restPrefix;
    line = '';
    used = 0;
  };
  for (const original of words) {
    for (const word of breakLong(original, cutRoom)) {
      const need = (used === 0 ? 0 : 1) + word.text.length;
      if (used > 0 && used + need > room()) flush();
      line += (used === 0 ? '' : ' ') + style(word);
      used += (used === 0 ? 0 : 1) + word.text.length;
    }
  }
  if (used > 0 || lines.length === 0) flush();
  return lines;
}
