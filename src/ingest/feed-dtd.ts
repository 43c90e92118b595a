/**
 * The document type declaration of a feed: removed before tokenizing, its internal general entities kept within
 * strict limits, everything external ignored. An entity is never fetched, a parameter entity never expanded, and a
 * reference that would pass a limit stays literal text (`&lol9;`), as Python's feedparser leaves it.
 */

/** Declarations read from one internal subset; more are ignored. */
export const MAX_ENTITIES = 256;
/** Nesting of entity references inside entity values. */
export const MAX_ENTITY_DEPTH = 8;
/** Characters one entity may expand to. */
export const MAX_ENTITY_CHARS = 16 * 1024;
/** Characters that expansions may add to one document in total. */
export const MAX_EXPANSION_CHARS = 1024 * 1024;

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The expansions of one document's internal entities, with a budget shared by every reference in it. */
export interface EntityTable {
  /** The text `&name;` stands for, or null to leave the reference as literal text. */
  expand(name: string): string | null;
}

/** Finds the end of `<!DOCTYPE …>` starting at `start`: the `>` at bracket depth 0, quoted literals skipped. */
function doctypeEnd(xml: string, start: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start + 9; i < xml.length; i++) {
    const ch = xml[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (ch === '>' && depth === 0) return i;
  }
  return xml.length - 1;
}

const DECLARATION = /<!ENTITY\s+(%\s+)?([A-Za-z_:][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b[^>]*)\s*>/g;

/** Reads the internal general entities a DOCTYPE declares (external and parameter entities are skipped). */
function declaredEntities(doctype: string): Map<string, string> {
  const raw = new Map<string, string>();
  for (const match of doctype.matchAll(DECLARATION)) {
    if (raw.size >= MAX_ENTITIES) break;
    const [, parameter, name, double, single, external] = match;
    if (parameter || external || raw.has(name!) || PREDEFINED[name!] !== undefined) continue;
    raw.set(name!, (double ?? single ?? '').replace(/&#(x[0-9a-fA-F]+|\d+);/g, (ref, code: string) => codePointText(code) ?? ref));
  }
  return raw;
}

function codePointText(code: string): string | null {
  const n = code[0] === 'x' || code[0] === 'X' ? parseInt(code.slice(1), 16) : Number(code);
  if (!Number.isInteger(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
  return String.fromCodePoint(n);
}

function entityTable(raw: Map<string, string>): EntityTable {
  const resolved = new Map<string, string | null>();
  let budget = MAX_EXPANSION_CHARS;
  const resolve = (name: string, depth: number, stack: Set<string>): string | null => {
    if (resolved.has(name)) return resolved.get(name)!;
    const value = raw.get(name);
    if (value === undefined || depth > MAX_ENTITY_DEPTH || stack.has(name)) return null;
    stack.add(name);
    let out = '';
    let failed = false;
    let last = 0;
    for (const ref of value.matchAll(/&([A-Za-z_:][\w.:-]*);/g)) {
      const inner = PREDEFINED[ref[1]!] ?? resolve(ref[1]!, depth + 1, stack);
      if (inner === null) {
        failed = true;
        break;
      }
      out += value.slice(last, ref.index) + inner;
      last = ref.index + ref[0].length;
      if (out.length > MAX_ENTITY_CHARS) {
        failed = true;
        break;
      }
    }
    stack.delete(name);
    const result = failed ? null : out + value.slice(last);
    const kept = result !== null && result.length <= MAX_ENTITY_CHARS ? result : null;
    resolved.set(name, kept);
    return kept;
  };
  return {
    expand(name) {
      const text = resolve(name, 0, new Set());
      if (text === null || text.length > budget) return null;
      budget -= text.length;
      return text;
    },
  };
}

/**
 * Removes every `<!DOCTYPE …>` (with its internal subset) and stray `<!ENTITY …>` from the text before the root element,
 * returning the rest and a table of the internal entities (null when none were declared).
 */
export function splitDoctype(xml: string): { xml: string; entities: EntityTable | null } {
  const head = xml.slice(0, 4096).toLowerCase();
  const start = head.indexOf('<!doctype');
  if (start === -1) return { xml, entities: null };
  const root = /<[A-Za-z_]/.exec(head.slice(0, start));
  if (root) return { xml, entities: null }; // a DOCTYPE after the root element is text for the tokenizer to skip
  const end = doctypeEnd(xml, start);
  const raw = declaredEntities(xml.slice(start, end + 1));
  return { xml: xml.slice(0, start) + xml.slice(end + 1), entities: raw.size === 0 ? null : entityTable(raw) };
}

/**
 * Decodes XML character data: the five predefined entities, character references and the document's own entities.
 * An unknown reference (an HTML entity such as `&nbsp;` in a careless feed, or one over a limit) and a bare `&` stay as
 * literal text, for the HTML sanitiser or a reader to make sense of.
 */
export function decodeXmlText(raw: string, entities: EntityTable | null): string {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 64) {
      amp = raw.indexOf('&', amp + 1);
      continue;
    }
    const name = raw.slice(amp + 1, semi);
    const text = name[0] === '#'
      ? codePointText(name.slice(1))
      : PREDEFINED[name] ?? (entities && /^[A-Za-z_:][\w.:-]*$/.test(name) ? entities.expand(name) : null);
    if (text !== null) {
      out += raw.slice(last, amp) + text;
      last = semi + 1;
    }
    amp = raw.indexOf('&', text === null ? amp + 1 : semi + 1);
  }
  return out + raw.slice(last);
}
