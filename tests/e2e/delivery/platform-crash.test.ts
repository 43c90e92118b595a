import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDigest } from '../../../src/deliver/deliver-digest.ts';
import { resumePendingDeliveries } from '../../../src/deliver/resume-deliveries.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import {
  channelIn,
  crashAfter,
  makeDigest,
  postgresBackend,
  postgresSkipReason,
  postgresUrl,
  sqliteBackend,
  type StoreBackend,
} from '../../deliver/delivery-harness.ts';
import { discordPlatform, slackPlatform, type PlatformUnderTest } from '../../deliver/platform-harness.ts';

const logger = silentLogger();
const STEPS = 5; // header, thread, 3 pieces
const EDITION = '2026-03-30T08:00:00.000Z';

const pgUrl = postgresUrl;
if (!pgUrl) console.warn(`platform crash tests on PostgreSQL: SKIPPED — ${postgresSkipReason}`);
const backends: { name: string; make: (() => StoreBackend) | undefined }[] = [
  { name: 'sqlite', make: sqliteBackend },
  { name: 'postgres', make: pgUrl === undefined ? undefined : () => postgresBackend(pgUrl) },
];
const platforms = [{ name: 'fake Discord (discord.js)', start: discordPlatform }, { name: 'fake Slack (WebClient)', start: slackPlatform }];

for (const { name: platformName, start } of platforms) {
  for (const { name: backendName, make } of backends) {
    describe.skipIf(make === undefined)(`crash and restart against the ${platformName} on ${backendName}`, () => {
      let platform: PlatformUnderTest;
      let backend: StoreBackend;
      beforeAll(async () => {
        platform = await start();
        backend = make!();
      });
      afterAll(async () => {
        await platform.close();
        await backend.cleanup();
      });

      it(`for every crash point k = 0…${STEPS}, the restarted bot completes one thread with no duplicates`, async () => {
        const open = await backend.freshDatabase();
        for (let k = 0; k <= STEPS; k++) {
          const channelId = platform.nextChannel();
          const first = await open();
          const channel = await channelIn(first, channelId, {}, platform.platform, platform.workspaceId);
          await deliverDigest({ store: first, poster: crashAfter(platform.poster, k), channel, digest: makeDigest(channel, EDITION), holder: 'instance-1', now: () => new Date(EDITION), logger });
          await first.close();

          const second = await open();
          try {
            await resumePendingDeliveries({ store: second, posterFor: () => platform.poster, holder: 'instance-2', now: () => new Date(EDITION), logger });
            const seen = platform.read(channelId);
            expect({ k, headers: seen.headers.length, threads: seen.threads, pieces: seen.pieces.length }).toEqual({ k, headers: 1, threads: 1, pieces: 3 });
            seen.pieces.forEach((text, i) => expect(text).toContain(`Piece ${i + 1}`));
            expect((await second.getDelivery(channel.id, EDITION))?.status).toBe('delivered');
          } finally {
            await second.close();
          }
        }
      });
    });
  }
}
