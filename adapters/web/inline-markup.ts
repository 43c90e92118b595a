import { escapeHtml, html, SafeHtml } from './html.ts';

/**
 * `**bold**` and `_italic_` / `*italic*` (the only markup summaries carry) as <strong> and <em>; everything
 * else escaped. Markers must hug their text and `_` must not sit inside a word, so snake_case and
 * `2 * 3 * 4` stay as written.
 */
const EMPHASIS = /\*\*(?=\S)([^*\n]*?\S)\*\*|(?<![\p{L}\p{N}_*])([_*])(?=[^\s_*])([^\n]*?[^\s_*])\2(?![\p{L}\p{N}_*])/gu;

export function inlineMarkup(text: string): SafeHtml {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(EMPHASIS)) {
    out += escapeHtml(text.slice(last, match.index));
    out += match[1] !== undefined ? `<strong>${escapeHtml(match[1])}</strong>` : `<em>${escapeHtml(match[3]!)}</em>`;
    last = match.index + match[0].length;
  }
  return new SafeHtml(out + escapeHtml(text.slice(last)));
}

/** Paragraphs (split on blank lines), single line breaks kept as <br>. */
export function paragraphs(text: string): SafeHtml[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '')
    .map((p) => html`<p>${p.split('\n').map((line, i) => [i === 0 ? '' : new SafeHtml('<br>'), inlineMarkup(line)])}</p>`);
}
