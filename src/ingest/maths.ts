/**
 * Maths in feed HTML, kept as TeX text for readers, the summariser and `/digest ask`. Sources, best first: a MathML
 * `<annotation encoding="application/x-tex">` (KaTeX, LaTeXML/arXiv, MathJax 3's assistive MathML), the `alttext`
 * attribute, MathJax 2's `<script type="math/tex">` (`; mode=display`), `data-tex`/`data-latex` attributes, and as a
 * last resort the presentation MathML itself translated to TeX. Rendered duplicates (KaTeX's `katex-html`, MathJax 2's
 * glyph spans and preview) are dropped so a formula is not read twice.
 */

interface MathNode {
  name: string;
  children: (MathNode | string)[];
  attrs: Record<string, string>;
}

/** Elements past this many, a formula's MathML is not translated (its text is still used). */
const MAX_MATH_NODES = 5_000;
const TEX_ENCODINGS = /^(application\/x-tex|application\/x-latex|text\/x-tex|tex|latex)$/i;

export interface MathCollector {
  open(name: string, attrs: Record<string, string>): void;
  text(data: string): void;
  /** True when this close ends the `<math>` element. */
  close(name: string): boolean;
  result(): { tex: string; display: boolean } | null;
}

/** Collects one `<math>` element as the sanitiser streams through it. */
export function createMathCollector(mathAttrs: Record<string, string>): MathCollector {
  const root: MathNode = { name: 'math', children: [], attrs: mathAttrs };
  const stack: MathNode[] = [root];
  let nodes = 0;
  return {
    open(name, attrs) {
      const node: MathNode = { name, children: [], attrs };
      if (++nodes <= MAX_MATH_NODES) stack[stack.length - 1]!.children.push(node);
      stack.push(node);
    },
    text(data) {
      stack[stack.length - 1]!.children.push(data);
    },
    close() {
      stack.pop();
      return stack.length === 0;
    },
    result() {
      const display = mathAttrs.display === 'block' || mathAttrs.mode === 'display';
      const annotation = findTexAnnotation(root);
      const tex = annotation ?? mathAttrs.alttext ?? texOf(root);
      return tex.trim() === '' ? null : { tex: tex.trim(), display };
    },
  };
}

function findTexAnnotation(node: MathNode): string | null {
  for (const child of node.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'annotation' && TEX_ENCODINGS.test(child.attrs.encoding ?? '')) return textOf(child);
    const inner = findTexAnnotation(child);
    if (inner !== null) return inner;
  }
  return null;
}

function textOf(node: MathNode): string {
  return node.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

const group = (tex: string): string => (tex.length === 1 ? tex : `{${tex}}`);

/** Presentation MathML to TeX, for the common layout elements; anything else contributes its children. */
function texOf(node: MathNode): string {
  const kids = node.children.filter((child): child is MathNode => typeof child !== 'string');
  const part = (i: number): string => (kids[i] ? texOf(kids[i]!) : '');
  switch (node.name) {
    case 'mi':
    case 'mn':
    case 'mo':
    case 'mtext':
    case 'ms':
      return textOf(node).trim();
    case 'annotation':
    case 'annotation-xml':
    case 'mphantom':
    case 'none':
    case 'mprescripts':
      return '';
    case 'semantics':
      return part(0);
    case 'msup':
      return `${group(part(0))}^${group(part(1))}`;
    case 'msub':
      return `${group(part(0))}_${group(part(1))}`;
    case 'msubsup':
    case 'munderover':
      return `${group(part(0))}_${group(part(1))}^${group(part(2))}`;
    case 'munder':
      return `${group(part(0))}_${group(part(1))}`;
    case 'mover':
      return `${group(part(0))}^${group(part(1))}`;
    case 'mfrac':
      return `\\frac{${part(0)}}{${part(1)}}`;
    case 'msqrt':
      return `\\sqrt{${kids.map(texOf).join(' ')}}`;
    case 'mroot':
      return `\\sqrt[${part(1)}]{${part(0)}}`;
    case 'mfenced':
      return `${node.attrs.open ?? '('}${kids.map(texOf).join(node.attrs.separators?.trim()[0] ?? ',')}${node.attrs.close ?? ')'}`;
    case 'mtable':
      return `\\begin{matrix} ${kids.map(texOf).join(' \\\\ ')} \\end{matrix}`;
    case 'mtr':
    case 'mlabeledtr':
      return kids.map(texOf).join(' & ');
    default:
      return kids.map(texOf).join(' ').replace(/\s+/g, ' ');
  }
}

/** `inline` or `display` for a MathJax 2 `<script type="math/tex…">`; null for any other script. */
export function mathScriptMode(type: string | undefined): 'inline' | 'display' | null {
  if (!type || !/^\s*math\/tex\b/i.test(type)) return null;
  return /mode\s*=\s*display/i.test(type) ? 'display' : 'inline';
}

/** TeX an element carries in a `data-tex`/`data-latex` attribute (its content is then a rendering of it). */
export function dataTexOf(attrs: Record<string, string>): { tex: string; display: boolean } | null {
  const tex = attrs['data-tex'] ?? attrs['data-latex'];
  if (!tex || tex.trim() === '') return null;
  return { tex, display: attrs['data-display'] === 'block' || attrs['data-display'] === 'true' || /\bdisplay\b/i.test(attrs.class ?? '') };
}

const RENDERED = /(^|\s)(katex-html|MathJax_Preview|MathJax|MathJax_Display|MathJax_SVG|MathJax_SVG_Display|MathJax_CHTML|MathJax_MathML)(\s|$)/;

/** Elements that only render a formula whose source is elsewhere in the markup. */
export function isRenderedMathDuplicate(attrs: Record<string, string>): boolean {
  const cls = attrs.class;
  return cls !== undefined && RENDERED.test(cls);
}
