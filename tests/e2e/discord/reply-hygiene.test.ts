import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import { channelIdOf, type ChannelSettings } from '../../../src/domain/channel.ts';
import type { Store } from '../../../src/store/store.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import { sampleDigest } from '../../adapters/digest-poster-contract.ts';
import { buildCommandInteraction, startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';
import { servicesFor } from '../slack/slack-harness.ts';
import { captureLogger, CHANNEL_A, GUILD_ID, GUILDS, refOf } from './discord-harness.ts';
import { channelSettings } from '../../fixtures/channel-settings.ts';

const DEFAULTS: ChannelSettings = channelSettings();

/** A feed title that is all Discord markdown, with a bidi override that would flip what follows it. */
const MARKDOWN_TITLE = '**Loud** _tilt_ ~~gone~~ `code` ||spoiler|| # heading [click](https://evil.example) \u202eevil';
const SOURCE = 'Blog__of__\u2067Markdown\u2069 *stars*';

describe('Discord command replies show feed text literally', () => {
  let fake: FakeDiscord;
  let store: Store;
  let adapter: DiscordAdapter | undefined;

  beforeEach(async () => {
    fake = await startFakeDiscord({ guilds: GUILDS });
    store = await createSqliteStore({ path: ':memory:' });
    await store.ensureChannel(refOf(CHANNEL_A), DEFAULTS);
    await store.saveDigest({ ...sampleDigest(2, { 2: { title: MARKDOWN_TITLE, sourceName: SOURCE } }), channelId: channelIdOf(refOf(CHANNEL_A)) });
    adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, guildIds: [GUILD_ID], services: servicesFor(store), logger: captureLogger().logger });
    await adapter.start();
  });
  afterEach(async () => {
    await adapter?.stop();
    await fake.close();
    await store.close();
  });

  const answer = async (subcommand: string, options: { name: string; type: number; value: number }[] = []): Promise<string> => {
    const token = `tok-${subcommand}-${Math.random().toString(36).slice(2)}`;
    fake.dispatchInteraction(buildCommandInteraction({ applicationId: fake.applicationId, guildId: GUILD_ID, channelId: CHANNEL_A, token, subcommand, options }));
    const call = await fake.waitForCall((c) => c.path.endsWith(`/${token}/callback`));
    return (call.body as { data: { content: string } }).data.content;
  };

  it.each([
    ['latest', []],
    ['link', [{ name: 'n', type: 4, value: 2 }]],
    ['piece', [{ name: 'n', type: 4, value: 2 }]],
    ['takeaways', [{ name: 'n', type: 4, value: 2 }]],
  ] as const)('escapes the markdown of titles and source names in /digest %s, as the digest does', async (subcommand, options) => {
    const content = await answer(subcommand, [...options]);
    expect(content).toContain('\\*\\*Loud\\*\\* \\_tilt\\_ \\~\\~gone\\~\\~ \\`code\\` \\|\\|spoiler\\|\\|');
    expect(content).not.toContain('**Loud**');
    expect(content).not.toContain('](https://evil.example)');
    if (subcommand !== 'link') expect(content).toContain('Blog\\_\\_of\\_\\_Markdown \\*stars\\*');
    // The reply's own markup is still markup.
    expect(content).toMatch(/\*\*2\. /);
    expect(content).not.toMatch(/[\u202a-\u202e\u2066-\u2069\ue000\ue001]/);
  });
});
