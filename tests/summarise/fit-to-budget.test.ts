import { describe, expect, it } from 'vitest';
import { CHARS_PER_TOKEN, CUT_MARK, fitToBudget, looksLikeHeading } from '../../src/summarise/fit-to-budget.ts';
import { LONG_ARTICLE } from './fixtures/long-article.ts';

describe('fitToBudget', () => {
  it('returns a text within budget unchanged', () => {
    expect(fitToBudget('A short article.\n\n## Heading\nBody.', 1000)).toBe('A short article.\n\n## Heading\nBody.');
  });

  it('keeps the opening and the headings of the sections that were cut, within the budget', () => {
    const maxTokens = 400;
    const fitted = fitToBudget(LONG_ARTICLE, maxTokens);
    expect(fitted.length).toBeLessThanOrEqual(maxTokens * CHARS_PER_TOKEN);
    expect(fitted.startsWith(LONG_ARTICLE.slice(0, 200))).toBe(true);
    expect(fitted).toContain(CUT_MARK);
    const headings = LONG_ARTICLE.split('\n').filter((line) => line.startsWith('## '));
    const cutHeadings = headings.filter((h) => LONG_ARTICLE.indexOf(h) > 1200);
    const kept = cutHeadings.filter((h) => fitted.includes(h));
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(fitted).toContain('## Finding three: entropy bonuses make things worse');
    // Headings stay in their original order.
    const order = kept.map((h) => fitted.indexOf(h));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('cuts at a word boundary', () => {
    const fitted = fitToBudget('word '.repeat(5000), 100);
    expect(fitted.split(`\n\n${CUT_MARK}`)[0]).toMatch(/word$/);
  });

  it('recognises heading-like lines and not sentences', () => {
    expect(looksLikeHeading('## Results')).toBe(true);
    expect(looksLikeHeading('3. Experimental Setup')).toBe(true);
    expect(looksLikeHeading('Related Work')).toBe(true);
    expect(looksLikeHeading('This is a sentence that ends with a full stop.')).toBe(false);
    expect(looksLikeHeading('')).toBe(false);
  });
});
