import { Parser } from 'htmlparser2';

/**
 * Bounds on the HTML an article page is reduced to before any DOM is built. Readability on linkedom costs
 * about 180 MB and 2 s per MB of dense markup (measured on this machine), so these keep one page's DOM
 * work near 40 MB and a third of a second, whatever the page weighs. 192 K characters of script-free,
 * attribute-light HTML hold over 100 K characters of text: four times what the summariser reads at most.
 */
export interface ReduceLimits {
  /** Characters of reduced HTML kept; the rest of the page is cut. */
  maxChars: number;
  /** Elements kept. */
  maxElements: number;
  /** Nesting kept; deeper elements are flattened into their ancestor (deep DOMs overflow recursive walkers). */
  maxDepth: number;
}

export const DEFAULT_REDUCE_LIMITS: ReduceLimits = { maxChars: 192 * 1024, maxElements: 6_000, maxDepth: 120 };

/** What reading a page left: small HTML for readability, and what a bot-wall check needs to know. */
export interface ReducedPage {
  html: string;
  title: string | null;
  /** The first visible text of the page (outside the head, noscript notices included), whitespace collapsed, up to 4,000 characters. */
  textSample: string;
  /** Words of visible text seen (counted to the end of what was read). */
  words: number;
  /** True when a limit cut the page. */
  truncated: boolean;
}

/** Elements dropped with everything inside: active content, styling, embeds, forms and what never shows. */
const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'canvas',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'audio',
  'video',
  'source',
  'track',
  'map',
  'dialog',
  'portal',
  'picture',
]);
const VOID = new Set(['area', 'br', 'col', 'hr', 'img', 'wbr']);
/** Attributes readability and the sanitiser use; everything else (inline data, handlers, styles) is dropped here. */
const KEEP_ATTRS = new Set(['class', 'id', 'href', 'src', 'alt', 'title', 'lang', 'dir', 'role', 'hidden', 'aria-hidden', 'itemprop', 'colspan', 'rowspan', 'datetime', 'cite']);
const MAX_ATTR_CHARS = 2_048;
const SAMPLE_CHARS = 4_000;

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (text: string): string => escapeText(text).replace(/"/g, '&quot;');

/**
 * A streaming reducer: feed it decoded text chunk by chunk; it keeps a capped, script-free HTML with the
 * attributes that matter. `spot` sees what is dropped but may identify a bot wall (script sources and inline
 * script text, form actions, frame sources, class and id values).
 */
export function createPageReducer(limits: ReduceLimits = DEFAULT_REDUCE_LIMITS, spot: (text: string) => void = () => {}): {
  /** False once a limit is reached: the rest of the page is not wanted. */
  write(text: string): boolean;
  end(): ReducedPage;
} {
  const out: string[] = ['<!doctype html>'];
  let chars = 0;
  let elements = 0;
  let full = false;
  /** Every open element as the parser sees it, and whether it was written out. */
  const stack: { name: string; emitted: boolean }[] = [];
  let dropDepth = 0;
  let inHead = false;
  let inTitle = false;
  let title = '';
  let sample = '';
  let words = 0;
  let emittedDepth = 0;
  let math: { alt: string | null; tex: string; text: string; inTex: boolean } | null = null;

  const emit = (piece: string): void => {
    out.push(piece);
    chars += piece.length;
    if (chars >= limits.maxChars) full = true;
  };
  const countText = (text: string): void => {
    words += text.match(/\S+/g)?.length ?? 0;
    if (sample.length < SAMPLE_CHARS * 2) sample += text;
  };

  const parser = new Parser({
    onopentag(rawName, attribs) {
      const name = rawName.toLowerCase();
      if (dropDepth > 0 || math) {
        stack.push({ name, emitted: false });
        if (dropDepth > 0) dropDepth++;
        if (math && name === 'annotation' && /tex/i.test(attribs.encoding ?? '')) math.inTex = true;
        for (const key of ['src', 'action', 'class', 'id']) if (attribs[key]) spot(attribs[key]);
        return;
      }
      if (name === 'head') inHead = true;
      if (name === 'title' && inHead) inTitle = true;
      if (DROP.has(name)) {
        for (const key of ['src', 'action', 'class', 'id', 'data-sitekey']) if (attribs[key]) spot(`${key === 'data-sitekey' ? 'sitekey ' : ''}${attribs[key]}`);
        stack.push({ name, emitted: false });
        dropDepth = 1;
        return;
      }
      if (name === 'math') {
        math = { alt: attribs.alttext ?? null, tex: '', text: '', inTex: false };
        stack.push({ name, emitted: false });
        return;
      }
      for (const key of ['class', 'id']) if (attribs[key]) spot(attribs[key]);
      if (!inHead && sample.length < SAMPLE_CHARS * 2) sample += ' ';
      const emitted = !full && emittedDepth < limits.maxDepth && elements < limits.maxElements;
      stack.push({ name, emitted: emitted && !VOID.has(name) });
      if (!emitted) return;
      if (!VOID.has(name)) emittedDepth++;
      elements++;
      if (elements >= limits.maxElements) full = true;
      let tag = `<${name}`;
      for (const [key, value] of Object.entries(attribs)) {
        const attr = key.toLowerCase();
        if (attr === 'style' && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(value)) tag += ' hidden';
        if (!KEEP_ATTRS.has(attr) || value.length > MAX_ATTR_CHARS || (attr === 'src' && /^\s*data:/i.test(value))) continue;
        tag += value === '' ? ` ${attr}` : ` ${attr}="${escapeAttr(value)}"`;
      }
      emit(`${tag}>`);
    },
    ontext(text) {
      if (dropDepth > 0) {
        const open = stack[stack.length - dropDepth];
        if (open?.name === 'script') spot(text);
        // A noscript notice is what a script-only page says to a reader without scripts: a bot-wall check reads it.
        if (open?.name === 'noscript' && !inHead) countText(text);
        return;
      }
      if (math) {
        if (math.inTex) math.tex += text;
        else math.text += text;
        return;
      }
      if (inTitle) {
        if (title.length < 1_000) title += text;
        if (!full) emit(escapeText(text));
        return;
      }
      if (!inHead) countText(text);
      if (!full) emit(escapeText(text));
    },
    onclosetag(rawName) {
      const name = rawName.toLowerCase();
      const open = stack.pop();
      if (!open) return;
      if (dropDepth > 0) {
        dropDepth--;
        if (math && name === 'annotation') math.inTex = false;
        return;
      }
      if (math && open.name === 'math') {
        // Maths keeps its TeX: LaTeXML (arXiv HTML) and most converters put it in alttext or a TeX annotation.
        const tex = (math.alt ?? math.tex).trim() || math.text.replace(/\s+/g, ' ').trim();
        math = null;
        if (tex !== '') {
          countText(tex);
          if (!full) emit(escapeText(` \\(${tex}\\) `));
        }
        return;
      }
      if (math) {
        if (name === 'annotation') math.inTex = false;
        return;
      }
      if (name === 'title') inTitle = false;
      if (name === 'head') inHead = false;
      if (open.emitted) {
        emittedDepth--;
        emit(`</${open.name}>`);
      }
    },
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });

  return {
    write(text) {
      if (!full) parser.write(text);
      return !full;
    },
    end() {
      const truncated = full;
      if (!full) parser.end();
      for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.emitted) out.push(`</${stack[i]!.name}>`);
      return { html: out.join(''), title: title.replace(/\s+/g, ' ').trim() || null, textSample: sample.replace(/\s+/g, ' ').trim().slice(0, SAMPLE_CHARS), words, truncated };
    },
  };
}
