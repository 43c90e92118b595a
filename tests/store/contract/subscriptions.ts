import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { insertPieces } from '../seed-pieces.ts';
import { makePiece } from './fixtures.ts';

/** The Store contract for subscriptions: a channel's own state of a shared feed. */
export function subscriptionsContract(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  const feed = async (url = 'https://a.example/feed', name = 'A') => (await store.addSource({ url, name })).source;

  describe('subscriptions', () => {
    it('subscribes under an id of its own, idempotently per channel and feed', async () => {
      const a = await feed();
      const first = await store.subscribe({ channelId: 'ch1', sourceId: a.id, origin: 'chat', fullText: true });
      expect(first.created).toBe(true);
      expect(first.subscription).toMatchObject({
        channelId: 'ch1',
        nameOverride: null,
        weight: 1,
        fullText: true,
        paused: false,
        origin: 'chat',
        chatKeys: [],
        source: { id: a.id, url: a.url, name: 'A' },
      });
      expect(first.subscription.id).toMatch(/^[0-9a-f]{8}$/);
      expect(first.subscription.createdAt).toBeInstanceOf(Date);
      const again = await store.subscribe({ channelId: 'ch1', sourceId: a.id, origin: 'file', fullText: false, weight: 3 });
      expect(again).toEqual({ subscription: first.subscription, created: false });
      const other = await store.subscribe({ channelId: 'ch2', sourceId: a.id, origin: 'file', fullText: false, nameOverride: 'Mine', weight: 2, chatKeys: ['weight'] });
      expect(other.subscription.id).not.toBe(first.subscription.id);
      expect(other.subscription).toMatchObject({ nameOverride: 'Mine', weight: 2, fullText: false, origin: 'file', chatKeys: ['weight'] });
      expect(await store.getSubscription(first.subscription.id)).toEqual(first.subscription);
      expect(await store.getSubscription('nope')).toBeUndefined();
    });

    it('lists by channel or by feed, in the order they were made', async () => {
      const a = await feed();
      const b = await feed('https://b.example/feed', 'B');
      const s1 = (await store.subscribe({ channelId: 'ch1', sourceId: a.id, origin: 'chat', fullText: false })).subscription;
      const s2 = (await store.subscribe({ channelId: 'ch1', sourceId: b.id, origin: 'chat', fullText: false })).subscription;
      const s3 = (await store.subscribe({ channelId: 'ch2', sourceId: b.id, origin: 'chat', fullText: false })).subscription;
      expect((await store.listSubscriptions()).map((s) => s.id).sort()).toEqual([s1.id, s2.id, s3.id].sort());
      expect((await store.listSubscriptions({ channelIds: ['ch1'] })).map((s) => s.id).sort()).toEqual([s1.id, s2.id].sort());
      expect((await store.listSubscriptions({ channelIds: ['ch2', 'nobody'] })).map((s) => s.id)).toEqual([s3.id]);
      expect(await store.listSubscriptions({ channelIds: [] })).toEqual([]);
      expect((await store.listSubscriptions({ sourceId: b.id })).map((s) => s.id).sort()).toEqual([s2.id, s3.id].sort());
    });

    it('a channel sees its sources with its own name, weight, full text and pause over the shared feed', async () => {
      const a = await feed();
      await store.updateSource(a.id, { fetchState: { consecutiveFailures: 2, lastError: 'HTTP 503' } });
      await store.subscribe({ channelId: 'ch1', sourceId: a.id, origin: 'chat', fullText: true, nameOverride: 'Alpha', weight: 2.5, paused: true });
      await store.subscribe({ channelId: 'ch2', sourceId: a.id, origin: 'chat', fullText: false });
      const [mine] = await store.listChannelSources('ch1');
      expect(mine).toMatchObject({ id: a.id, url: a.url, name: 'Alpha', weight: 2.5, fullText: true, paused: true });
      expect(mine?.fetchState).toMatchObject({ consecutiveFailures: 2, lastError: 'HTTP 503' });
      const [theirs] = await store.listChannelSources('ch2');
      expect(theirs).toMatchObject({ id: a.id, name: 'A', weight: 1, fullText: false, paused: false });
      expect(await store.listChannelSources('nobody')).toEqual([]);
    });

    it('updates only the given fields; chat keys are kept sorted and unique', async () => {
      const a = await feed();
      const { subscription } = await store.subscribe({ channelId: 'ch1', sourceId: a.id, origin: 'chat', fullText: true, nameOverride: 'Alpha' });
      const updated = await store.updateSubscription(subscription.id, { weight: 4, chatKeys: ['weight', 'fullText', 'weight'] });
      expect(updated).toMatchObject({ nameOverride: 'Alpha', weight: 4, fullText: true, paused: false, origin: 'chat', chatKeys: ['fullText', 'weight'] });
      expect(await store.updateSubscription(subscription.id, { nameOverride: null, origin: 'file' })).toMatchObject({ nameOverride: null, origin: 'file', weight: 4 });
      expect(await store.updateSubscription('nope', { weight: 2 })).toBeUndefined();
    });

    it('keeps the feed paused while no channel reads it actively, with full text when an active reader wants it', async () => {
      const a = await feed();
      const s1 = (await store.subscribe({ channelId: 'ch1', sourceId: a.id, origin: 'chat', fullText: false })).subscription;
      expect(await store.getSource(a.id)).toMatchObject({ paused: false, fullText: false });
      const s2 = (await store.subscribe({ channelId: 'ch2', sourceId: a.id, origin: 'chat', fullText: true })).subscription;
      expect(await store.getSource(a.id)).toMatchObject({ paused: false, fullText: true });
      await store.updateSubscription(s2.id, { paused: true });
      expect(await store.getSource(a.id)).toMatchObject({ paused: false, fullText: false });
      await store.updateSubscription(s1.id, { paused: true });
      expect((await store.getSource(a.id))?.paused).toBe(true);
      await store.updateSubscription(s2.id, { paused: false });
      expect(await store.getSource(a.id)).toMatchObject({ paused: false, fullText: true });
      await store.unsubscribe(s2.id);
      await store.unsubscribe(s1.id);
      expect((await store.getSource(a.id))?.paused).toBe(true);
    });

    it('unsubscribing keeps the feed (same id when added again) and its pieces', async () => {
      const a = await feed();
      const { subscription } = await store.subscribe({ channelId: 'ch1', sourceId: a.id, origin: 'chat', fullText: false });
      await insertPieces(store, makePiece('p1', a.id));
      expect(await store.unsubscribe(subscription.id)).toBe(true);
      expect(await store.unsubscribe(subscription.id)).toBe(false);
      expect(await store.listChannelSources('ch1')).toEqual([]);
      expect((await store.addSource({ url: a.url, name: 'again' })).source.id).toBe(a.id);
      expect((await store.getPiece('p1'))?.sourceId).toBe(a.id);
    });
  });
}
