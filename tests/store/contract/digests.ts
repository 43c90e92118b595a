import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { at, makeDigestPiece, makeDigest } from './fixtures.ts';

/** The Store contract for digests. */
export function digestsContract(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
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

    it("keeps the edition's language, what it left out and each piece's crossposts", async () => {
      const digest = makeDigest('d-fr', channelId, at(0), [makeDigestPiece(1, 'p1', { alsoOn: ['LessWrong', 'arXiv'] }), makeDigestPiece(2, 'p2')]);
      digest.language = 'fr-CA';
      digest.passed = [
        { pieceId: 'p3', title: 'Reader mailbag', sourceName: 'Ahead of AI', url: 'https://example.org/p3', reason: { kind: 'belowFloor' } },
        { pieceId: 'p4', title: 'Crosspost', sourceName: 'LessWrong', url: 'https://example.org/p4', reason: { kind: 'sameStoryAs', position: 1 } },
      ];
      await store.saveDigest(digest);
      expect(await store.getDigest('d-fr')).toEqual(digest);
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

    it('shows only digests someone received, and offers again the pieces of one that reached nobody', async () => {
      const saveFor = async (id: string, edition: string, minutes: number, pieceId: string) => {
        const delivery = await store.claimDelivery({ channelId, edition, holder: 'i1', at: at(minutes) });
        if (!delivery) throw new Error('claim failed');
        await store.transaction(async (tx) => {
          await tx.saveDigest(makeDigest(id, channelId, at(minutes), [makeDigestPiece(1, pieceId, { title: `Title ${id}` })]));
          await tx.setDeliveryDigest(delivery.id, id);
        });
        return delivery.id;
      };
      const posted = await saveFor('posted', 'e1', 0, 'p1');
      await store.recordDeliveredMessage({ deliveryId: posted, slot: 'header', platformMessageId: 'm1', postedAt: at(1) });
      await store.finishDelivery(posted, { status: 'delivered', error: null, at: at(1) });
      await saveFor('pending', 'e2', 10, 'p2');
      const failed = await saveFor('failed', 'e3', 20, 'p3');
      await store.finishDelivery(failed, { status: 'failed', error: 'Missing Access', at: at(21) });
      await store.saveDigest(makeDigest('outside-the-ledger', channelId, at(5), [makeDigestPiece(1, 'p4')]));

      expect((await store.listDigests(channelId)).map((d) => d.id)).toEqual(['outside-the-ledger', 'posted']);
      // A pending digest is still going out: its pieces stay taken.
      expect(await store.digestedPieceIds(channelId)).toEqual(new Set(['p1', 'p2', 'p4']));
      expect((await store.searchDigests(channelId, 'title', 10)).map((h) => h.digestId)).toEqual(['posted']);
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
        for (const query of ['"', 'AND (', '*', 'NEAR(', 'OR', ') OR (', 'title:reward', "'; drop table digests; --", '^reward', 'reward -hacking', '!!!', 'a & b | c', ':*', '\\', '"reward hacking"', 'the', 'NOT', 'near/3', '💥',
          'ünïcode'])
        {
          await expect(store.searchDigests(channelId, query, 10)).resolves.toBeInstanceOf(Array);
        }
        // The words inside a hostile query still count.
        expect((await store.searchDigests(channelId, '"reward" AND (', 10)).map((h) => h.digestId)).toEqual(['d1']);
        expect(await store.getDigest('d1')).toBeDefined();
      });
    });
  });
}
