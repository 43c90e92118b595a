import { RE2JS, RE2JSException } from 're2js';
import { FILTER_LIMITS, FilterError, type FilterField, type FilterRule } from './filter-rule.ts';
import { createKeywordMatcher } from './keyword-match.ts';

/** One field's text, with its case- and accent-folded form computed once for every keyword rule. */
export interface FieldText {
  raw: string;
  folded(): string;
}

/** A rule ready to run: `test` looks at one field's text. */
export interface CompiledFilter {
  rule: FilterRule;
  /** 1-based position in the channel's list, the `n` of `/digest settings filter remove n`. */
  number: number;
  test(text: FieldText): boolean;
  fields: readonly FilterField[];
}

const ALL_FIELDS: readonly FilterField[] = ['title', 'author', 'text'];

/**
 * Compiles one rule, or throws FilterError saying why it cannot be accepted. Regular expressions run on
 * RE2 (re2js), whose matching time is linear in the text whatever the pattern, so no pattern can hang
 * the bot; RE2 refuses the constructs that only backtracking can run (backreferences, lookaround), and
 * they are refused here with that reason rather than silently changed.
 */
export function compileFilter(rule: FilterRule, number: number): CompiledFilter {
  const fields = rule.fields ?? ALL_FIELDS;
  if (rule.match === 'keyword') {
    const matches = createKeywordMatcher(rule.pattern);
    return { rule, number, fields, test: (text) => matches(text.folded()) };
  }
  const pattern = compileRegex(rule.pattern, rule.flags);
  return { rule, number, fields, test: (text) => pattern.test(text.raw) };
}

/** Compiles every rule of a channel; the first refusal names the rule's number. */
export function compileFilters(rules: readonly FilterRule[]): CompiledFilter[] {
  return rules.map((rule, i) => {
    try {
      return compileFilter(rule, i + 1);
    } catch (error) {
      if (error instanceof FilterError) throw new FilterError(`Filter ${i + 1}: ${error.message}`, error.hint === undefined ? undefined : { hint: error.hint });
      throw error;
    }
  });
}

/** Throws FilterError unless `rule` can run; returns nothing. Used when a rule is set from chat or the config. */
export function checkFilterRule(rule: FilterRule): void {
  compileFilter(rule, 1);
}

function compileRegex(body: string, flags: string): RE2JS {
  refuseBacktrackingOnly(body);
  let bits = 0;
  if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) bits |= RE2JS.MULTILINE;
  if (flags.includes('s')) bits |= RE2JS.DOTALL;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(body, bits);
  } catch (error) {
    if (error instanceof RE2JSException) throw explainSyntaxError(error.message);
    throw error;
  }
  if (compiled.programSize() > FILTER_LIMITS.programSize) {
    throw new FilterError(`The regular expression is too large to run on every piece (size ${compiled.programSize()}, at most ${FILTER_LIMITS.programSize}).`, {
      hint: 'Use fewer or smaller repetitions, or split it into several filters.',
    });
  }
  return compiled;
}

/**
 * Backreferences make a regular expression need backtracking, which can take exponential time on a crafted text
 * (`^(a+)+\1$`). RE2 would reject `\1` but not always `\k<name>`, so both are caught here by their own names.
 */
function refuseBacktrackingOnly(body: string): void {
  if (/\\(?:[1-9]|k<)/.test(body.replace(/\\\\/g, ''))) {
    throw new FilterError('Backreferences (\\1, \\k<name>) are not supported: they need a backtracking engine, which can take exponential time on some texts.', {
      hint: 'Filters run on RE2, which matches in linear time; rewrite the pattern without referring back to a group.',
    });
  }
}

function explainSyntaxError(message: string): FilterError {
  const detail = message.replace(/^error parsing regexp:\s*/i, '');
  if (/\(\?[=!]|\(\?<[=!]/.test(detail)) {
    return new FilterError('Lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported: they need a backtracking engine, which can take exponential time on some texts.', {
      hint: 'Filters run on RE2, which matches in linear time. An exclude filter often does what a negative lookahead did.',
    });
  }
  if (/invalid repeat count/.test(detail)) {
    return new FilterError(`The regular expression repeats too much (${detail}); a repetition count is at most 1000, nested repetitions included.`, { hint: 'Use + or * instead of a large count.' });
  }
  if (/invalid escape sequence: `\\u/.test(detail)) {
    return new FilterError(`The regular expression is invalid: ${detail}.`, { hint: 'Write a Unicode character as \\x{00e9}, or type the character itself.' });
  }
  return new FilterError(`The regular expression is invalid: ${detail}.`, { hint: 'Filters use RE2 syntax (like JavaScript regular expressions, without backreferences and lookaround).' });
}
