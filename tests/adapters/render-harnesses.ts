import { webApi } from '@slack/bolt';
import { parseHTML } from 'linkedom';
import { createConsolePoster } from '../../adapters/console/console-poster.ts';
import { createSlackPoster } from '../../adapters/slack/slack-poster.ts';
import { createArchiveSite } from '../../adapters/web/archive-site.ts';
import { createArchiveReader } from '../../src/archive/archive-reader.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { CHANNEL_A, connectDiscord, refOf } from '../e2e/discord/discord-harness.ts';
import { messageText as discordText, type FakeMessage } from '../fakes/discord-api.ts';
import { allTexts, startFakeSlack, type FakeSlackMessage } from '../fakes/slack-api.ts';
import { postingWith, type RenderHarness } from './adversarial-render-contract.ts';
import { channelSettings } from '../fixtures/channel-settings.ts';

/** The real discord.js Client against the fake Discord, which answers 400 to anything past Discord's limits. */
export async function discordRenderHarness(): Promise<RenderHarness> {
  const connected = await connectDiscord();
  const { fake } = connected;
  let seen = 0;
  let last: FakeMessage[] = [];
  return {
    publish: postingWith(connected.poster, refOf(CHANNEL_A)),
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
    publish: postingWith(createSlackPoster({ client, logger: silentLogger() }), channel),
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
    publish: postingWith(createConsolePoster({ write: (text) => out.push(text), width: 80, color: false }), { platform: 'console', workspaceId: 'local', channelId: 'default' }),
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

/**
 * The web archive: each digest saved in a store whose channel has an archive, then its edition page read over the
 * archive site, as a browser would get it. No platform limits, but the page must show every piece, cleanly.
 */
export async function webRenderHarness(): Promise<RenderHarness> {
  const store = await createSqliteStore({ path: ':memory:' });
  const channel = await store.ensureChannel({ platform: 'slack', workspaceId: 'T0WEB', channelId: 'C0WEB' }, channelSettings({ cron: '0 9 * * 1-5' }));
  const archive = await store.ensureArchive(channel.id, 'UTC', new Date('2026-01-01T00:00:00Z'));
  const site = createArchiveSite({ reader: createArchiveReader(store, { pageSize: 20 }), siteName: 'Digests', digestName: 'AI Research Digest', defaultLanguage: 'en', publicUrl: null });
  const get = async (sitePath: string): Promise<string> => {
    const response = await site.get(sitePath, new URLSearchParams());
    if (response.status !== 200) throw new Error(`GET ${sitePath} answered ${response.status}`);
    return response.body.toString('utf8');
  };
  let published = 0;
  let last: { querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }> }[] = [];
  return {
    async publish(digest) {
      // Each on a day of its own, so the newest edition is first on the channel's index.
      published += 1;
      await store.saveDigest({ ...digest, id: `web-${published}`, channelId: channel.id, createdAt: new Date(Date.UTC(2026, 2, published, 9)) });
    },
    async takePosted() {
      const index = parseHTML(await get(`c/${archive.token}/`)).document;
      const href = index.querySelector('.editions a')?.getAttribute('href');
      if (href === null || href === undefined) throw new Error('no edition listed');
      const page = parseHTML(await get(`c/${archive.token}/${href}`)).document;
      const article = page.querySelector('main article');
      if (article === null) throw new Error('no article on the edition page');
      const pieces = [...article.querySelectorAll('section.piece')];
      last = pieces;
      const header = [...article.querySelectorAll('h1, .meta, .lede, .toc')].map((node) => node.textContent ?? '').join('\n');
      return { header, pieces: pieces.map((piece) => piece.textContent ?? '') };
    },
    links: () => last.flatMap((piece) => [...piece.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '')).filter((href) => !href.startsWith('#')),
    maxLink: Number.POSITIVE_INFINITY,
    teardown: () => store.close(),
  };
}
