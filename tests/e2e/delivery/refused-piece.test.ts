import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchText } from '../../../commands/dispatch.ts';
import { deliverDigest } from '../../../src/deliver/deliver-digest.ts';
import { resumePendingDeliveries } from '../../../src/deliver/resume-deliveries.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { channelIn, makeDigest, settings } from '../../deliver/delivery-harness.ts';
import { discordPlatform, slackPlatform, type DiscordUnderTest, type PlatformUnderTest, type SlackUnderTest } from '../../deliver/platform-harness.ts';
import { servicesFor } from '../slack/slack-harness.ts';

const logger = silentLogger();
const EDITION = '2026-03-30T08:00:00.000Z';
const now = () => new Date(EDITION);

/** Each platform, with a way to make it refuse the second piece posted into the digest's thread as it refuses a bad payload. */
const platforms: { name: string; start: () => Promise<PlatformUnderTest>; refuseSecondPiece(platform: PlatformUnderTest, channelId: string): void; reason: RegExp }[] = [
  {
    name: 'the fake Discord (discord.js)',
    start: discordPlatform,
    refuseSecondPiece(platform, channelId) {
      const { fake } = platform as DiscordUnderTest;
      let seen = 0;
      fake.failNext(
        (call) => call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path) && fake.threads.get(call.path.split('/')[2]!)?.parentId === channelId && ++seen === 2,
        { status: 400, code: 50035, message: 'Invalid Form Body' },
      );
    },
    reason: /Invalid Form Body/,
  },
  {
    name: 'the fake Slack (WebClient)',
    start: slackPlatform,
    refuseSecondPiece(platform, channelId) {
      const { fake } = platform as SlackUnderTest;
      // Armed once the first reply in the channel's thread is accepted, before the adapter sends the second.
      void fake.waitForMessage((m) => m.channel === channelId && m.threadTs !== undefined)
        .then(() => fake.failNext('chat.postMessage', { error: 'invalid_blocks' }), () => undefined);
    },
    reason: /invalid_blocks/,
  },
];

for (const { name, start, refuseSecondPiece, reason } of platforms) {
  describe(`a piece ${name} refuses`, () => {
    let platform: PlatformUnderTest;
    let store: Store;
    beforeAll(async () => {
      platform = await start();
      store = await createSqliteStore({ path: ':memory:' });
    });
    afterAll(async () => {
      await platform.close();
      await store.close();
    });

    it('is recorded with the platform’s reason, the pieces after it are posted, and admins are told which and why', async () => {
      const channelId = platform.nextChannel();
      const channel = await channelIn(store, channelId, {}, platform.platform, platform.workspaceId);
      refuseSecondPiece(platform, channelId);
      const outcome = await deliverDigest({ store, poster: platform.poster, channel, digest: makeDigest(channel, EDITION), holder: 'i1', now, logger });

      expect(outcome.status).toBe('delivered');
      if (outcome.status !== 'delivered') return;
      expect(outcome.failedPieces).toEqual([{ position: 2, title: 'Piece 2', reason: expect.stringMatching(reason) }]);
      const seen = platform.read(channelId);
      expect(seen.pieces.map((text) => /Piece \d/.exec(text)?.[0])).toEqual(['Piece 1', 'Piece 3']);

      const delivery = await store.getDelivery(channel.id, EDITION);
      expect(delivery).toMatchObject({ status: 'delivered', error: expect.stringMatching(/piece 2 \("Piece 2"\) was not posted/) });
      expect((await store.listFailedSteps(delivery!.id)).map((f) => [f.slot, f.reason])).toEqual([['piece:2', expect.stringMatching(reason)]]);
      expect((await store.getChannel(channel.id))?.lastDeliveryError).toMatch(/piece 2/);
      // The alert went to the channel (no admin channel is set): the header, then the alert.
      expect(seen.headers).toHaveLength(2);

      // Nothing is left to resume, and nothing is posted again.
      expect(await resumePendingDeliveries({ store, posterFor: () => platform.poster, holder: 'i2', now, logger })).toEqual([]);
      expect(platform.read(channelId).pieces).toHaveLength(2);
    });

    it('a delivery the platform refused before anything was posted is not shown as the latest digest, and its pieces are offered again', async () => {
      const channelId = platform.nextChannel();
      const channel = await channelIn(store, channelId, { ...settings }, platform.platform, platform.workspaceId);
      if (platform.platform === 'discord') (platform as DiscordUnderTest).fake.forbid(channelId);
      else (platform as SlackUnderTest).fake.failChannel(channelId, 'not_in_channel');
      const outcome = await deliverDigest({ store, poster: platform.poster, channel, digest: makeDigest(channel, EDITION), holder: 'i1', now, logger });
      expect(outcome).toMatchObject({ status: 'failed', permanent: true, reached: { header: false, pieces: [] } });
      expect(await store.listDigests(channel.id)).toEqual([]);
      expect(await store.digestedPieceIds(channel.id)).toEqual(new Set());
      const reply = await dispatchText('latest', { channel: channel.ref, user: { id: 'u', isAdmin: async () => false }, services: servicesFor(store) });
      expect(reply.text).toMatch(/no digest in this channel yet/i);
    });
  });
}
