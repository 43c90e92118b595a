import { stripBidiControls } from '../../src/text/bidi.ts';
import { parseHttpUrl } from '../../src/text/http-url.ts';
import { withoutLiteralMarks } from '../../src/text/literal-text.ts';

/** Markup that is already safe: built only by `html`, `raw` on constants, or helpers that escape. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

type Interpolated = SafeHtml | string | number | null | undefined | false | readonly Interpolated[];

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML text or a quoted attribute value: the five significant characters become entities, and
 * characters HTML forbids (C0/C1 controls other than whitespace, lone surrogates, noncharacters) become
 * U+FFFD, so feed text can never open a tag, close an attribute or smuggle a control character. Bidi override
 * and isolate controls (which reorder what follows on screen) are removed, as on every platform (src/text/bidi.ts).
 */
export function escapeHtml(text: string): string {
  return stripBidiControls(withoutLiteralMarks(text)).replace(FORBIDDEN, '\ufffd').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** A template tag: every interpolated value is escaped unless it is SafeHtml; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Markup written in this repository (never feed text). */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/** An http(s) URL to use as a link target, or undefined (javascript:, data:, relative junk are never linked). */
export function safeHref(url: string): string | undefined {
  return parseHttpUrl(url.trim())?.href;
}
