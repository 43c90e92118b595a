import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { makeDigest, makeDigestPiece, makePiece, ref, settings, at } from './fixtures.ts';

/** The Store contract for transactions: several writes commit together or not at all. */
export function transactionsContract(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('transactions', () => {
    it('commits every write of the work when it resolves, and returns its value', async () => {
      const channel = await store.ensureChannel(ref, settings);
      const result = await store.transaction(async (tx) => {
        const { source } = await tx.addSource({ url: 'https://a.example/feed', name: 'A' });
        await tx.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: false });
        await tx.updateChannelSettings(channel.id, { ...settings, pieces: 7 });
        return source.id;
      });
      expect((await store.listChannelSources(channel.id)).map((s) => s.id)).toEqual([result]);
      expect((await store.getChannel(channel.id))?.settings.pieces).toBe(7);
    });

    it('rolls every write back when the work rejects, and rethrows its error', async () => {
      const channel = await store.ensureChannel(ref, settings);
      const failed = store.transaction(async (tx) => {
        const { source } = await tx.addSource({ url: 'https://a.example/feed', name: 'A' });
        await tx.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: false });
        await tx.updateChannelSettings(channel.id, { ...settings, pieces: 7 });
        throw new Error('changed my mind');
      });
      await expect(failed).rejects.toThrow('changed my mind');
      expect(await store.listSources()).toEqual([]);
      expect(await store.listChannelSources(channel.id)).toEqual([]);
      expect((await store.getChannel(channel.id))?.settings.pieces).toBe(settings.pieces);
    });

    it('methods that are transactions on their own join the outer one instead of nesting', async () => {
      const channel = await store.ensureChannel(ref, settings);
      const failed = store.transaction(async (tx) => {
        await tx.saveIngestBatch({ inserts: [makePiece('p1', 's1')], occurrences: [], edits: [] });
        await tx.saveDigest(makeDigest('d1', channel.id, at(5), [makeDigestPiece(1, 'p1')]));
        throw new Error('undo');
      });
      await expect(failed).rejects.toThrow('undo');
      expect(await store.getPiece('p1')).toBeUndefined();
      expect(await store.getDigest('d1')).toBeUndefined();
      await store.transaction((tx) => tx.saveDigest(makeDigest('d2', channel.id, at(5), [makeDigestPiece(1, 'p1')])));
      expect((await store.getDigest('d2'))?.pieces).toHaveLength(1);
    });
  });
}
