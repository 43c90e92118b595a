import { z } from 'zod';
import { checkFilterRule } from './compile-filter.ts';
import { FILTER_LIMITS, FilterError, parseFilterRuleText, type FilterRule } from './filter-rule.ts';

/**
 * `channels[].filters` in the config file: `- exclude: crypto`, `- include: "title:/alignment/i"`, the same syntax as
 * `/digest settings filter`. Each rule is checked as chat checks it, a catastrophic or backtracking-only pattern
 * refused with the reason, so a file the bot starts with holds only rules that can run.
 */
export const filterRulesConfig = z.array(z.union([z.strictObject({ include: z.string() }), z.strictObject({ exclude: z.string() })]).transform((entry, ctx): FilterRule => {
  try {
    const rule = parseFilterRuleText(entry);
    checkFilterRule(rule);
    return rule;
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    ctx.addIssue({ code: 'custom', message: `is refused: ${error.message}${error.hint === undefined ? '' : ` ${error.hint}`}` });
    return z.NEVER;
  }
})).max(FILTER_LIMITS.rulesPerChannel);
