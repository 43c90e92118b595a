import { webApi } from '@slack/bolt';
import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordClient } from '../../../adapters/discord/create-discord-client.ts';
import { createDiscordPoster } from '../../../adapters/discord/discord-poster.ts';
import { createSlackPoster } from '../../../adapters/slack/slack-poster.ts';
import type { Platform } from '../../../src/domain/channel.ts';
import { deliverDigest } from '../../../src/deliver/deliver-digest.ts';
import type { DigestPoster } from '../../../src/deliver/digest-poster.ts';
import { resumePendingDeliveries } from '../../../src/deliver/resume-deliveries.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { startFakeDiscord } from '../../fakes/discord-api.ts';
import { messageText, startFakeSlack } from '../../fakes/slack-api.ts';
import {
  channelIn, crashAfter, makeDigest, postgresBackend, postgresSkipReason, postgresUrl, sqliteBackend, type StoreBackend,
} from '../../deliver/delivery-harness.ts';

const logger = silentLogger();
const GUILD = '800000000000000001';
const STEPS = 5; // header, thread, 3 pieces
const channelIds = Array.from({ length: STEPS + 1 }, (_, k) => `70000000000000001${k}`);
const EDITION = '2026-03-30T08:00:00.000Z';

/** One platform behind its real SDK client, read back the way a person would see the channel. */
interface Platformed {
  platform: Platform;
  workspaceId: string;
  poster: DigestPoster;
  /** Top-level messages in the channel, and the texts of the thread under the (single) header. */
  read(channelId: string): { headers: number; threads: number; pieces: string[] };
  close(): Promise<void>;
}

async function discordPlatform(): Promise<Platformed> {
  const fake = await startFakeDiscord({ guilds: [{ id: GUILD, name: 'Research', channels: channelIds.map((id, k) => ({ id, name: `digest-${k}`, type: 0 })) }] });
  const client = createDiscordClient({ token: fake.token, apiUrl: fake.apiUrl });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return {
    platform: 'discord', workspaceId: GUILD, poster: createDiscordPoster({ client, logger }),
    read(channelId) {
      const threads = [...fake.threads.values()].filter((t) => t.parentId === channelId);
      const pieces = threads.flatMap((t) => fake.messagesIn(t.id).map((m) => m.embeds[0]?.title ?? m.content));
      return { headers: fake.messagesIn(channelId).length, threads: threads.length, pieces };
    },
    async close() {
      await client.destroy();
      await fake.close();
    },
  };
}

async function slackPlatform(): Promise<Platformed> {
  const fake = await startFakeSlack();
  const client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  return {
    platform: 'slack', workspaceId: fake.teamId, poster: createSlackPoster({ client, logger }),
    read(channelId) {
      const headers = fake.channelMessages(channelId);
      const pieces = headers.flatMap((h) => fake.threadReplies(channelId, h.ts).map((m) => messageText(m)));
      return { headers: headers.length, threads: headers.filter((h) => fake.threadReplies(channelId, h.ts).length > 0).length, pieces };
    },
    close: fake.close,
  };
}

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
      let platform: Platformed;
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
          const channelId = channelIds[k]!;
          const first = await open();
          const channel = await channelIn(first, channelId, {}, platform.platform, platform.workspaceId);
          await deliverDigest({ store: first, poster: crashAfter(platform.poster, k), channel, digest: makeDigest(channel, EDITION), holder: 'instance-1', now: () => new Date(EDITION), logger });
          await first.close();

          const second = await open();
          try {
            await resumePendingDeliveries({ store: second, posterFor: () => platform.poster, holder: 'instance-2', now: () => new Date(EDITION), logger });
            const seen = platform.read(channelId);
            expect({ k, headers: seen.headers, threads: seen.threads, pieces: seen.pieces.length }).toEqual({ k, headers: 1, threads: 1, pieces: 3 });
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
