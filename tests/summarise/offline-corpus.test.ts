import { describe, expect, it } from 'vitest';
import { createOfflineSummariser } from '../../src/summarise/offline-summariser.ts';
import { detectLanguage } from '../../src/summarise/output-language.ts';
import { ARTICLES } from '../fixtures/quality/articles.ts';
import { takeawayDefects } from '../fixtures/quality/takeaway-defects.ts';
import { LONG_ARTICLE, LONG_ARTICLE_TITLE } from './fixtures/long-article.ts';

const corpus = [...ARTICLES, { id: 'gridworlds', title: LONG_ARTICLE_TITLE, source: 'Gridworld Notes', language: 'en', text: LONG_ARTICLE }];

describe('offline takeaways on a corpus of long research posts', () => {
  it('has at least ten English articles and two in other languages', () => {
    expect(corpus.filter((a) => a.language === 'en').length).toBeGreaterThanOrEqual(10);
    expect(corpus.filter((a) => a.language !== 'en').length).toBeGreaterThanOrEqual(2);
  });

  it.each(corpus.map((a) => [a.id, a] as const))('%s: no headings, fragments, dangling openings, repeats or filler', async (_id, article) => {
    const { summary } = await createOfflineSummariser().summarise({ title: article.title, sourceName: article.source, text: article.text, language: article.language });
    expect(takeawayDefects(summary, article.text)).toEqual([]);
    expect(summary.keyTakeaways.length).toBeLessThanOrEqual(3);
    expect(summary.whyItMatters).toBeNull();
    expect(summary.whatToBuild).toBeNull();
    // Never English text under an article in another language.
    if (article.language !== 'en') {
      for (const text of [summary.summary, ...summary.keyTakeaways]) expect(await detectLanguage(text)).not.toBe('en');
    }
  });

  it('prefers findings: most takeaways carry a number', async () => {
    let withNumber = 0;
    let total = 0;
    for (const article of corpus) {
      const { summary } = await createOfflineSummariser().summarise({ title: article.title, sourceName: article.source, text: article.text, language: article.language });
      total += summary.keyTakeaways.length;
      withNumber += summary.keyTakeaways.filter((t) => /\d/.test(t)).length;
    }
    expect(withNumber / total).toBeGreaterThan(0.6);
  });

  it('catches the defects it is meant to catch (the checker is not vacuous)', () => {
    const source = 'FP8 training is now boring, in a good way\n\nWe trained 36 policies. This confidence climbed for 2,000 steps before each onset.';
    const bad = { summary: 'We trained 36 policies.', whyItMatters: null, whatToBuild: null, keyTakeaways: [
      'FP8 training is now boring, in a good way',
      'This confidence climbed for 2,000 steps before each onset.',
      'See the original for the method.',
      'We trained 36 policies.',
    ] };
    expect(takeawayDefects(bad, source).map((d) => d.kind).sort()).toEqual(['dangling', 'fragment', 'heading', 'not-in-source', 'repeat']);
  });
});
