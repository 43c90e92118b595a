const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Removes `<!DOCTYPE …>` (with any internal subset) and stray `<!ENTITY …>` declarations. */
function stripDoctype(xml: string): string {
  let out = '';
  let index = 0;
  const lower = xml.toLowerCase();
  for (;;) {
    const start = lower.indexOf('<!doctype', index);
    if (start === -1) break;
    out += xml.slice(index, start);
    // Scan to the closing '>' at bracket depth 0, skipping quoted literals.
    let depth = 0;
    let quote: string | null = null;
    let end = start + 9;
    for (; end < xml.length; end++) {
      const ch = xml[end];
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[') depth++;
      else if (ch === ']') depth = Math.max(0, depth - 1);
      else if (ch === '>' && depth === 0) break;
    }
    index = end + 1;
  }
  out += xml.slice(index);
  return out.replace(/<!ENTITY[\s\S]*?>/gi, '');
}

/**
 * Makes a feed safe for the XML parser: no DTD survives, so no entity is ever declared, expanded or fetched
 * (billion laughs, quadratic blowup and SYSTEM entities all die here). References to undeclared entities —
 * including HTML ones like `&nbsp;` that careless feeds use — become literal text instead of a parse error;
 * the title and content normalisers decode them later as HTML. CDATA sections and comments are left alone.
 */
export function neutraliseDtd(xml: string): string {
  const stripped = stripDoctype(xml);
  return stripped.replace(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)|&(?!#\d+;|#x[0-9a-fA-F]+;)([A-Za-z_:][\w.:-]*;)?/g, (match, protectedPart: string | undefined, name: string | undefined) => {
    if (protectedPart) return protectedPart;
    if (name && XML_ENTITIES.has(name.slice(0, -1))) return match;
    return `&amp;${name ?? ''}`;
  });
}
