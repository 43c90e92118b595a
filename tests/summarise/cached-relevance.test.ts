import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRelevanceScorer, relevanceInterestsKey } from '../../src/summarise/cached-relevance.ts';
import type { RelevanceItem, RelevanceRater } from '../../src/summarise/rate-relevance.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { hoursAgo, makePiece, NOW } from '../select/piece-factory.ts';

/** A rater that scores by title length and counts what it was asked. */
function countingRater(options: { skip?: (item: RelevanceItem) => boolean } = {}): RelevanceRater & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    model: 'm',
    asked,
    async rate(_interests, items) {
      asked.push(items.map((i) => i.key));
      return new Map(items.filter((i) => !options.skip?.(i)).map((i) => [i.key, (i.title.length % 10) / 10]));
    },
  };
}

let store: Store;
beforeEach(async () => {
  store = await createSqliteStore({ path: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

const candidates = (ids: string[]) => ids.map((id, i) => ({ piece: makePiece({ id, publishedAt: hoursAgo(i) }), sourceName: 'S' }));

describe('createRelevanceScorer', () => {
  it('rates each text once per interests, however many channels ask and however often', async () => {
    const rater = countingRater();
    const score = createRelevanceScorer({ store, rater, logger: silentLogger(), now: () => NOW });
    const first = await score(['RL', 'Reward hacking'], candidates(['a', 'b', 'c']));
    expect(first.size).toBe(3);
    // Same interests in another order and case: a second channel shares the cache.
    expect(await score(['reward  hacking', 'rl'], candidates(['a', 'b', 'c']))).toEqual(first);
    expect(rater.asked).toEqual([['hash-a', 'hash-b', 'hash-c']]);
    // Different interests are a different question.
    await score(['interpretability'], candidates(['a']));
    expect(rater.asked).toHaveLength(2);
  });

  it('asks only for what the cache lacks, once per text even when two pieces share it', async () => {
    const rater = countingRater();
    const score = createRelevanceScorer({ store, rater, logger: silentLogger(), now: () => NOW });
    await score([], candidates(['a']));
    const twins = [...candidates(['a', 'b']), { piece: makePiece({ id: 'b2', contentHash: 'hash-b' }), sourceName: 'S' }];
    const scores = await score([], twins);
    expect(rater.asked).toEqual([['hash-a'], ['hash-b']]);
    expect(scores.get('b2')).toBe(scores.get('b'));
  });

  it('rates only the newest few of a backlog and does not cache what the model left out', async () => {
    const rater = countingRater({ skip: (i) => i.key === 'hash-p1' });
    const score = createRelevanceScorer({ store, rater, logger: silentLogger(), now: () => NOW, maxRated: 3 });
    const scores = await score([], candidates(['p0', 'p1', 'p2', 'p3', 'p4']));
    expect(rater.asked).toEqual([['hash-p0', 'hash-p1', 'hash-p2']]);
    expect([...scores.keys()].sort()).toEqual(['p0', 'p2']);
    await score([], candidates(['p0', 'p1', 'p2']));
    expect(rater.asked.at(-1)).toEqual(['hash-p1']);
  });

  it('keys interests stably and keeps "no interests" apart', () => {
    expect(relevanceInterestsKey(['B', ' a '])).toBe(relevanceInterestsKey(['a', 'b', 'a']));
    expect(relevanceInterestsKey([])).toBe('general');
    expect(relevanceInterestsKey(['a'])).not.toBe(relevanceInterestsKey(['a b']));
  });
});
