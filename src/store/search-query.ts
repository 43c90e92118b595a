/** Upper-case words FTS5 reads as operators; a user typing them meant an operator, not a word. */
const OPERATOR_WORDS = new Set(['AND', 'OR', 'NOT', 'NEAR']);

/** Word tokens of a user's search text; punctuation and operators are dropped, never interpreted. */
export function searchTokens(query: string): string[] {
  return (query.match(/[\p{L}\p{N}_]+/gu) ?? []).filter((t) => !OPERATOR_WORDS.has(t)).slice(0, 32);
}

/**
 * An FTS5 MATCH expression that cannot be a syntax error: each token double-quoted (tokens hold no
 * quotes), joined by implicit AND. Null when the query has no words.
 */
export function fts5Query(query: string): string | null {
  const tokens = searchTokens(query);
  return tokens.length === 0 ? null : tokens.map((t) => `"${t}"`).join(' ');
}

/** The same tokens for Postgres plainto_tsquery (which never raises on odd input either). */
export function tsQueryText(query: string): string | null {
  const tokens = searchTokens(query);
  return tokens.length === 0 ? null : tokens.join(' ');
}
