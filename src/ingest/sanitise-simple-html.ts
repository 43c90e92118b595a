/**
 * A fast path for the common, plain feed HTML (paragraphs, emphasis, lists, plain links): a strict tokenizer that
 * accepts only attribute-less whitelisted tags and `<a href="…">`, and known entities. Anything else returns null
 * and the caller uses the DOM sanitiser, so this path can only ever be stricter, never looser.
 */
const SIMPLE_TAGS = new Set(['p', 'br', 'b', 'i', 'em', 'strong', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'code', 'pre', 'hr', 'sub', 'sup', 'span', 'div', 'small']);
const BLOCK_TAGS = new Set(['p', 'br', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'hr', 'div']);
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\s*(\/?)>|<a\s+href\s*=\s*"([^"<>]*)"\s*>/y;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/y;

function decodeEntityAt(html: string, index: number): { text: string; end: number } | null {
  ENTITY.lastIndex = index;
  const m = ENTITY.exec(html);
  if (!m) return null;
  let text: string | undefined;
  if (m[1] !== undefined || m[2] !== undefined) {
    const code = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
    if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
    text = String.fromCodePoint(code);
  } else text = NAMED[m[3]!];
  return text === undefined ? null : { text, end: ENTITY.lastIndex };
}

function decodeAll(value: string): string | null {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '&') {
      out += value[i];
      continue;
    }
    const entity = decodeEntityAt(value, i);
    if (!entity) return null;
    out += entity.text;
    i = entity.end - 1;
  }
  return out;
}

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
const escapeAttr = (text: string): string => escapeText(text).replace(/"/g, '&quot;');

/** Sanitised HTML and text of simple HTML, or null when the input needs the full DOM sanitiser. */
export function sanitiseSimpleHtml(html: string, resolveUrl: (href: string) => string | null): { html: string; text: string } | null {
  let outHtml = '';
  const textParts: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const end = lt === -1 ? html.length : lt;
    if (end > i) {
      const decoded = decodeAll(html.slice(i, end));
      if (decoded === null) return null;
      outHtml += escapeText(decoded);
      textParts.push(decoded);
    }
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) return null;
    if (m[4] !== undefined) {
      const href = decodeAll(m[4]);
      if (href === null) return null;
      const safe = resolveUrl(href);
      outHtml += safe === null ? '<a>' : `<a href="${escapeAttr(safe)}">`;
    } else {
      const name = m[2]!.toLowerCase();
      if (name === 'a' && m[1] === '/') outHtml += '</a>';
      else if (!SIMPLE_TAGS.has(name)) return null;
      else {
        outHtml += name === 'br' || name === 'hr' ? `<${name}>` : `<${m[1]}${name}>`;
        if (BLOCK_TAGS.has(name)) textParts.push('\n');
      }
    }
    i = TAG.lastIndex;
  }
  return { html: outHtml, text: textParts.join('') };
}
