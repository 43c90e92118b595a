/** Rough size of a token for budgeting: English text averages about four characters per token. */
export const CHARS_PER_TOKEN = 4;

/** Marks where text was left out, so the model does not take a cut for the article's end. */
export const CUT_MARK = '[…]';

/** Share of the budget given to the opening; the rest carries the headings of later sections. */
const OPENING_SHARE = 0.75;

/** True for lines that look like section headings: Markdown `#`, numbered titles, or short title-like lines. */
export function looksLikeHeading(line: string): boolean {
  const text = line.trim();
  if (text === '' || text.length > 90) return false;
  if (/^#{1,6}\s+\S/.test(text)) return true;
  if (/^(\d+(\.\d+)*\.?|[IVX]+\.)\s+\p{Lu}/u.test(text) && !/[.!?;,:]$/.test(text) && text.split(/\s+/).length <= 10) return true;
  // A short capitalised line without sentence punctuation, standing on its own line.
  return /^\p{Lu}/u.test(text) && !/[.!?;,:"”)]$/.test(text) && text.split(/\s+/).length <= 8;
}

/**
 * Cuts an article to about `maxTokens` tokens, keeping the opening (where the thesis usually is)
 * and the headings of the sections that did not fit, so the model still sees the article's shape.
 */
export function fitToBudget(text: string, maxTokens: number): string {
  const budget = Math.max(1, Math.floor(maxTokens * CHARS_PER_TOKEN));
  if (text.length <= budget) return text;

  const openingBudget = Math.floor(budget * OPENING_SHARE);
  const opening = cutAtBoundary(text, openingBudget);
  const rest = text.slice(opening.length);

  const headings: string[] = [];
  let used = opening.length + CUT_MARK.length + 2;
  for (const line of rest.split('\n')) {
    if (!looksLikeHeading(line)) continue;
    const heading = line.trim();
    if (used + heading.length + 1 > budget) break;
    headings.push(heading);
    used += heading.length + 1;
  }
  const tail = headings.length === 0 ? '' : `\n${headings.join('\n')}`;
  return `${opening.trimEnd()}\n\n${CUT_MARK}${tail}`;
}

/** The longest prefix within `limit` that ends at a paragraph, line or word boundary. */
function cutAtBoundary(text: string, limit: number): string {
  const prefix = text.slice(0, limit);
  for (const boundary of ['\n\n', '\n', ' ']) {
    const at = prefix.lastIndexOf(boundary);
    if (at > limit * 0.5) return prefix.slice(0, at);
  }
  return prefix;
}
