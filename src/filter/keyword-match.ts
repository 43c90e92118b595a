/** Lower case without accents or compatibility forms: "Café", "CAFE" and "ｃａｆé" all fold to "cafe". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * A whole-word matcher for a keyword or phrase, run on folded text (see foldText): "ai" matches "AI safety"
 * and "the ai." but not "said"; a keyword edged by a symbol ("c++", "#ml") needs no boundary on that side.
 * Whitespace in the phrase matches any run of whitespace. Linear in the text for a fixed keyword.
 */
export function createKeywordMatcher(keyword: string): (folded: string) => boolean {
  const words = foldText(keyword).split(/\s+/).filter((w) => w !== '');
  const first = words[0] ?? '';
  const needsStart = WORD_CHAR.test(first[0] ?? '');
  const last = words.at(-1) ?? '';
  const needsEnd = WORD_CHAR.test(last.at(-1) ?? '');
  return (folded) => {
    if (first === '') return false;
    for (let from = folded.indexOf(first); from !== -1; from = folded.indexOf(first, from + 1)) {
      if (needsStart && from > 0 && WORD_CHAR.test(folded[from - 1]!)) continue;
      const end = matchRest(folded, from + first.length, words);
      if (end === -1) continue;
      if (needsEnd && end < folded.length && WORD_CHAR.test(folded[end]!)) continue;
      return true;
    }
    return false;
  };
}

/** Where the phrase's remaining words end when they follow at `at` (each after whitespace), or -1. */
function matchRest(text: string, at: number, words: readonly string[]): number {
  let position = at;
  for (let i = 1; i < words.length; i++) {
    let next = position;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    if (next === position || !text.startsWith(words[i]!, next)) return -1;
    position = next + words[i]!.length;
  }
  return position;
}
