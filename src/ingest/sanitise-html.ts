import { collapseWhitespace } from './text-scan.ts';
import { tokeniseHtml } from './html-tokens.ts';
import { createMathCollector, dataTexOf, isRenderedMathDuplicate, mathScriptMode, type MathCollector } from './maths.ts';

/**
 * A streaming sanitiser for untrusted feed and article HTML, on htmlparser2's tokenizer: one pass, no DOM, so its memory
 * is the output plus the open-element stack, whatever the input's size. Active content, styling and remote embeds go
 * with everything inside them; event handlers, styles and unsafe URLs go from attributes; relative URLs become
 * absolute. Maths is kept as TeX text (`$…$`, `$$…$$`), from MathML annotations, MathJax and KaTeX sources.
 */

/** Elements dropped with everything inside them. */
const DROP = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'template', 'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'audio', 'video', 'source',
  'track', 'canvas', 'portal', 'head', 'title']);
const VOID = new Set(['area', 'br', 'col', 'hr', 'img', 'wbr', 'param', 'keygen']);
const URL_ATTRS = new Set(['href', 'src', 'cite', 'poster', 'action', 'formaction', 'background', 'longdesc']);
const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr', 'table', 'section', 'article', 'header', 'footer', 'figure', 'figcaption', 'hr', 'dt', 'dd', 'dl', 'main', 'aside',
  'nav', 'details', 'summary', 'address']);
/** Wrappers the output never needs (a full page's or a fragment's). */
const UNWRAP = new Set(['html', 'body']);

/** `value` as an absolute http(s) or mailto URL, or null to drop it. */
export function safeUrl(value: string, base: string | null): string | null {
  const trimmed = value.trim();
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return ALLOWED_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null; // relative with no base, or garbage: dropping it is safer than guessing
  }
}

const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\u00a0': '&nbsp;', '"': '&quot;' };
const escapeText = (text: string): string => (/[&<>\u00a0]/.test(text) ? text.replace(/[&<>\u00a0]/g, (ch) => ESCAPED[ch]!) : text);
const escapeAttr = (text: string): string => (/[&<>\u00a0"]/.test(text) ? text.replace(/[&<>\u00a0"]/g, (ch) => ESCAPED[ch]!) : text);

function keptAttributes(attrs: Record<string, string>, base: string | null): string {
  let out = '';
  for (const raw in attrs) {
    const name = raw.toLowerCase();
    if (name.startsWith('on') || name === 'style' || name === 'srcdoc' || name === 'srcset' || name.startsWith('xmlns') || !/^[a-z_:][\w:.-]*$/.test(name)) continue;
    let value = attrs[raw]!;
    if (URL_ATTRS.has(name)) {
      const safe = safeUrl(value, base);
      if (safe === null) continue;
      value = safe;
    }
    out += ` ${name}="${escapeAttr(value)}"`;
  }
  return out;
}

/** Collapses runs of spaces within lines and blank lines between paragraphs. */
export function collapseText(text: string): string {
  // A whitespace run with a newline becomes one newline (two or more: a blank line), a longer or other run a space.
  return collapseWhitespace(text);
}

/** Sanitised HTML and plain text (block elements on their own lines) of untrusted HTML. */
export function sanitiseHtml(html: string, base: string | null): { html: string; text: string } {
  if (!/[<&]/.test(html)) {
    const text = collapseText(html);
    return { html: text === '' ? '' : `<p>${escapeText(text).replace(/\n/g, '<br>')}</p>`, text };
  }
  const out: string[] = [];
  const text: string[] = [];
  const open: string[] = [];
  // While > 0, everything is skipped up to the end of the element that started it.
  let dropDepth = 0;
  let math: MathCollector | null = null;
  let mathScript: 'inline' | 'display' | null = null;
  let scriptText = '';
  const emitMath = (tex: string, display: boolean): void => {
    const body = tex.replace(/\s+/g, ' ').trim();
    if (body === '') return;
    const shown = display ? `$$${body}$$` : `$${body}$`;
    out.push(display ? `<div class="math">${escapeText(shown)}</div>` : escapeText(shown));
    text.push(display ? `\n${shown}\n` : shown);
  };
  tokeniseHtml(html, {
    onopentag(name, attrs) {
      if (dropDepth > 0) {
        dropDepth++;
        return;
      }
      if (math) {
        math.open(name, attrs);
        return;
      }
      if (name === 'math') {
        math = createMathCollector(attrs);
        return;
      }
      if (name === 'script') mathScript = mathScriptMode(attrs.type);
      const tex = dataTexOf(attrs);
      if (tex || mathScript || DROP.has(name) || isRenderedMathDuplicate(attrs)) {
        if (tex) emitMath(tex.tex, tex.display || name === 'div');
        scriptText = '';
        dropDepth = 1;
        return;
      }
      if (BLOCK.has(name)) text.push('\n');
      if (UNWRAP.has(name)) return;
      out.push(`<${name}${keptAttributes(attrs, base)}>`);
      if (!VOID.has(name)) open.push(name);
    },
    ontext(data) {
      if (dropDepth > 0) {
        if (mathScript) scriptText += data;
        return;
      }
      if (math) {
        math.text(data);
        return;
      }
      out.push(escapeText(data));
      text.push(data);
    },
    onclosetag(name) {
      if (dropDepth > 0) {
        dropDepth--;
        if (dropDepth === 0 && mathScript) {
          emitMath(scriptText, mathScript === 'display');
          mathScript = null;
        }
        return;
      }
      if (math) {
        if (math.close(name)) {
          const found = math.result();
          math = null;
          if (found) emitMath(found.tex, found.display);
        }
        return;
      }
      if (BLOCK.has(name) && name !== 'br') text.push('\n');
      if (UNWRAP.has(name) || VOID.has(name)) return;
      // htmlparser2 reports every close, implied ones included, in nesting order.
      if (open[open.length - 1] === name) {
        open.pop();
        out.push(`</${name}>`);
      }
    },
  });
  while (open.length > 0) out.push(`</${open.pop()}>`);
  return { html: out.join('').trim(), text: collapseText(text.join('')) };
}

/** Decodes entities and drops tags (titles of `type="html"`, HTML in names): one line of plain text. */
export function plainTextOf(htmlish: string): string {
  if (!/[<&]/.test(htmlish)) return htmlish.replace(/[\s\u00a0]+/g, ' ').trim();
  return sanitiseHtml(htmlish, null).text.replace(/[\s\u00a0]+/g, ' ').trim();
}
