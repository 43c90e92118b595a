/**
 * The scans ingest runs over every item's text (whitespace runs, words and their hashes), which were a quarter of a
 * cold ingest's CPU and, as arrays of word strings, most of its short-lived garbage. Each returns exactly what the
 * expression it replaces returned (tests/ingest/text-scan.test.ts checks them against those expressions).
 */

/** A whitespace run that is more than one plain space: every run sanitised text needs changed. */
const RUN_TO_CHANGE = /\s{2,}|[^\S ]/g;

/**
 * `text.replace(/[^\S\n]*\n\s*|[^\S\n]{2,}|[^\S \n]/g, …).trim()`: every whitespace run becomes a blank line when it
 * holds two or more line feeds, a line feed when it holds one, else a space; leading and trailing whitespace goes.
 * Matching only the runs that change, without the three alternatives tried at every space, halves the time.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(RUN_TO_CHANGE, (run) => {
    const first = run.indexOf('\n');
    return first === -1 ? ' ' : run.indexOf('\n', first + 1) === -1 ? '\n' : '\n\n';
  }).trim();
}

/** `text.replace(/\s{2,}|[^\S ]/g, ' ').trim()`: every whitespace run one space, none at either end. */
export function singleSpaced(text: string): string {
  return text.replace(RUN_TO_CHANGE, ' ').trim();
}

/** Per BMP code unit: 0 not yet known, 1 a letter or number (`[\p{L}\p{N}]`), 2 neither. Filled as units are met. */
const WORD_UNITS = new Uint8Array(0x10000);
const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;
const astralWordCharacters = new Map<number, boolean>();
for (let c = 0; c < 0x80; c++) WORD_UNITS[c] = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? 1 : 2;

function isWordUnit(c: number): boolean {
  let known = WORD_UNITS[c]!;
  if (known === 0) {
    // A lone surrogate is a code point of its own to a /u expression, and neither a letter nor a number.
    known = WORD_CHARACTER.test(String.fromCharCode(c)) ? 1 : 2;
    WORD_UNITS[c] = known;
  }
  return known === 1;
}

function isAstralWordCharacter(codePoint: number): boolean {
  let known = astralWordCharacters.get(codePoint);
  if (known === undefined) {
    known = WORD_CHARACTER.test(String.fromCodePoint(codePoint));
    astralWordCharacters.set(codePoint, known);
  }
  return known;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Appends to `into` the 32-bit FNV-1a hash (over UTF-16 code units) of each word of `text`, a word being a maximal run
 * of letters and numbers of any script: `text.match(/[\p{L}\p{N}]+/gu).map(fnv1a)`, without building the words.
 */
export function appendWordHashes(text: string, into: number[]): number[] {
  let h = 0;
  let inWord = false;
  const end = text.length;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    let word: boolean;
    let low = -1;
    if (c < 0x80) word = WORD_UNITS[c] === 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (low = text.charCodeAt(i + 1)) >= 0xdc00 && low <= 0xdfff) {
      word = isAstralWordCharacter(((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
    } else {
      low = -1;
      word = isWordUnit(c);
    }
    if (word) {
      if (!inWord) {
        h = FNV_OFFSET;
        inWord = true;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      if (low !== -1) {
        h = Math.imul(h ^ low, FNV_PRIME);
        i++;
      }
    } else {
      if (inWord) {
        into.push(h >>> 0);
        inWord = false;
      }
      if (low !== -1) i++;
    }
  }
  if (inWord) into.push(h >>> 0);
  return into;
}
