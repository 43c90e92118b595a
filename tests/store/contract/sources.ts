import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { at } from './fixtures.ts';

/** The Store contract for sources, channel subscriptions. */
export function sourcesContract(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('sources', () => {
    it('adds a source with defaults and round-trips it with Dates and booleans', async () => {
      const { source, created } = await store.addSource({ url: 'https://www.alignmentforum.org/feed.xml', name: 'AI Alignment Forum' });
      expect(created).toBe(true);
      expect(source.id).toMatch(/^[0-9a-f]{8}$/);
      expect(source).toMatchObject({ url: 'https://www.alignmentforum.org/feed.xml', name: 'AI Alignment Forum', weight: 1, fullText: false, paused: false });
      expect(source.createdAt).toBeInstanceOf(Date);
      expect(source.fetchState).toEqual({
        etag: null,
        lastModified: null,
        lastFetchedAt: null,
        lastSuccessAt: null,
        retryAfter: null,
        consecutiveFailures: 0,
        failing: false,
        lastError: null,
        fullTextNote: null,
      });
      expect(await store.getSource(source.id)).toEqual(source);
      expect(await store.getSourceByUrl(source.url)).toEqual(source);
      expect(await store.getSource('nope')).toBeUndefined();
      expect(await store.getSourceByUrl('https://nope.example')).toBeUndefined();
    });

    it('is idempotent by URL: a second add returns the existing source unchanged', async () => {
      const first = await store.addSource({ url: 'https://thegradient.pub/rss/', name: 'The Gradient', weight: 1.5, fullText: true });
      const second = await store.addSource({ url: 'https://thegradient.pub/rss/', name: 'Other name', weight: 3, paused: true });
      expect(second.created).toBe(false);
      expect(second.source).toEqual(first.source);
      expect(first.source).toMatchObject({ weight: 1.5, fullText: true, paused: false });
      expect(await store.listSources()).toHaveLength(1);
    });

    it('lists sources in creation order', async () => {
      const a = await store.addSource({ url: 'https://a.example/feed', name: 'A' });
      const b = await store.addSource({ url: 'https://b.example/feed', name: 'B' });
      const listed = await store.listSources();
      expect(listed.map((s) => s.id).sort()).toEqual([a.source.id, b.source.id].sort());
    });

    it('updates settings and fetch state, leaving unpatched fields alone', async () => {
      const { source } = await store.addSource({ url: 'https://a.example/feed', name: 'A' });
      const updated = await store.updateSource(source.id, {
        name: 'A renamed',
        weight: 2.25,
        paused: true,
        fetchState: { etag: 'W/"abc"', lastModified: 'Mon, 30 Mar 2026 08:00:00 GMT', lastFetchedAt: at(1), lastSuccessAt: at(1), retryAfter: at(30), consecutiveFailures: 3, failing: true, lastError: 'HTTP 503' },
      });
      expect(updated).toEqual({
        ...source,
        name: 'A renamed',
        weight: 2.25,
        paused: true,
        fetchState: { etag: 'W/"abc"', lastModified: 'Mon, 30 Mar 2026 08:00:00 GMT', lastFetchedAt: at(1), lastSuccessAt: at(1), retryAfter: at(30), consecutiveFailures: 3, failing: true, lastError: 'HTTP 503', fullTextNote: null },
      });
      expect(updated?.fetchState.retryAfter).toBeInstanceOf(Date);
      const cleared = await store.updateSource(source.id, { fetchState: { retryAfter: null, failing: false, consecutiveFailures: 0, lastError: null } });
      expect(cleared?.fetchState).toEqual({ etag: 'W/"abc"', lastModified: 'Mon, 30 Mar 2026 08:00:00 GMT', lastFetchedAt: at(1), lastSuccessAt: at(1), retryAfter: null, consecutiveFailures: 0, failing: false, lastError: null,
        fullTextNote: null });
      expect(cleared?.name).toBe('A renamed');
      expect(await store.updateSource(source.id, {})).toEqual(cleared);
      expect(await store.updateSource('missing', { name: 'x' })).toBeUndefined();
    });

    it('records fetches and lists them newest first with a limit', async () => {
      const { source } = await store.addSource({ url: 'https://a.example/feed', name: 'A' });
      await store.recordFetch({ sourceId: source.id, at: at(1), status: 200, outcome: 'fetched', durationMs: 120, bytes: 5000, newItems: 3, seenItems: 10, error: null });
      await store.recordFetch({ sourceId: source.id, at: at(3), status: 503, outcome: 'failed', durationMs: 40, bytes: 0, newItems: 0, seenItems: 0, error: 'HTTP 503' });
      await store.recordFetch({ sourceId: source.id, at: at(2), status: 304, outcome: 'not-modified', durationMs: 30, bytes: 0, newItems: 0, seenItems: 0, error: null });
      const fetches = await store.listFetches(source.id, 2);
      expect(fetches).toEqual([
        { sourceId: source.id, at: at(3), status: 503, outcome: 'failed', durationMs: 40, bytes: 0, newItems: 0, seenItems: 0, error: 'HTTP 503' },
        { sourceId: source.id, at: at(2), status: 304, outcome: 'not-modified', durationMs: 30, bytes: 0, newItems: 0, seenItems: 0, error: null },
      ]);
      expect(await store.listFetches(source.id, 10)).toHaveLength(3);
    });
  });
}
