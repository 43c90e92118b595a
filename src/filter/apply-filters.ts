import type { Piece } from '../domain/piece.ts';
import type { CompiledFilter, FieldText } from './compile-filter.ts';
import { describeFilterRule, FILTER_LIMITS, type FilterField } from './filter-rule.ts';
import { foldText } from './keyword-match.ts';

/** What a filter looks at in a piece. */
export type FilterablePiece = Pick<Piece, 'id' | 'title' | 'authors' | 'contentText'>;

/** Why a piece did not pass a channel's filters, in words `/digest passed` can show. */
export interface FilteredOut<P extends FilterablePiece = FilterablePiece> {
  piece: P;
  /** Numbers of the rules that removed it: the matching exclude rule, or every include rule when none matched. */
  ruleNumbers: number[];
  /** e.g. `filter 2 (exclude crypto) matched the title` or `matched none of the include filters (1, 3)`. */
  reason: string;
  /** The same, structured, for `/digest passed` to word in the channel's language. */
  cause: { kind: 'filtered'; filter: number; rule: string; field: FilterField } | { kind: 'notIncluded'; filters: number[] };
}

export interface FilterOutcome<P extends FilterablePiece> {
  kept: P[];
  removed: FilteredOut<P>[];
}

/**
 * Applies a channel's filters before selection. An exclude rule that matches any of its fields removes the
 * piece (the first such rule is named); when the channel has include rules, a piece must match at least one
 * of them. With no rules, every piece passes. Each field's folded text is computed once per piece.
 */
export function applyFilters<P extends FilterablePiece>(pieces: readonly P[], filters: readonly CompiledFilter[]): FilterOutcome<P> {
  if (filters.length === 0) return { kept: [...pieces], removed: [] };
  const excludes = filters.filter((f) => f.rule.action === 'exclude');
  const includes = filters.filter((f) => f.rule.action === 'include');
  const kept: P[] = [];
  const removed: FilteredOut<P>[] = [];
  for (const piece of pieces) {
    const texts = fieldTexts(piece);
    const hit = firstMatch(excludes, texts);
    if (hit !== undefined) {
      const rule = describeFilterRule(hit.filter.rule);
      removed.push({
        piece,
        ruleNumbers: [hit.filter.number],
        reason: `filter ${hit.filter.number} (${rule}) matched the ${FIELD_NAMES[hit.field]}`,
        cause: { kind: 'filtered', filter: hit.filter.number, rule, field: hit.field },
      });
      continue;
    }
    if (includes.length > 0 && firstMatch(includes, texts) === undefined) {
      const numbers = includes.map((f) => f.number);
      removed.push({ piece, ruleNumbers: numbers, reason: `matched none of the include filters (${numbers.join(', ')})`, cause: { kind: 'notIncluded', filters: numbers } });
      continue;
    }
    kept.push(piece);
  }
  return { kept, removed };
}

const FIELD_NAMES: Record<FilterField, string> = { title: 'title', author: 'author', text: 'text' };

function firstMatch(filters: readonly CompiledFilter[], texts: Record<FilterField, FieldText>): { filter: CompiledFilter; field: FilterField } | undefined {
  for (const filter of filters) {
    for (const field of filter.fields) if (filter.test(texts[field])) return { filter, field };
  }
  return undefined;
}

function fieldTexts(piece: FilterablePiece): Record<FilterField, FieldText> {
  return {
    title: lazyText(piece.title),
    author: lazyText(piece.authors.join(', ')),
    text: lazyText(piece.contentText.length > FILTER_LIMITS.textChars ? piece.contentText.slice(0, FILTER_LIMITS.textChars) : piece.contentText),
  };
}

function lazyText(raw: string): FieldText {
  let folded: string | undefined;
  return { raw, folded: () => (folded ??= foldText(raw)) };
}
