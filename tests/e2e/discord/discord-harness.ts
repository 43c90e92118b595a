import { Writable } from 'node:stream';
import { Events, type Client } from 'discord.js';
import { createDiscordClient } from '../../../adapters/discord/create-discord-client.ts';
import { createDiscordPoster } from '../../../adapters/discord/discord-poster.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import type { DigestPoster } from '../../../src/deliver/digest-poster.ts';
import { createLogger, type Logger } from '../../../src/log/logger.ts';
import { startFakeDiscord, type FakeDiscord, type FakeGuild } from '../../fakes/discord-api.ts';

export const GUILD_ID = '800000000000000001';
export const CHANNEL_A = '700000000000000001';
export const CHANNEL_B = '700000000000000002';
export const VOICE_CHANNEL = '700000000000000003';

export const GUILDS: FakeGuild[] = [{
  id: GUILD_ID,
  name: 'Research',
  channels: [
    { id: CHANNEL_A, name: 'digest', type: 0 },
    { id: CHANNEL_B, name: 'papers', type: 0 },
    { id: VOICE_CHANNEL, name: 'lounge', type: 2 },
  ],
}];

/** A logger that keeps its JSON lines for assertions. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ destination, pretty: false, level: 'debug' }), lines };
}

export function refOf(channelId: string): ChannelRef {
  return { platform: 'discord', workspaceId: GUILD_ID, channelId };
}

export interface ConnectedDiscord {
  fake: FakeDiscord;
  client: Client;
  poster: DigestPoster;
  lines: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A real discord.js Client logged in to a fake Discord, plus a poster on it. Always call close(). */
export async function connectDiscord(): Promise<ConnectedDiscord> {
  const fake = await startFakeDiscord({ guilds: GUILDS });
  const { logger, lines } = captureLogger();
  const client = createDiscordClient({ token: fake.token, apiUrl: fake.apiUrl });
  const close = async (): Promise<void> => {
    await client.destroy();
    await fake.close();
  };
  try {
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(fake.token);
    await ready;
  } catch (error) {
    await close();
    throw error;
  }
  return { fake, client, poster: createDiscordPoster({ client, logger }), lines, close };
}
