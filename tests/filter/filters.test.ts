import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFilters, type FilterablePiece } from '../../src/filter/apply-filters.ts';
import { compileFilters } from '../../src/filter/compile-filter.ts';
import { addFilterRule, listFilterRules, removeFilterRule } from '../../src/filter/filter-list.ts';
import { describeFilterRule, FILTER_LIMITS, FilterError, parseFilterRule, parseFilterRuleText, type FilterRule } from '../../src/filter/filter-rule.ts';
import { createKeywordMatcher, foldText } from '../../src/filter/keyword-match.ts';

const piece = (id: string, title: string, text = '', authors: string[] = []): FilterablePiece => ({ id, title, authors, contentText: text });

function run(rules: string[], pieces: FilterablePiece[]) {
  const parsed = rules.map((r) => {
    const [action, ...rest] = r.split(' ');
    return parseFilterRule(action as 'include' | 'exclude', rest.join(' '));
  });
  return applyFilters(pieces, compileFilters(parsed));
}

function refusal(action: 'include' | 'exclude', text: string): FilterError {
  try {
    addFilterRule([], parseFilterRule(action, text));
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('parseFilterRule', () => {
  it('reads keywords, quoted phrases, regular expressions with flags and field prefixes', () => {
    expect(parseFilterRule('exclude', '  crypto ')).toEqual({ action: 'exclude', match: 'keyword', pattern: 'crypto', flags: '', fields: null });
    expect(parseFilterRule('include', '"large   language model"')).toMatchObject({ match: 'keyword', pattern: 'large language model' });
    expect(parseFilterRule('exclude', '/^\\[event\\]/iu')).toEqual({ action: 'exclude', match: 'regex', pattern: '^\\[event\\]', flags: 'i', fields: null });
    expect(parseFilterRule('exclude', 'title,author:/giveaway/smi')).toMatchObject({ match: 'regex', flags: 'ims', fields: ['title', 'author'] });
    expect(parseFilterRule('include', 'Text:alignment')).toMatchObject({ match: 'keyword', pattern: 'alignment', fields: ['text'] });
    // A colon that is not a field prefix stays part of the keyword.
    expect(parseFilterRule('include', 'note: this')).toMatchObject({ pattern: 'note: this', fields: null });
  });

  it('describes a rule in the syntax it was typed in, so it reads back the same', () => {
    for (const text of ['crypto', '"reward hacking"', '/^\\[event\\]/i', 'title:/a|b/', 'author,text:smith']) {
      const rule = parseFilterRule('exclude', text);
      expect(describeFilterRule(rule)).toBe(`exclude ${text}`);
      expect(parseFilterRule('exclude', describeFilterRule(rule).slice('exclude '.length))).toEqual(rule);
    }
  });

  it('reads the config file form with the same syntax', () => {
    expect(parseFilterRuleText({ include: 'title:/alignment/i' })).toEqual(parseFilterRule('include', 'title:/alignment/i'));
    expect(parseFilterRuleText({ exclude: 'crypto' }).action).toBe('exclude');
  });

  it('refuses empty filters, unknown flags and overlong patterns with a hint', () => {
    expect(() => parseFilterRule('exclude', '  ')).toThrow(FilterError);
    expect(() => parseFilterRule('exclude', '//')).toThrow(/empty/);
    expect(() => parseFilterRule('exclude', '/a/gx')).toThrow(/Unknown regular expression flags "gx"/);
    expect(() => parseFilterRule('exclude', 'x'.repeat(FILTER_LIMITS.patternLength + 1))).toThrow(/at most 200/);
  });
});

describe('regular expressions are checked before they are accepted', () => {
  it('refuses catastrophic patterns that need backtracking, naming why', () => {
    // Exponential on a backtracking engine (the classic ReDoS shapes that RE2 cannot run).
    expect(refusal('exclude', '/^(a+)+\\1$/').message).toMatch(/Backreferences .* exponential time/);
    expect(refusal('exclude', '/(?<x>a|aa)+\\k<x>/').message).toMatch(/Backreferences/);
    expect(refusal('exclude', '/^(?!(a+)+$)/').message).toMatch(/Lookahead and lookbehind .* exponential time/);
    expect(refusal('include', '/(?<=\\s)ai/').message).toMatch(/Lookahead and lookbehind/);
    expect(refusal('include', '/(?<=\\s)ai/').hint).toMatch(/RE2/);
  });

  it('refuses patterns too large to run on every piece', () => {
    expect(refusal('exclude', '/a{1001}/').message).toMatch(/repeats too much/);
    expect(refusal('exclude', '/((a{100}){10}){10}/').message).toMatch(/repeats too much|too large/);
    expect(refusal('exclude', '/[/').message).toMatch(/invalid: missing closing \]/);
    expect(refusal('exclude', '/\\u00e9/').hint).toMatch(/\\x\{00e9\}/);
  });

  it('runs a pattern that is exponential under backtracking in linear time on an adversarial text', () => {
    // (a+)+$ against "aaaa…!" never finishes on a backtracking engine; on RE2 it is one pass.
    const outcome = run(['exclude /(a+)+$/'], [piece('p1', 'a'.repeat(50_000) + '!'), piece('p2', 'aaaa')]);
    expect(outcome.kept.map((p) => p.id)).toEqual(['p1']);
    expect(outcome.removed.map((r) => r.piece.id)).toEqual(['p2']);
  });

  it('treats an escaped backslash followed by a digit as a literal, not a backreference', () => {
    expect(run(['exclude /\\\\1/'], [piece('p1', 'C:\\1 drive'), piece('p2', 'one')]).kept.map((p) => p.id)).toEqual(['p2']);
  });
});

describe('keyword matching', () => {
  it('matches whole words, ignoring case and accents, and phrases across any whitespace', () => {
    const ai = createKeywordMatcher('AI');
    expect(ai(foldText('New AI safety results'))).toBe(true);
    expect(ai(foldText('He said so'))).toBe(false);
    expect(ai(foldText('ai.'))).toBe(true);
    expect(createKeywordMatcher('café')(foldText('CAFE culture'))).toBe(true);
    expect(createKeywordMatcher('reward hacking')(foldText('on Reward\n  Hacking in RL'))).toBe(true);
    expect(createKeywordMatcher('reward hacking')(foldText('rewardhacking'))).toBe(false);
    expect(createKeywordMatcher('c++')(foldText('modern c++20 code'))).toBe(true);
    expect(createKeywordMatcher('ｅｖａｌｓ')(foldText('new evals'))).toBe(true);
  });

  it('agrees with a whole-word regular expression on ASCII words (property)', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^[a-z]{1,4}$/),
      fc.array(fc.constantFrom('ab', 'abc', 'b', 'x', ' ', '.', '-', 'A'), { maxLength: 12 }).map((parts) => parts.join('')),
      (word, text) => {
        const expected = new RegExp(`(?<![\\p{L}\\p{N}_])${word}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
        expect(createKeywordMatcher(word)(foldText(text))).toBe(expected);
      },
    ));
  });
});

describe('applyFilters', () => {
  const pieces = [
    piece('p1', 'Reward hacking in RLHF', 'A study of reward models.', ['Ada Lovelace']),
    piece('p2', '[Event] Crypto meetup', 'Tokens and more.', ['Promo Bot']),
    piece('p3', 'Interpretability of transformers', 'Circuits; no crypto here? Actually crypto.', ['Grace Hopper']),
    piece('p4', 'Weekly links', 'Assorted things.', ['Ada Lovelace']),
  ];

  it('passes everything with no rules', () => {
    expect(applyFilters(pieces, []).kept).toHaveLength(4);
  });

  it('removes a piece matching an exclude rule and records which rule and field', () => {
    const outcome = run(['exclude title:crypto', 'exclude /^\\[event\\]/i'], pieces);
    expect(outcome.kept.map((p) => p.id)).toEqual(['p1', 'p3', 'p4']);
    expect(outcome.removed).toEqual([{
      piece: pieces[1],
      ruleNumbers: [1],
      reason: 'filter 1 (exclude title:crypto) matched the title',
      cause: { kind: 'filtered', filter: 1, rule: 'exclude title:crypto', field: 'title' },
    }]);
  });

  it('looks at title, author and text unless the rule names fields', () => {
    const outcome = run(['exclude crypto', 'exclude author:"promo bot"'], pieces);
    expect(outcome.removed.map((r) => [r.piece.id, r.reason])).toEqual([
      ['p2', 'filter 1 (exclude crypto) matched the title'],
      ['p3', 'filter 1 (exclude crypto) matched the text'],
    ]);
    expect(run(['exclude author:"promo bot"'], pieces).removed[0]?.reason).toBe('filter 1 (exclude author:"promo bot") matched the author');
  });

  it('keeps only pieces matching at least one include rule, and says so for the rest', () => {
    const outcome = run(['include reward', 'include /interpretab/i', 'exclude author:grace'], pieces);
    expect(outcome.kept.map((p) => p.id)).toEqual(['p1']);
    expect(outcome.removed.map((r) => r.reason)).toEqual([
      'matched none of the include filters (1, 2)',
      'filter 3 (exclude author:grace) matched the author',
      'matched none of the include filters (1, 2)',
    ]);
    expect(outcome.removed[0]!.cause).toEqual({ kind: 'notIncluded', filters: [1, 2] });
  });

  it('searches only the first part of a very long text', () => {
    const long = piece('p9', 'Long', `${'word '.repeat(FILTER_LIMITS.textChars / 5)} crypto`);
    expect(run(['exclude crypto'], [long]).kept).toHaveLength(1);
  });
});

describe('a channel’s filter list', () => {
  const rule = (text: string, action: 'include' | 'exclude' = 'exclude'): FilterRule => parseFilterRule(action, text);

  it('adds, lists and removes by number', () => {
    let rules = addFilterRule([], rule('crypto'));
    rules = addFilterRule(rules, rule('/^\\[event\\]/i'));
    rules = addFilterRule(rules, rule('alignment', 'include'));
    expect(listFilterRules(rules)).toEqual(['1. exclude crypto', '2. exclude /^\\[event\\]/i', '3. include alignment']);
    const { rules: left, removed } = removeFilterRule(rules, 2);
    expect(describeFilterRule(removed)).toBe('exclude /^\\[event\\]/i');
    expect(listFilterRules(left)).toEqual(['1. exclude crypto', '2. include alignment']);
  });

  it('refuses a duplicate, a number not in the list and a full list', () => {
    const rules = [rule('crypto')];
    expect(() => addFilterRule(rules, rule('crypto'))).toThrow(/already set \(number 1/);
    expect(() => removeFilterRule(rules, 2)).toThrow(/no filter 2; this channel has 1/);
    expect(() => removeFilterRule([], 1)).toThrow(/has no filters/);
    const full = Array.from({ length: FILTER_LIMITS.rulesPerChannel }, (_, i) => rule(`word${i}`));
    expect(() => addFilterRule(full, rule('one-more'))).toThrow(/already has 50 filters/);
  });

  it('names the rule number when a stored list cannot compile', () => {
    expect(() => compileFilters([rule('fine'), { action: 'exclude', match: 'regex', pattern: '(?=x)', flags: '', fields: null }])).toThrow(/^Filter 2: Lookahead/);
  });
});
