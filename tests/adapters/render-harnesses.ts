import { webApi } from '@slack/bolt';
import { createConsolePoster } from '../../adapters/console/console-poster.ts';
import { createSlackPoster } from '../../adapters/slack/slack-poster.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { CHANNEL_A, connectDiscord, refOf } from '../e2e/discord/discord-harness.ts';
import { messageText as discordText, type FakeMessage } from '../fakes/discord-api.ts';
import { allTexts, startFakeSlack, type FakeSlackMessage } from '../fakes/slack-api.ts';
import type { RenderHarness } from './adversarial-render-contract.ts';

/** The real discord.js Client against the fake Discord, which answers 400 to anything past Discord's limits. */
export async function discordRenderHarness(): Promise<RenderHarness> {
  const connected = await connectDiscord();
  const { fake } = connected;
  let seen = 0;
  let last: FakeMessage[] = [];
  return {
    poster: connected.poster,
    channel: refOf(CHANNEL_A),
    maxLink: 1024,
    async takePosted() {
      const headers = fake.messagesIn(CHANNEL_A).slice(seen);
      seen += headers.length;
      const header = headers.at(-1);
      if (header === undefined) throw new Error('no header message posted');
      const pieces = fake.messagesIn(header.id);
      last = [header, ...pieces];
      return { header: discordText(header), pieces: pieces.map(discordText) };
    },
    links() {
      const links: string[] = [];
      for (const message of last) {
        for (const match of message.content.matchAll(/\]\(<([^>]*)>\)/g)) links.push(match[1] ?? '');
        for (const embed of message.embeds) {
          if (embed.url !== undefined) links.push(embed.url);
          for (const field of embed.fields ?? []) if (field.name === 'Link' && /^\S+:\/\/\S+$/.test(field.value)) links.push(field.value);
        }
      }
      return links;
    },
    teardown: connected.close,
  };
}

/** The real Slack WebClient against the fake Slack, which answers invalid_blocks to anything past Block Kit's limits. */
export async function slackRenderHarness(): Promise<RenderHarness> {
  const fake = await startFakeSlack();
  const client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  const channel: ChannelRef = { platform: 'slack', workspaceId: fake.teamId, channelId: 'C0ADVERSE' };
  let seen = 0;
  let last: FakeSlackMessage[] = [];
  return {
    poster: createSlackPoster({ client, logger: silentLogger() }),
    channel,
    maxLink: 2_980,
    async takePosted() {
      const headers = fake.channelMessages(channel.channelId).slice(seen);
      seen += headers.length;
      const header = headers.at(-1);
      if (header === undefined) throw new Error('no parent message posted');
      const pieces = fake.threadReplies(channel.channelId, header.ts);
      last = [header, ...pieces];
      return { header: allTexts(header).join('\n'), pieces: pieces.map((m) => allTexts(m).join('\n')) };
    },
    links() {
      return last.flatMap((m) => allTexts(m)).flatMap((text) => [...text.matchAll(/<(https?:\/\/[^|>]*)\|[^>]*>/g)].map((match) => (match[1] ?? '').replace(/&amp;/g, '&')));
    },
    teardown: fake.close,
  };
}

/** The console poster writing into memory: no platform limits, but it must stay clean terminal text. */
export async function consoleRenderHarness(): Promise<RenderHarness> {
  let out: string[] = [];
  let last: string[] = [];
  return {
    poster: createConsolePoster({ write: (text) => out.push(text), width: 80, color: false }),
    channel: { platform: 'console', workspaceId: 'local', channelId: 'default' },
    maxLink: Number.POSITIVE_INFINITY,
    async takePosted() {
      const [header = '', ...pieces] = out;
      last = out;
      out = [];
      return { header, pieces };
    },
    // A terminal makes a URL on a line of its own clickable; that is the console's link.
    links: () => last.flatMap((text) => text.split('\n')).map((line) => line.trim()).filter((line) => /^https?:\/\/\S+$/.test(line)),
    teardown: async () => undefined,
  };
}
