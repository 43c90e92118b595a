import { ChannelType, Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordClient } from '../../../adapters/discord/create-discord-client.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';
import { CHANNEL_A, connectDiscord, GUILD_ID, GUILDS, type ConnectedDiscord } from './discord-harness.ts';

describe('discord login against the fake gateway', () => {
  let connected: ConnectedDiscord | undefined;
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await connected?.close();
    await fake?.close();
    connected = undefined;
    fake = undefined;
  });

  it('connects, becomes ready and caches the guild and its channels', async () => {
    connected = await connectDiscord();
    const { client, fake: api } = connected;
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(api.botUserId);
    expect(client.guilds.cache.get(GUILD_ID)?.name).toBe('Research');
    expect(client.channels.cache.get(CHANNEL_A)?.type).toBe(ChannelType.GuildText);
    const gateway = api.calls.find((c) => c.path === '/gateway/bot');
    expect(gateway?.headers['authorization']).toBe(`Bot ${api.token}`);
  });

  it('rejects a wrong token with TokenInvalid', async () => {
    fake = await startFakeDiscord({ guilds: GUILDS });
    const client = createDiscordClient({ token: 'not-the-right-token', apiUrl: fake.apiUrl });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await expect(client.login('not-the-right-token')).rejects.toThrow(/token/i);
      expect(fake.calls.at(-1)?.status).toBe(401);
    } finally {
      await client.destroy();
      void ready;
    }
  });
});
