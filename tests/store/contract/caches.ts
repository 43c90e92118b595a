import { beforeEach, describe, expect, it } from 'vitest';
import type { StoredSummary } from '../../../src/domain/summary.ts';
import type { Store } from '../../../src/store/store.ts';
import { at } from './fixtures.ts';

/** The Store contract for summaries. */
export function cachesContract(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('summaries', () => {
    const key = { contentHash: 'h1', summariser: 'llm' as const, model: 'gpt-x', promptVersion: 'v1' };
    const stored: StoredSummary = {
      key,
      fallback: false,
      createdAt: at(0),
      summary: { summary: 'First.', whyItMatters: 'Because.', whatToBuild: 'A tool.', keyTakeaways: ['a', 'b', 'c'] },
    };

    it('inserts or ignores: the first summary for a key wins', async () => {
      expect(await store.getSummary(key)).toBeUndefined();
      await store.putSummary(stored);
      await store.putSummary({ ...stored, summary: { ...stored.summary, summary: 'Second.' }, fallback: true, createdAt: at(5) });
      expect(await store.getSummary(key)).toEqual(stored);
    });

    it('keys by every part of the key', async () => {
      await store.putSummary(stored);
      const offline: StoredSummary = { ...stored, key: { ...key, summariser: 'offline' }, fallback: true, summary: { ...stored.summary, whyItMatters: null, whatToBuild: null } };
      await store.putSummary(offline);
      await store.putSummary({ ...stored, key: { ...key, promptVersion: 'v2' } });
      expect(await store.getSummary({ ...key, summariser: 'offline' })).toEqual(offline);
      expect(await store.getSummary({ ...key, model: 'other' })).toBeUndefined();
      expect((await store.getSummary({ ...key, promptVersion: 'v2' }))?.key.promptVersion).toBe('v2');
    });

    it('caches relevance scores per scope, first score wins, and reads back only what it has', async () => {
      const scope = { interestsKey: 'i1', model: 'gpt-x', promptVersion: 'r1' };
      expect(await store.getRelevanceScores(scope, ['a', 'b'])).toEqual(new Map());
      await store.putRelevanceScores(scope, new Map([['a', 0.8], ['b', 0.1]]), at(0));
      await store.putRelevanceScores(scope, new Map([['a', 0.2], ['c', 0.5]]), at(1));
      await store.putRelevanceScores({ ...scope, interestsKey: 'i2' }, new Map([['a', 0.3]]), at(1));
      expect(await store.getRelevanceScores(scope, ['a', 'b', 'c', 'd', 'a'])).toEqual(new Map([['a', 0.8], ['b', 0.1], ['c', 0.5]]));
      expect(await store.getRelevanceScores({ ...scope, interestsKey: 'i2' }, ['a', 'b'])).toEqual(new Map([['a', 0.3]]));
      expect(await store.getRelevanceScores({ ...scope, model: 'other' }, ['a'])).toEqual(new Map());
      expect(await store.getRelevanceScores(scope, [])).toEqual(new Map());
    });

    it('totals LLM usage since a time', async () => {
      expect(await store.llmUsageSince(at(0))).toEqual({ calls: 0, promptTokens: 0, completionTokens: 0 });
      await store.recordLlmUsage({ at: at(-1), purpose: 'summary', model: 'm', contentHash: 'h', promptTokens: 1000, completionTokens: 100 });
      await store.recordLlmUsage({ at: at(0), purpose: 'summary', model: 'm', contentHash: 'h', promptTokens: 700, completionTokens: 70 });
      await store.recordLlmUsage({ at: at(5), purpose: 'ask', model: 'm', contentHash: null, promptTokens: 300, completionTokens: 30 });
      expect(await store.llmUsageSince(at(0))).toEqual({ calls: 2, promptTokens: 1000, completionTokens: 100 });
      expect(await store.llmUsageSince(at(-5))).toEqual({ calls: 3, promptTokens: 2000, completionTokens: 200 });
    });
  });
}
