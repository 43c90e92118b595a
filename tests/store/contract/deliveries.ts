import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { at } from './fixtures.ts';

/** The Store contract for deliveries. */
export function deliveriesContract(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('deliveries', () => {
    const claim = { channelId: 'discord:g1:c1', edition: '2026-03-30T09:00:00.000Z', holder: 'worker-1', at: at(0) };

    it('claims an edition once; a second claim gets undefined', async () => {
      const delivery = await store.claimDelivery(claim);
      expect(delivery).toEqual({
        id: expect.any(String),
        channelId: claim.channelId,
        edition: claim.edition,
        digestId: null,
        status: 'pending',
        claimedBy: 'worker-1',
        claimedAt: at(0),
        completedAt: null,
        error: null,
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

    it('records a step the platform refused for good, once per slot, apart from the delivered messages', async () => {
      const delivery = await store.claimDelivery(claim);
      if (!delivery) throw new Error('claim failed');
      await store.recordFailedStep({ deliveryId: delivery.id, slot: 'piece:3', reason: 'Discord refused it: Invalid Form Body', failedAt: at(2) });
      await store.recordFailedStep({ deliveryId: delivery.id, slot: 'piece:3', reason: 'again', failedAt: at(4) });
      await store.recordFailedStep({ deliveryId: delivery.id, slot: 'piece:1', reason: 'invalid_blocks', failedAt: at(1) });
      expect(await store.listFailedSteps(delivery.id)).toEqual([
        { deliveryId: delivery.id, slot: 'piece:1', reason: 'invalid_blocks', failedAt: at(1) },
        { deliveryId: delivery.id, slot: 'piece:3', reason: 'Discord refused it: Invalid Form Body', failedAt: at(2) },
      ]);
      expect(await store.listDeliveredMessages(delivery.id)).toEqual([]);
      expect(await store.listFailedSteps('nope')).toEqual([]);
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
}
