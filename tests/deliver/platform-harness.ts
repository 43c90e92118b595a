import { webApi } from '@slack/bolt';
import { Events, type Client } from 'discord.js';
import { createDiscordClient } from '../../adapters/discord/create-discord-client.ts';
import { createDiscordPoster } from '../../adapters/discord/discord-poster.ts';
import { createSlackPoster } from '../../adapters/slack/slack-poster.ts';
import type { Platform } from '../../src/domain/channel.ts';
import type { DigestPoster } from '../../src/deliver/digest-poster.ts';
import { silentLogger, type Logger } from '../../src/log/logger.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.ts';
import { messageText, startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/slack-api.ts';

export const PLATFORM_GUILD = '800000000000000001';

/** One platform behind its real SDK client and adapter, read back the way a person would see a channel. */
export interface PlatformUnderTest {
  platform: Platform;
  workspaceId: string;
  poster: DigestPoster;
  /** A channel no other test of this platform instance has used. */
  nextChannel(): string;
  /** Top-level messages in the channel, threads under them, and the text of every thread message in order. */
  read(channelId: string): { headers: string[]; threads: number; pieces: string[] };
  close(): Promise<void>;
}

export interface DiscordUnderTest extends PlatformUnderTest {
  fake: FakeDiscord;
  /** The logged-in client, for other posters on the same connection. */
  client: Client;
}

export interface SlackUnderTest extends PlatformUnderTest {
  fake: FakeSlack;
  client: webApi.WebClient;
}

/** The real discord.js Client logged in to a fake Discord with `channels` text channels, and the Discord poster on it. */
export async function discordPlatform(options: { channels?: number; logger?: Logger } = {}): Promise<DiscordUnderTest> {
  const channelIds = Array.from({ length: options.channels ?? 40 }, (_, k) => String(700000000000000100n + BigInt(k)));
  const fake = await startFakeDiscord({ guilds: [{ id: PLATFORM_GUILD, name: 'Research', channels: channelIds.map((id, k) => ({ id, name: `digest-${k}`, type: 0 })) }] });
  const client = createDiscordClient({ token: fake.token, apiUrl: fake.apiUrl });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  let used = 0;
  return {
    fake,
    client,
    platform: 'discord',
    workspaceId: PLATFORM_GUILD,
    poster: createDiscordPoster({ client, logger: options.logger ?? silentLogger() }),
    nextChannel() {
      const id = channelIds[used++];
      if (id === undefined) throw new Error('discordPlatform: out of channels; pass a larger `channels`');
      return id;
    },
    read(channelId) {
      const threads = [...fake.threads.values()].filter((t) => t.parentId === channelId);
      const pieces = threads.flatMap((t) => fake.messagesIn(t.id).map((m) => m.embeds[0]?.title ?? m.content));
      return { headers: fake.messagesIn(channelId).map((m) => m.id), threads: threads.length, pieces };
    },
    async close() {
      await client.destroy();
      await fake.close();
    },
  };
}

/** The real Slack WebClient against a fake Slack, and the Slack poster on it. */
export async function slackPlatform(options: { fake?: FakeSlackOptions; logger?: Logger } = {}): Promise<SlackUnderTest> {
  const fake = await startFakeSlack(options.fake);
  const client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  let used = 0;
  return {
    fake,
    client,
    platform: 'slack',
    workspaceId: fake.teamId,
    poster: createSlackPoster({ client, logger: options.logger ?? silentLogger() }),
    nextChannel: () => `C0CRASH${++used}`,
    read(channelId) {
      const headers = fake.channelMessages(channelId);
      const pieces = headers.flatMap((h) => fake.threadReplies(channelId, h.ts).map((m) => messageText(m)));
      return { headers: headers.map((h) => h.ts), threads: headers.filter((h) => fake.threadReplies(channelId, h.ts).length > 0).length, pieces };
    },
    close: fake.close,
  };
}
