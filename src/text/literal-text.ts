import { stripBidiControls } from './bidi.ts';

/**
 * Command replies are lightly marked text (`**bold**`, `_italic_`, `• ` bullets). Feed-derived text inside
 * them (titles, source names) must be shown literally, so its own `*`, `_` or `~` are not read as markup:
 * `literal()` brackets it with two private-use characters, and each adapter escapes what is inside for its
 * platform (Discord escapes markdown) and drops the brackets. Private-use characters never occur in feed
 * text that reaches here (they are removed from the literal itself), and a platform that ignores the
 * brackets still shows the text.
 */
const OPEN = '\ue000';
const CLOSE = '\ue001';
const BRACKETS = /[\ue000\ue001]/g;
const SEGMENT = /\ue000([^\ue000\ue001]*)\ue001/g;

/** Feed text to be shown literally inside reply markup; bidi controls are removed on the way. */
export function literal(text: string): string {
  return `${OPEN}${stripBidiControls(text).replace(BRACKETS, '')}${CLOSE}`;
}

/** Rewrites a marked text: `inLiteral` for each literal segment, `outside` for the markup between them. */
export function mapLiterals(text: string, render: { inLiteral: (text: string) => string; outside: (text: string) => string }): string {
  let out = '';
  let at = 0;
  for (const match of text.matchAll(SEGMENT)) {
    out += render.outside(text.slice(at, match.index).replace(BRACKETS, ''));
    out += render.inLiteral(match[1] ?? '');
    at = match.index + match[0].length;
  }
  return out + render.outside(text.slice(at).replace(BRACKETS, ''));
}

/** The text with the literal brackets removed, for platforms whose escaping does not depend on them. */
export function withoutLiteralMarks(text: string): string {
  return text.replace(BRACKETS, '');
}
