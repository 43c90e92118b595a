import type { PassedReason } from '../i18n/messages.ts';
import { applyFilters, type FilterablePiece } from './apply-filters.ts';
import { compileFilter, type CompiledFilter } from './compile-filter.ts';
import { FilterError, type FilterRule } from './filter-rule.ts';

/**
 * A channel's filters applied to its new pieces before selection: what they keep, and what they removed with the
 * reason `/digest passed` words. A stored rule that cannot run (written before a limit existed) is skipped and
 * reported, rather than stopping the digest; rules keep their numbers either way.
 */
export function filterCandidates<P extends FilterablePiece>(pieces: readonly P[], rules: readonly FilterRule[], onProblem: (problem: string) => void): { kept: P[]; removed: { piece: P; reason: PassedReason }[] } {
  if (rules.length === 0) return { kept: [...pieces], removed: [] };
  const compiled: CompiledFilter[] = [];
  rules.forEach((rule, i) => {
    try {
      compiled.push(compileFilter(rule, i + 1));
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      onProblem(`filter ${i + 1}: ${error.message}`);
    }
  });
  const { kept, removed } = applyFilters(pieces, compiled);
  return { kept, removed: removed.map((r) => ({ piece: r.piece, reason: r.cause })) };
}
