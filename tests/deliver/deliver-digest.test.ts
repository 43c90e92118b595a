import { afterAll, describe, expect, it } from 'vitest';
import { deliverDigest } from '../../src/deliver/deliver-digest.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { channelIn, createRecordingPoster, makeDigest, sqliteBackend } from './delivery-harness.ts';

const logger = silentLogger();
const EDITION = '2026-03-30';

describe('deliverDigest', () => {
  const backend = sqliteBackend();
  afterAll(async () => backend.cleanup());

  it('posts an edition with nothing worth the time as its header alone, with no empty thread under it', async () => {
    const store = await (await backend.freshDatabase())();
    try {
      const channel = await channelIn(store);
      const platform = createRecordingPoster();
      const outcome = await deliverDigest({ store, poster: platform, channel, digest: makeDigest(channel, EDITION, 0), holder: 'i1', now: () => new Date(EDITION), logger });
      expect(outcome.status).toBe('delivered');
      expect(platform.steps.map((s) => s.step)).toEqual(['header']);
      expect(platform.threads).toEqual([]);
      expect(await store.listPendingDeliveries()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('opens the thread once and posts every piece in it when there are pieces', async () => {
    const store = await (await backend.freshDatabase())();
    try {
      const channel = await channelIn(store);
      const platform = createRecordingPoster();
      await deliverDigest({ store, poster: platform, channel, digest: makeDigest(channel, EDITION, 2), holder: 'i1', now: () => new Date(EDITION), logger });
      expect(platform.steps.map((s) => s.step)).toEqual(['header', 'thread', 'piece', 'piece']);
      expect(platform.threads).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
