import { checkFilterRule } from './compile-filter.ts';
import { describeFilterRule, FILTER_LIMITS, FilterError, type FilterRule } from './filter-rule.ts';

/** A channel's rules with one more at the end; refuses a duplicate, a rule that cannot run and a full list. */
export function addFilterRule(rules: readonly FilterRule[], rule: FilterRule): FilterRule[] {
  checkFilterRule(rule);
  const text = describeFilterRule(rule);
  const same = rules.findIndex((r) => describeFilterRule(r) === text);
  if (same !== -1) throw new FilterError(`That filter is already set (number ${same + 1}: ${text}).`);
  if (rules.length >= FILTER_LIMITS.rulesPerChannel) {
    throw new FilterError(`This channel already has ${rules.length} filters, the most it can have.`, { hint: 'Remove one with /digest settings filter remove <n> first.' });
  }
  return [...rules, rule];
}

/** A channel's rules without rule `number` (1-based, as listed); throws FilterError for a number not in the list. */
export function removeFilterRule(rules: readonly FilterRule[], number: number): { rules: FilterRule[]; removed: FilterRule } {
  const removed = rules[number - 1];
  if (!Number.isInteger(number) || removed === undefined) {
    throw new FilterError(rules.length === 0 ? 'This channel has no filters.' : `There is no filter ${number}; this channel has ${rules.length} (1–${rules.length}).`, {
      hint: 'See them with /digest settings show.',
    });
  }
  return { rules: rules.filter((_, i) => i !== number - 1), removed };
}

/** One line per rule, numbered as `remove` expects: `1. exclude crypto`. */
export function listFilterRules(rules: readonly FilterRule[]): string[] {
  return rules.map((rule, i) => `${i + 1}. ${describeFilterRule(rule)}`);
}
