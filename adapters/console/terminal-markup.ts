import { mapLiterals } from '../../src/text/literal-text.ts';

const BOLD = '\u001b[1m';
const ITALIC = '\u001b[3m';
const RESET = '\u001b[0m';

// `_italic_` only where a word starts and ends, so snake_case and URLs' `utm_source` stay as typed.
const ITALIC_SPAN = /(^|[\s(“"'])_(?=\S)([^_\n]*?\S)_(?=$|[\s.,;:!?)”"'])/gm;
const BOLD_SPAN = /\*\*(?=\S)([^\n]*?\S)\*\*/g;

/**
 * Reply markup (`**bold**`, `_italic_`) as a terminal shows it: styled with colour, the marks dropped
 * without. Feed text inside `literal()` brackets is shown as it is, `clean` applied to every part before
 * styling adds escape codes of its own. Backtick code spans stay: they quote commands to type.
 */
export function terminalText(text: string, options: { color: boolean; clean?: (text: string) => string }): string {
  const clean = options.clean ?? ((t: string) => t);
  const style = (code: string, inner: string): string => (options.color ? `${code}${inner}${RESET}` : inner);
  // Literal segments are set aside as placeholders so markup around them (`**<title>**`) still pairs up.
  const literals: string[] = [];
  const marked = mapLiterals(text, {
    inLiteral: (part) => `\ue000${literals.push(clean(part)) - 1}\ue001`,
    outside: clean,
  });
  return marked
    .replace(BOLD_SPAN, (_m, inner: string) => style(BOLD, inner))
    .replace(ITALIC_SPAN, (_m, lead: string, inner: string) => `${lead}${style(ITALIC, inner)}`)
    .replace(/\ue000(\d+)\ue001/g, (_m, index: string) => literals[Number(index)] ?? '');
}
