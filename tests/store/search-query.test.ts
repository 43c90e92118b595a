import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { fts5Query, searchTokens, tsQueryText } from '../../src/store/search-query.ts';
import type { Store } from '../../src/store/store.ts';

describe('search query sanitising', () => {
  it('keeps words (any script) and drops punctuation and operator keywords', () => {
    expect(searchTokens('reward-hacking AND (RLHF) OR "naïve" 日本語 NEAR(x, y) *')).toEqual(['reward', 'hacking', 'RLHF', 'naïve', '日本語', 'x', 'y']);
    expect(fts5Query('reward "hacking')).toBe('"reward" "hacking"');
    expect(tsQueryText('a & b | !c')).toBe('a b c');
    expect(fts5Query('"(*)"')).toBeNull();
    expect(tsQueryText('')).toBeNull();
  });
});

describe('SQLite FTS5 search with arbitrary user text', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createSqliteStore({ path: ':memory:' });
    await store.saveDigest({
      id: 'd1',
      channelId: 'c',
      edition: 'e',
      title: 't',
      headerLine: 'h',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      readMinutes: 1,
      summarisedOffline: false,
      pieces: [{ position: 1, pieceId: 'p', title: 'Reward hacking', sourceName: 's', url: 'https://x', readMinutes: 1, summarisedBy: 'llm', reason: 'r',
        summary: { summary: 'Agents exploit objectives.', whyItMatters: null, whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] } }],
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('never raises an FTS5 syntax error', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme-composite', maxLength: 40 }), async (query) => {
      const hits = await store.searchDigests('c', query, 5);
      expect(Array.isArray(hits)).toBe(true);
    }), { numRuns: 300 });
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom('"', '(', ')', '*', 'AND', 'OR', 'NOT', 'NEAR', '^', ':', '-', '+', 'reward', ' ', "'", '{', '}'), { maxLength: 12 }), async (parts) => {
      const hits = await store.searchDigests('c', parts.join(''), 5);
      expect(Array.isArray(hits)).toBe(true);
    }), { numRuns: 300 });
  });
});
