/**
 * Model output must render as plain text with inline emphasis only (the digest posts it to chat
 * platforms and consoles). Models drift into Markdown and HTML regardless of the prompt, so every LLM
 * output field passes through here before validation. Mentions are not handled here: callers still
 * run neutraliseMentions afterwards.
 */

/** Elements whose content is code or styling, never prose worth keeping. */
const NON_PROSE_ELEMENTS = /<(script|style)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** Tags that end a line or a paragraph; turned into breaks so `<p>a</p><p>b</p>` keeps its shape. */
const LINE_BREAK_TAG = /<br\s*\/?>|<\/(?:li|tr|dt|dd)\s*>/gi;
const PARAGRAPH_TAG = /<\/?(?:p|div|h[1-6]|blockquote|pre|ul|ol|table|section|article|header|footer)\b[^<>]*>/gi;
/**
 * Any other HTML tag, with attributes. The name must follow `<` directly, so `a < b`, Discord's
 * `<@id>` and Slack's `<!channel>` are left for neutraliseMentions.
 */
const HTML_TAG = /<\/?[a-z][a-z0-9-]*(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`=]+))?)*\s*\/?>/gi;
const AUTOLINK = /<((?:https?|mailto):[^\s<>]+)>/gi;
/** `[text](url)` and `![alt](url)`, allowing one level of parentheses inside the URL (Wikipedia style). */
const MARKDOWN_LINK = /!?\[([^[\]\n]*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+"[^"\n]*")?\s*\)/g;
const FENCE_LINE = /^\s*(?:`{3,}|~{3,})[^`\n]*$/;
const HEADING = /^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$/;
/** Horizontal rules and setext heading underlines. */
const RULE_LINE = /^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|={3,})\s*$/;
const BLOCKQUOTE = /^\s*(?:>\s?)+/;
/** `- `, `* `, `+ `, `• `, `1. `, `1) ` at the start of a line. `**bold**` has no space after `*`, so it stays. */
const LIST_MARKER = /^\s*(?:[-*+•‣◦]|\d{1,3}[.)])\s+/;

/**
 * Strips block-level markup from model output: heading markers, code fences (keeping the code's text),
 * HTML tags (keeping their text; script and style bodies go), blockquote and list markers at line
 * starts, and rules. `[text](url)` becomes `text (url)`. Inline `**bold**`, `_italic_` and `*italic*`
 * are kept. Paragraphs stay separated by exactly one blank line.
 */
export function toPlainText(text: string): string {
  // Collapsing runs of spaces and tabs first also keeps the regexes below linear on adversarial input.
  let out = text.replace(/\r\n?/g, '\n').replace(/[ \t\f\v\u00a0]+/g, ' ');
  out = out.replace(NON_PROSE_ELEMENTS, '').replace(HTML_COMMENT, '');
  out = out.replace(LINE_BREAK_TAG, '\n').replace(PARAGRAPH_TAG, '\n\n').replace(HTML_TAG, '').replace(AUTOLINK, '$1');
  out = out.replace(MARKDOWN_LINK, (_m, label: string, url: string) => linkText(label.trim(), url));
  const lines: string[] = [];
  for (const raw of out.split('\n')) {
    if (FENCE_LINE.test(raw) || RULE_LINE.test(raw)) {
      // A dropped fence or rule still separates what was above it from what was below.
      lines.push('');
      continue;
    }
    let line = raw.replace(/`{3,}/g, '');
    const heading = HEADING.exec(line);
    if (heading !== null) line = heading[1] ?? '';
    line = line.replace(BLOCKQUOTE, '').replace(LIST_MARKER, '');
    lines.push(line.replace(/[ \t]+/g, ' ').trim());
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** One line of plain text (a takeaway): {@link toPlainText} with its line breaks joined by spaces. */
export function toPlainLine(text: string): string {
  return toPlainText(text).replace(/\s*\n\s*/g, ' ');
}

function linkText(label: string, url: string): string {
  if (url === '') return label;
  if (label === '' || label === url) return url;
  return `${label} (${url})`;
}
