const ELLIPSIS = '…';

/**
 * Splits text into chunks of at most `limit` characters (UTF-16 units), preferring paragraph,
 * then line, then word boundaries; a single word longer than the limit is cut and marked with "…".
 */
export function splitText(text: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`splitText: limit must be an integer ≥ 2, got ${limit}`);
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut = lastBoundary(window, '\n\n', limit) ?? lastBoundary(window, '\n', limit) ?? lastWhitespace(window, limit);
    if (cut !== undefined && cut > 0) {
      const head = rest.slice(0, cut).trimEnd();
      if (head.length > 0) chunks.push(head);
      rest = rest.slice(cut).trimStart();
      continue;
    }
    // One word longer than the limit: cut it, mark the cut, carry on with the remainder.
    let at = limit - 1;
    if (isHighSurrogate(rest.charCodeAt(at - 1))) at -= 1;
    chunks.push(rest.slice(0, at) + ELLIPSIS);
    rest = rest.slice(at);
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

/** Shortens text to at most `limit` characters, cutting at a word boundary and ending with "…" when cut. */
export function truncateText(text: string, limit: number): string {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`truncateText: limit must be an integer ≥ 1, got ${limit}`);
  if (text.length <= limit) return text;
  const room = limit - ELLIPSIS.length;
  const window = text.slice(0, room + 1);
  const space = lastWhitespace(window, room);
  let at = space !== undefined && space > room / 2 ? space : room;
  if (at > 0 && isHighSurrogate(text.charCodeAt(at - 1))) at -= 1;
  return text.slice(0, at).trimEnd() + ELLIPSIS;
}

/** Index just after the last `separator` such that the text before it fits in `limit`. */
function lastBoundary(window: string, separator: string, limit: number): number | undefined {
  const index = window.lastIndexOf(separator, limit);
  return index > 0 ? index : undefined;
}

/** Index of the last whitespace at or before `limit`, so the head `[0, index)` fits. */
function lastWhitespace(window: string, limit: number): number | undefined {
  for (let i = Math.min(limit, window.length - 1); i > 0; i--) {
    if (/\s/.test(window[i] ?? '')) return i;
  }
  return undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
