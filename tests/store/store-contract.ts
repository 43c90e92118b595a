import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef, ChannelSettings } from '../../src/domain/channel.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import type { Piece } from '../../src/domain/piece.ts';
import type { StoredSummary } from '../../src/domain/summary.ts';
import type { Store } from '../../src/store/store.ts';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.ts';
import { addOccurrence, editPiece, insertPieces } from './seed-pieces.ts';

const T0 = new Date('2026-03-30T08:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const settings: ChannelSettings = {
  pieces: 4, interests: ['reward hacking', 'interpretability'], language: 'en', cron: '0 9 * * 1',
  timezone: 'Europe/London', schedulePaused: false, adminChannelId: null,
};
const ref: ChannelRef = { platform: 'discord', workspaceId: 'g1', channelId: 'c1' };
const otherRef: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C9' };

function makePiece(id: string, sourceId: string, overrides: Partial<Piece> = {}): Piece {
  return {
    id, sourceId, guid: `guid-${id}`, url: `https://example.org/${id}?utm_source=x`, canonicalUrl: `https://example.org/${id}`,
    title: `Title ${id}`, authors: ['Ada', 'Grace'], publishedAt: at(-60), publishedAtEstimated: false, fetchedAt: at(0),
    contentText: `Text of ${id} — with “quotes” and ünïcode.`, contentHtml: `<p>Text of ${id}</p>`, wordCount: 1234,
    contentHash: `hash-${id}`, signature: [1, 2, 4294967295, 0], fullTextFetched: true, updatedAt: at(0), ...overrides,
  };
}

function makeDigestPiece(position: number, pieceId: string, overrides: Partial<DigestPiece> = {}): DigestPiece {
  return {
    position, pieceId, title: `Piece ${position}`, sourceName: 'AI Alignment Forum', url: `https://example.org/${pieceId}`,
    readMinutes: 5,
    summary: {
      summary: 'A study of gradient descent.\n\nSecond paragraph.',
      whyItMatters: 'It matters.', whatToBuild: null, keyTakeaways: ['one', 'two', 'three'],
    },
    summarisedBy: 'llm', reason: 'matches interests: x', ...overrides,
  };
}

function makeDigest(id: string, channelId: string, createdAt: Date, pieces: DigestPiece[]): Digest {
  return {
    id, channelId, edition: createdAt.toISOString(), title: `AI Research Digest ${id}`, headerLine: `${pieces.length} pieces selected`,
    createdAt, readMinutes: 12, summarisedOffline: false, pieces,
  };
}

/** The Store port's contract: every backend must pass it unchanged, returning identical values. */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('sources', () => {
      it('adds a source with defaults and round-trips it with Dates and booleans', async () => {
        const { source, created } = await store.addSource({ url: 'https://www.alignmentforum.org/feed.xml', name: 'AI Alignment Forum' });
        expect(created).toBe(true);
        expect(source.id).toMatch(/^[0-9a-f]{8}$/);
        expect(source).toMatchObject({ url: 'https://www.alignmentforum.org/feed.xml', name: 'AI Alignment Forum', weight: 1, fullText: false, paused: false });
        expect(source.createdAt).toBeInstanceOf(Date);
        expect(source.fetchState).toEqual({
          etag: null, lastModified: null, lastFetchedAt: null, lastSuccessAt: null, retryAfter: null,
          consecutiveFailures: 0, failing: false, lastError: null,
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
          name: 'A renamed', weight: 2.25, paused: true,
          fetchState: { etag: 'W/"abc"', lastModified: 'Mon, 30 Mar 2026 08:00:00 GMT', lastFetchedAt: at(1), lastSuccessAt: at(1), retryAfter: at(30), consecutiveFailures: 3, failing: true, lastError: 'HTTP 503' },
        });
        expect(updated).toEqual({
          ...source, name: 'A renamed', weight: 2.25, paused: true,
          fetchState: { etag: 'W/"abc"', lastModified: 'Mon, 30 Mar 2026 08:00:00 GMT', lastFetchedAt: at(1), lastSuccessAt: at(1), retryAfter: at(30), consecutiveFailures: 3, failing: true, lastError: 'HTTP 503' },
        });
        expect(updated?.fetchState.retryAfter).toBeInstanceOf(Date);
        const cleared = await store.updateSource(source.id, { fetchState: { retryAfter: null, failing: false, consecutiveFailures: 0, lastError: null } });
        expect(cleared?.fetchState).toEqual({ etag: 'W/"abc"', lastModified: 'Mon, 30 Mar 2026 08:00:00 GMT', lastFetchedAt: at(1), lastSuccessAt: at(1), retryAfter: null, consecutiveFailures: 0, failing: false, lastError: null });
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

      it('removes a source with its subscriptions but keeps its pieces', async () => {
        const { source } = await store.addSource({ url: 'https://a.example/feed', name: 'A' });
        await store.subscribe('discord:g1:c1', source.id);
        await insertPieces(store, makePiece('p1', source.id));
        await store.recordFetch({ sourceId: source.id, at: at(1), status: 200, outcome: 'fetched', durationMs: 1, bytes: 1, newItems: 1, seenItems: 1, error: null });
        expect(await store.removeSource(source.id)).toBe(true);
        expect(await store.listFetches(source.id, 10)).toEqual([]);
        expect(await store.getSource(source.id)).toBeUndefined();
        expect(await store.listChannelSources('discord:g1:c1')).toEqual([]);
        expect((await store.getPiece('p1'))?.sourceId).toBe(source.id);
        expect(await store.removeSource(source.id)).toBe(false);
      });
    });

    describe('channel subscriptions', () => {
      it('subscribes idempotently, lists and unsubscribes per channel', async () => {
        const a = (await store.addSource({ url: 'https://a.example/feed', name: 'A' })).source;
        const b = (await store.addSource({ url: 'https://b.example/feed', name: 'B' })).source;
        await store.subscribe('ch1', a.id);
        await store.subscribe('ch1', a.id);
        await store.subscribe('ch1', b.id);
        await store.subscribe('ch2', b.id);
        expect((await store.listChannelSources('ch1')).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
        expect(await store.listChannelSources('ch2')).toEqual([b]);
        expect(await store.unsubscribe('ch1', a.id)).toBe(true);
        expect(await store.unsubscribe('ch1', a.id)).toBe(false);
        expect(await store.listChannelSources('ch1')).toEqual([b]);
        expect(await store.listChannelSources('nobody')).toEqual([]);
      });
    });

    describe('pieces', () => {
      it('round-trips a piece exactly (Dates, booleans, JSON arrays, unicode)', async () => {
        const piece = makePiece('p1', 's1', { publishedAtEstimated: true, fullTextFetched: false });
        await insertPieces(store, piece);
        const stored = await store.getPiece('p1');
        expect(stored).toEqual(piece);
        expect(stored?.publishedAt).toBeInstanceOf(Date);
        expect(stored?.publishedAtEstimated).toBe(true);
        expect(stored?.fullTextFetched).toBe(false);
        expect(await store.getPiece('nope')).toBeUndefined();
      });

      it('records the original occurrence and folds crossposts idempotently', async () => {
        const piece = makePiece('p1', 's1');
        await insertPieces(store, piece);
        const crosspost = { pieceId: 'p1', sourceId: 's2', guid: 'other-guid', canonicalUrl: 'https://mirror.example/p1', firstSeenAt: at(5), matchedBy: 'near-duplicate' as const, similarity: 0.875 };
        await addOccurrence(store, crosspost);
        await addOccurrence(store, { ...crosspost, firstSeenAt: at(9), similarity: 0.5 });
        expect(await store.listOccurrences('p1')).toEqual([
          { pieceId: 'p1', sourceId: 's1', guid: 'guid-p1', canonicalUrl: 'https://example.org/p1', firstSeenAt: at(0), matchedBy: 'original', similarity: null },
          crosspost,
        ]);
        expect(await store.listOccurrences('nope')).toEqual([]);
      });

      it('finds pieces by guid (original or folded), canonical URL (own or folded) and content hash, many at once', async () => {
        const piece = makePiece('p1', 's1');
        const later = makePiece('p2', 's3', { fetchedAt: at(10), canonicalUrl: 'https://example.org/p1', contentHash: 'hash-p1' });
        await insertPieces(store, piece);
        await insertPieces(store, later);
        await addOccurrence(store, { pieceId: 'p1', sourceId: 's2', guid: 'x-guid', canonicalUrl: 'https://mirror.example/p1', firstSeenAt: at(5), matchedBy: 'guid', similarity: null });
        expect(await store.findPiecesByGuids('s1', ['guid-p1', 'guid-none', 'guid-p1'])).toEqual(new Map([['guid-p1', piece]]));
        expect(await store.findPiecesByGuids('s2', ['x-guid', 'guid-p1'])).toEqual(new Map([['x-guid', piece]]));
        expect(await store.findPiecesByGuids('s2', [])).toEqual(new Map());
        // Two pieces share the URL and hash: the earlier one is the one a duplicate folds into.
        expect(await store.findPiecesByCanonicalUrls(['https://example.org/p1', 'https://mirror.example/p1', 'https://example.org/none']))
          .toEqual(new Map([['https://example.org/p1', piece], ['https://mirror.example/p1', piece]]));
        expect(await store.findPiecesByContentHashes(['hash-p1', 'hash-none'])).toEqual(new Map([['hash-p1', piece]]));
        expect(await store.findPiecesByContentHashes([])).toEqual(new Map());
      });

      it('looks up more keys than one query binds', async () => {
        await insertPieces(store, makePiece('p1', 's1'));
        const guids = [...Array.from({ length: 700 }, (_, i) => `guid-${i}`), 'guid-p1'];
        expect([...(await store.findPiecesByGuids('s1', guids)).keys()]).toEqual(['guid-p1']);
        expect((await store.findPiecesByContentHashes([...guids, 'hash-p1'])).size).toBe(1);
      });

      it('saves one feed\'s batch (new pieces, folded crossposts, edits) in one transaction, all or nothing', async () => {
        await insertPieces(store, makePiece('kept', 's1'));
        const fresh = Array.from({ length: 130 }, (_, i) => makePiece(`n${i}`, 's2'));
        const patch = {
          title: 'Edited', authors: [], contentText: 'edited text', contentHtml: '<p>edited</p>', wordCount: 2,
          contentHash: 'hash-edited', signature: [1], fullTextFetched: false, updatedAt: at(30),
        };
        const crosspost = { pieceId: 'kept', sourceId: 's2', guid: 'mirror', canonicalUrl: 'https://mirror.example/kept', firstSeenAt: at(5), matchedBy: 'near-duplicate' as const, similarity: 0.9 };
        await store.saveIngestBatch({ inserts: fresh, occurrences: [crosspost], edits: [{ id: 'kept', patch }] });
        expect(await store.getPiece('n129')).toEqual(fresh[129]);
        expect((await store.findPiecesByGuids('s2', ['guid-n0', 'mirror'])).get('mirror')?.id).toBe('kept');
        expect(await store.getPiece('kept')).toMatchObject({ title: 'Edited', contentHash: 'hash-edited' });

        // A batch that fails part-way (the pieces went in, then an occurrence names a piece that does not exist) leaves nothing behind.
        const failing = { inserts: [makePiece('m1', 's3')], occurrences: [{ ...crosspost, pieceId: 'missing', guid: 'other' }], edits: [{ id: 'kept', patch: { ...patch, title: 'Half' } }] };
        await expect(store.saveIngestBatch(failing)).rejects.toThrow();
        expect(await store.getPiece('m1')).toBeUndefined();
        expect(await store.getPiece('kept')).toMatchObject({ title: 'Edited' });
        await store.saveIngestBatch({ inserts: [], occurrences: [], edits: [] });
      });

      it('updates piece content and keeps id, source and first-sight dates', async () => {
        const piece = makePiece('p1', 's1');
        await insertPieces(store, piece);
        const patch = {
          title: 'Edited', authors: ['Ada'], contentText: 'new text', contentHtml: '<p>new</p>', wordCount: 2,
          contentHash: 'hash-new', signature: [9, 8, 7], fullTextFetched: false, updatedAt: at(60),
        };
        await editPiece(store, 'p1', patch);
        expect(await store.getPiece('p1')).toEqual({ ...piece, ...patch });
        expect((await store.findPiecesByContentHashes(['hash-new'])).get('hash-new')).toMatchObject({ id: 'p1' });
        expect(await store.findPiecesByContentHashes(['hash-p1'])).toEqual(new Map());
      });

      it('lists the pieces stored after a position in store order, with the position reached', async () => {
        const empty = await store.listPiecesStoredAfter(null);
        expect(empty.pieces).toEqual([]);
        await insertPieces(store, makePiece('a', 's1'), makePiece('b', 's2'));
        const afterTwo = await store.listPiecesStoredAfter(null);
        expect(afterTwo.pieces).toEqual([]);
        expect(afterTwo.marker).toBeGreaterThan(empty.marker);
        expect((await store.listPiecesStoredAfter(empty.marker)).pieces.map((p) => p.id)).toEqual(['a', 'b']);
        // Later pieces come after, whatever their ids or fetch times.
        await insertPieces(store, makePiece('0-early', 's3', { fetchedAt: at(-500) }));
        const next = await store.listPiecesStoredAfter(afterTwo.marker);
        expect(next.pieces).toEqual([{ id: '0-early', sourceId: 's3', signature: [1, 2, 4294967295, 0] }]);
        expect(await store.listPiecesStoredAfter(next.marker)).toEqual({ pieces: [], marker: next.marker });
      });

      it('lists pieces since a time, newest first, filtered by source and limited', async () => {
        await insertPieces(store, makePiece('old', 's1', { fetchedAt: at(-10) }));
        await insertPieces(store, makePiece('a', 's1', { fetchedAt: at(0) }));
        await insertPieces(store, makePiece('b', 's2', { fetchedAt: at(2) }));
        await insertPieces(store, makePiece('c', 's1', { fetchedAt: at(1) }));
        expect((await store.listPiecesSince(at(0))).map((p) => p.id)).toEqual(['b', 'c', 'a']);
        expect((await store.listPiecesSince(at(0), { sourceIds: ['s1'] })).map((p) => p.id)).toEqual(['c', 'a']);
        expect((await store.listPiecesSince(at(-60), { limit: 2 })).map((p) => p.id)).toEqual(['b', 'c']);
        expect(await store.listPiecesSince(at(0), { sourceIds: [] })).toEqual([]);
        const [first] = await store.listPiecesSince(at(0));
        expect(first).toEqual(makePiece('b', 's2', { fetchedAt: at(2) }));
      });
    });

    describe('summaries', () => {
      const key = { contentHash: 'h1', summariser: 'llm' as const, model: 'gpt-x', promptVersion: 'v1' };
      const stored: StoredSummary = {
        key, fallback: false, createdAt: at(0),
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

    describe('channels', () => {
      it('creates a channel on first sight and returns the stored one after', async () => {
        const channel = await store.ensureChannel(ref, settings);
        expect(channel).toMatchObject({ id: 'discord:g1:c1', ref, settings, lastDeliveryError: null, lastDeliveryErrorAt: null });
        expect(channel.createdAt).toBeInstanceOf(Date);
        expect(channel.settings.schedulePaused).toBe(false);
        const again = await store.ensureChannel(ref, { ...settings, pieces: 9 });
        expect(again).toEqual(channel);
        expect(await store.getChannel('discord:g1:c1')).toEqual(channel);
        expect(await store.getChannel('nope')).toBeUndefined();
        await store.ensureChannel(otherRef, settings);
        expect((await store.listChannels()).map((c) => c.id).sort()).toEqual(['discord:g1:c1', 'slack:T1:C9']);
      });

      it('updates settings', async () => {
        await store.ensureChannel(ref, settings);
        const next = { ...settings, pieces: 2, interests: [], schedulePaused: true, adminChannelId: 'c-admin' };
        const updated = await store.updateChannelSettings('discord:g1:c1', next);
        expect(updated?.settings).toEqual(next);
        expect((await store.getChannel('discord:g1:c1'))?.settings).toEqual(next);
        expect(await store.updateChannelSettings('nope', next)).toBeUndefined();
      });

      it('sets and clears the last delivery error', async () => {
        await store.ensureChannel(ref, settings);
        await store.setChannelDeliveryError('discord:g1:c1', 'Missing Access (50001)', at(3));
        expect(await store.getChannel('discord:g1:c1')).toMatchObject({ lastDeliveryError: 'Missing Access (50001)', lastDeliveryErrorAt: at(3) });
        await store.setChannelDeliveryError('discord:g1:c1', null, at(4));
        expect(await store.getChannel('discord:g1:c1')).toMatchObject({ lastDeliveryError: null, lastDeliveryErrorAt: null });
      });
    });

    describe('digests', () => {
      const channelId = 'discord:g1:c1';

      it('saves a digest with its pieces and reads it back equal', async () => {
        const digest = makeDigest('d1', channelId, at(0), [
          makeDigestPiece(1, 'p1'),
          makeDigestPiece(2, 'p2', { summarisedBy: 'offline-fallback', summary: { summary: 'Offline.', whyItMatters: null, whatToBuild: null, keyTakeaways: ['x', 'y', 'z'] } }),
        ]);
        digest.summarisedOffline = true;
        await store.saveDigest(digest);
        const stored = await store.getDigest('d1');
        expect(stored).toEqual(digest);
        expect(stored?.createdAt).toBeInstanceOf(Date);
        expect(stored?.summarisedOffline).toBe(true);
        expect(await store.getDigest('nope')).toBeUndefined();
      });

      it('saving the same digest again replaces it rather than duplicating', async () => {
        await store.saveDigest(makeDigest('d1', channelId, at(0), [makeDigestPiece(1, 'p1'), makeDigestPiece(2, 'p2')]));
        const replaced = makeDigest('d1', channelId, at(0), [makeDigestPiece(1, 'p3')]);
        await store.saveDigest(replaced);
        expect(await store.getDigest('d1')).toEqual(replaced);
        expect(await store.listDigests(channelId)).toHaveLength(1);
        expect(await store.digestedPieceIds(channelId)).toEqual(new Set(['p3']));
        // The search index was replaced too: the two old pieces no longer answer.
        expect(await store.searchDigests(channelId, 'gradient', 10)).toHaveLength(1);
      });

      it('lists a channel’s digests newest first, with limit and offset', async () => {
        await store.saveDigest(makeDigest('d1', channelId, at(0), [makeDigestPiece(1, 'p1')]));
        await store.saveDigest(makeDigest('d3', channelId, at(20), [makeDigestPiece(1, 'p3')]));
        await store.saveDigest(makeDigest('d2', channelId, at(10), [makeDigestPiece(1, 'p2')]));
        await store.saveDigest(makeDigest('x1', 'slack:T1:C9', at(30), [makeDigestPiece(1, 'p9')]));
        expect((await store.listDigests(channelId)).map((d) => d.id)).toEqual(['d3', 'd2', 'd1']);
        const [previous, ...rest] = await store.listDigests(channelId, { limit: 1, offset: 1 });
        expect(rest).toEqual([]);
        expect(previous).toEqual(makeDigest('d2', channelId, at(10), [makeDigestPiece(1, 'p2')]));
        expect((await store.listDigests(channelId, { limit: 2 })).map((d) => d.id)).toEqual(['d3', 'd2']);
        expect(await store.listDigests('nobody')).toEqual([]);
      });

      it('knows every piece digested in a channel', async () => {
        await store.saveDigest(makeDigest('d1', channelId, at(0), [makeDigestPiece(1, 'p1'), makeDigestPiece(2, 'p2')]));
        await store.saveDigest(makeDigest('d2', channelId, at(10), [makeDigestPiece(1, 'p2'), makeDigestPiece(2, 'p3')]));
        await store.saveDigest(makeDigest('x1', 'other', at(10), [makeDigestPiece(1, 'p4')]));
        expect(await store.digestedPieceIds(channelId)).toEqual(new Set(['p1', 'p2', 'p3']));
        expect(await store.digestedPieceIds('nobody')).toEqual(new Set());
      });

      describe('search', () => {
        beforeEach(async () => {
          await store.saveDigest(makeDigest('d1', channelId, at(0), [
            makeDigestPiece(1, 'p1', { title: 'Reward hacking in practice', summary: { summary: 'Agents exploit misspecified objectives.', whyItMatters: null, whatToBuild: null, keyTakeaways: ['Specification gaming is common', 'b', 'c'] } }),
            makeDigestPiece(2, 'p2', { title: 'Sparse autoencoders', summary: { summary: 'Dictionary learning finds monosemantic features.', whyItMatters: 'Interpretability at scale.', whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] } }),
          ]));
          await store.saveDigest(makeDigest('x1', 'slack:T1:C9', at(5), [
            makeDigestPiece(1, 'p9', { title: 'Other channel', summary: { summary: 'Agents exploit misspecified objectives too.', whyItMatters: null, whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] } }),
          ]));
        });

        it('finds a piece by a word in its summary, scoped to the channel', async () => {
          const hits = await store.searchDigests(channelId, 'misspecified', 10);
          expect(hits).toHaveLength(1);
          const [hit] = hits;
          expect(hit).toMatchObject({ digestId: 'd1', position: 1, title: 'Reward hacking in practice', sourceName: 'AI Alignment Forum', url: 'https://example.org/p1' });
          expect(hit?.digestCreatedAt).toEqual(at(0));
          expect(typeof hit?.rank).toBe('number');
          expect(Number.isFinite(hit?.rank)).toBe(true);
        });

        it('finds by title words, takeaways and why-it-matters, and combines words as AND', async () => {
          expect((await store.searchDigests(channelId, 'autoencoders', 10)).map((h) => h.position)).toEqual([2]);
          expect((await store.searchDigests(channelId, 'gaming', 10)).map((h) => h.position)).toEqual([1]);
          expect((await store.searchDigests(channelId, 'interpretability', 10)).map((h) => h.position)).toEqual([2]);
          expect(await store.searchDigests(channelId, 'agents dictionary', 10)).toEqual([]);
          expect((await store.searchDigests(channelId, 'Agents OBJECTIVES', 10)).map((h) => h.position)).toEqual([1]);
        });

        it('respects the limit and returns [] for an empty query or no match', async () => {
          await store.saveDigest(makeDigest('d2', channelId, at(10), [makeDigestPiece(1, 'p5', { title: 'More reward hacking' })]));
          expect(await store.searchDigests(channelId, 'reward', 1)).toHaveLength(1);
          expect(await store.searchDigests(channelId, 'reward', 10)).toHaveLength(2);
          expect(await store.searchDigests(channelId, '', 10)).toEqual([]);
          expect(await store.searchDigests(channelId, '   ', 10)).toEqual([]);
          expect(await store.searchDigests(channelId, 'zebra', 10)).toEqual([]);
        });

        it('never throws on hostile query text', async () => {
          for (const query of ['"', 'AND (', '*', 'NEAR(', 'OR', ') OR (', 'title:reward', "'; drop table digests; --", '^reward', 'reward -hacking', '!!!', 'a & b | c', ':*', '\\', '"reward hacking"', 'the', 'NOT', 'near/3', '💥', 'ünïcode']) {
            await expect(store.searchDigests(channelId, query, 10)).resolves.toBeInstanceOf(Array);
          }
          // The words inside a hostile query still count.
          expect((await store.searchDigests(channelId, '"reward" AND (', 10)).map((h) => h.digestId)).toEqual(['d1']);
          expect(await store.getDigest('d1')).toBeDefined();
        });
      });
    });

    describe('deliveries', () => {
      const claim = { channelId: 'discord:g1:c1', edition: '2026-03-30T09:00:00.000Z', holder: 'worker-1', at: at(0) };

      it('claims an edition once; a second claim gets undefined', async () => {
        const delivery = await store.claimDelivery(claim);
        expect(delivery).toEqual({
          id: expect.any(String), channelId: claim.channelId, edition: claim.edition, digestId: null, status: 'pending',
          claimedBy: 'worker-1', claimedAt: at(0), completedAt: null, error: null,
        });
        expect(await store.claimDelivery({ ...claim, holder: 'worker-2', at: at(1) })).toBeUndefined();
        expect(await store.getDelivery(claim.channelId, claim.edition)).toEqual(delivery);
        expect(await store.getDelivery(claim.channelId, 'other')).toBeUndefined();
        expect(await store.claimDelivery({ ...claim, edition: 'manual:2026-03-30T10:00:00.000Z' })).toBeDefined();
      });

      it('lets exactly one of several racing claims win', async () => {
        const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((holder) => store.claimDelivery({ ...claim, holder })));
        const winners = results.filter((r) => r !== undefined);
        expect(winners).toHaveLength(1);
        expect((await store.getDelivery(claim.channelId, claim.edition))?.claimedBy).toBe(winners[0]?.claimedBy);
      });

      it('records delivered messages idempotently per slot', async () => {
        const delivery = await store.claimDelivery(claim);
        if (!delivery) throw new Error('claim failed');
        await store.recordDeliveredMessage({ deliveryId: delivery.id, slot: 'header', platformMessageId: 'm1', postedAt: at(1) });
        await store.recordDeliveredMessage({ deliveryId: delivery.id, slot: 'header', platformMessageId: 'm1-retry', postedAt: at(3) });
        await store.recordDeliveredMessage({ deliveryId: delivery.id, slot: 'piece:1', platformMessageId: 'm2', postedAt: at(2) });
        expect(await store.listDeliveredMessages(delivery.id)).toEqual([
          { deliveryId: delivery.id, slot: 'header', platformMessageId: 'm1', postedAt: at(1) },
          { deliveryId: delivery.id, slot: 'piece:1', platformMessageId: 'm2', postedAt: at(2) },
        ]);
        expect(await store.listDeliveredMessages('nope')).toEqual([]);
      });

      it('links the digest, finishes deliveries and lists only pending ones', async () => {
        const first = await store.claimDelivery(claim);
        const second = await store.claimDelivery({ ...claim, edition: 'e2', at: at(1) });
        const third = await store.claimDelivery({ ...claim, edition: 'e3', at: at(2) });
        if (!first || !second || !third) throw new Error('claim failed');
        expect((await store.listPendingDeliveries()).map((d) => d.id)).toEqual([first.id, second.id, third.id]);
        await store.setDeliveryDigest(first.id, 'd1');
        await store.finishDelivery(first.id, { status: 'delivered', error: null, at: at(5) });
        await store.finishDelivery(second.id, { status: 'failed', error: 'Missing Access', at: at(6) });
        expect(await store.getDelivery(claim.channelId, claim.edition)).toEqual({ ...first, digestId: 'd1', status: 'delivered', completedAt: at(5) });
        expect(await store.getDelivery(claim.channelId, 'e2')).toEqual({ ...second, status: 'failed', error: 'Missing Access', completedAt: at(6) });
        expect(await store.listPendingDeliveries()).toEqual([third]);
        // A finished edition stays claimed.
        expect(await store.claimDelivery(claim)).toBeUndefined();
      });
    });

    describe('leases', () => {
      const ttl = 60_000;

      it('grants a free key, refuses another holder until it expires, then lets it take over', async () => {
        expect(await store.tryAcquireLease('slot:a', 'i1', ttl, at(0))).toBe(true);
        expect(await store.tryAcquireLease('slot:a', 'i2', ttl, at(0.5))).toBe(false);
        expect(await store.tryAcquireLease('slot:b', 'i2', ttl, at(0.5))).toBe(true);
        // The holder renews; the lease now runs to at(2).
        expect(await store.tryAcquireLease('slot:a', 'i1', ttl, at(1))).toBe(true);
        expect(await store.tryAcquireLease('slot:a', 'i2', ttl, at(1.5))).toBe(false);
        expect(await store.tryAcquireLease('slot:a', 'i2', ttl, at(2))).toBe(true);
        expect(await store.tryAcquireLease('slot:a', 'i1', ttl, at(2.5))).toBe(false);
      });

      it('releases only for its holder', async () => {
        expect(await store.tryAcquireLease('k', 'i1', ttl, at(0))).toBe(true);
        expect(await store.releaseLease('k', 'i2')).toBe(false);
        expect(await store.tryAcquireLease('k', 'i2', ttl, at(0))).toBe(false);
        expect(await store.releaseLease('k', 'i1')).toBe(true);
        expect(await store.releaseLease('k', 'i1')).toBe(false);
        expect(await store.tryAcquireLease('k', 'i2', ttl, at(0))).toBe(true);
      });

      it('prunes only leases that expired before the given time', async () => {
        await store.tryAcquireLease('old', 'i1', ttl, at(0));
        await store.tryAcquireLease('new', 'i1', ttl, at(10));
        expect(await store.pruneLeases(at(5))).toBe(1);
        expect(await store.tryAcquireLease('old', 'i2', ttl, at(5))).toBe(true);
        expect(await store.tryAcquireLease('new', 'i2', ttl, at(5))).toBe(false);
      });

      it('lets exactly one of several racing holders win a free or expired key', async () => {
        const free = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((h) => store.tryAcquireLease('race', h, ttl, at(0))));
        expect(free.filter(Boolean)).toHaveLength(1);
        const expired = await Promise.all(['f', 'g', 'h', 'i'].map((h) => store.tryAcquireLease('race', h, ttl, at(5))));
        expect(expired.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('named locks', () => {
      it('runs tasks under one name one at a time, other names alongside, and frees the name when a task throws', async () => {
        const log: string[] = [];
        const task = (name: string, ms: number) => async () => {
          log.push(`${name} start`);
          await new Promise((resolve) => setTimeout(resolve, ms));
          log.push(`${name} end`);
          return name;
        };
        const failing = store.withLock('k', async () => {
          log.push('boom');
          throw new Error('boom');
        });
        const results = await Promise.all([
          failing.catch((e: Error) => e.message),
          store.withLock('k', task('a', 30)),
          store.withLock('k', task('b', 1)),
          store.withLock('other', task('c', 1)),
        ]);
        expect(results).toEqual(['boom', 'a', 'b', 'c']);
        // a and b never overlap; c (another name) did not wait for them.
        expect(log.indexOf('b start')).toBeGreaterThan(log.indexOf('a end'));
        expect(log.indexOf('c end')).toBeLessThan(log.indexOf('a end'));
      });
    });

    describe('lifecycle', () => {
      it('reports its kind and the latest schema version', async () => {
        expect(['sqlite', 'postgres']).toContain(store.kind);
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      });

      it('closes idempotently', async () => {
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}
