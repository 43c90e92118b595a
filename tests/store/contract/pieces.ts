import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { addOccurrence, editPiece, insertPieces } from '../seed-pieces.ts';
import { at, makePiece } from './fixtures.ts';

/** The Store contract for pieces. */
export function piecesContract(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
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

    it("saves one feed's batch (new pieces, folded crossposts, edits) in one transaction, all or nothing", async () => {
      await insertPieces(store, makePiece('kept', 's1'));
      const fresh = Array.from({ length: 130 }, (_, i) => makePiece(`n${i}`, 's2'));
      const patch = {
        title: 'Edited',
        authors: [],
        contentText: 'edited text',
        contentHtml: '<p>edited</p>',
        wordCount: 2,
        contentHash: 'hash-edited',
        signature: [1],
        fullTextFetched: false,
        updatedAt: at(30),
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
        title: 'Edited',
        authors: ['Ada'],
        contentText: 'new text',
        contentHtml: '<p>new</p>',
        wordCount: 2,
        contentHash: 'hash-new',
        signature: [9, 8, 7],
        fullTextFetched: false,
        updatedAt: at(60),
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

    it('lists the signatures of pieces since a time, oldest first, without their text', async () => {
      await insertPieces(store, makePiece('old', 's1', { fetchedAt: at(-10) }));
      await insertPieces(store, makePiece('b', 's2', { fetchedAt: at(2), signature: [7, 4294967295] }));
      await insertPieces(store, makePiece('a', 's1', { fetchedAt: at(0) }));
      expect(await store.listPieceSignaturesSince(at(0))).toEqual([
        { id: 'a', sourceId: 's1', signature: [1, 2, 4294967295, 0] },
        { id: 'b', sourceId: 's2', signature: [7, 4294967295] },
      ]);
      expect(await store.listPieceSignaturesSince(at(3))).toEqual([]);
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
}
