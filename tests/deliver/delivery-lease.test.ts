import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDigest, deliveryLeaseKey, postDigestSteps } from '../../src/deliver/deliver-digest.ts';
import type { DigestPoster } from '../../src/deliver/digest-poster.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { channelIn, createRecordingPoster, makeDigest } from './delivery-harness.ts';

let store: Store;
beforeEach(async () => {
  store = await createSqliteStore({ path: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

const logger = silentLogger();
const now = (): Date => new Date();

describe('the posting lease', () => {
  it('outlives one step that blocks longer than the lease (a long 429), so no resume posts alongside it', async () => {
    const channel = await channelIn(store);
    const digest = makeDigest(channel, '2026-03-30T08:00:00.000Z', 2);
    const platform = createRecordingPoster();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const slow: DigestPoster = {
      ...platform,
      postPiece: async (...args) => {
        if (calls++ === 0) await blocked;
        return platform.postPiece(...args);
      },
    };
    const leaseMs = 1_500;
    const first = deliverDigest({ store, poster: slow, channel, digest, holder: 'i1', now, logger, leaseMs });
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const delivery = await store.getDelivery(channel.id, digest.edition);
    // Past the lease, the heartbeat has kept it: a resume on another instance stands back.
    expect(await postDigestSteps({ store, poster: platform, channel, digest, deliveryId: delivery!.id, holder: 'i2', now, logger, leaseMs })).toMatchObject({ status: 'busy' });
    release();
    expect(await first).toMatchObject({ status: 'delivered' });
    expect(platform.messages.filter((m) => m.kind === 'piece').map((m) => m.text)).toEqual(['Piece 1', 'Piece 2']);
    // Released once done: the key is free for the next holder.
    expect(await store.tryAcquireLease(deliveryLeaseKey(delivery!.id), 'someone', 1_000, new Date())).toBe(true);
  });

  it('stops posting when the lease was lost (another instance took over after a stall)', async () => {
    const channel = await channelIn(store);
    const digest = makeDigest(channel, '2026-03-30T08:00:00.000Z', 3);
    const platform = createRecordingPoster();
    let clock = Date.parse('2026-03-30T08:00:00Z');
    const fakeNow = (): Date => new Date(clock);
    const leaseMs = 60_000;
    const stalling: DigestPoster = {
      ...platform,
      postPiece: async (...args) => {
        const posted = await platform.postPiece(...args);
        // The process stalls (a long GC pause, a frozen VM) past the lease, and another instance takes the delivery over.
        clock += 2 * leaseMs;
        const delivery = await store.getDelivery(channel.id, digest.edition);
        await store.tryAcquireLease(deliveryLeaseKey(delivery!.id), 'i2#takeover', leaseMs, fakeNow());
        return posted;
      },
    };
    const outcome = await deliverDigest({ store, poster: stalling, channel, digest, holder: 'i1', now: fakeNow, logger, leaseMs });
    expect(outcome).toMatchObject({ status: 'busy' });
    // The piece in flight when it stalled is recorded; nothing after it was posted by the instance that lost the lease.
    expect(platform.messages.filter((m) => m.kind === 'piece').map((m) => m.text)).toEqual(['Piece 1']);
  });
});
