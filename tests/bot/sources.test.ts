import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelAdmin, operator } from '../../src/bot/actor.ts';
import { syncConfig } from '../../src/bot/config/sync-config.ts';
import { DigestError } from '../../src/errors.ts';
import type { Channel } from '../../src/domain/channel.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { testBot } from './test-bot.ts';

const SLACK = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' } as const;
const CONSOLE = { platform: 'console', workspaceId: 'local', channelId: 'terminal' } as const;

const codeOf = async (work: Promise<unknown>): Promise<string | undefined> => work.then(() => undefined, (error: unknown) => (error instanceof DigestError ? error.code : String(error)));

describe('source use cases', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('full text follows ingest.fullText wherever a source is added from: chat, console or CLI', async () => {
    for (const fullText of [true, false]) {
      const { bot } = testBot(store, { config: { ingest: { fullText } } });
      const slack = await bot.ensureChannel(SLACK);
      const console = await bot.ensureChannel(CONSOLE);
      const fromChat = await bot.sources.add(channelAdmin(slack), { location: `https://chat-${fullText}.example/feed` });
      const fromConsole = await bot.sources.add(channelAdmin(console), { location: `./console-${fullText}.xml` });
      const fromCli = await bot.sources.add(operator([console.id]), { location: `https://cli-${fullText}.example/feed` });
      for (const result of [fromChat, fromConsole, fromCli]) expect(result.subscriptions.map((s) => s.fullText)).toEqual([fullText]);
    }
  });

  it('local files: the console and the CLI may add them (absolute, probed as local), chat may not (and nothing is probed)', async () => {
    const { bot, calls } = testBot(store, { cwd: '/home/op' });
    const console = await bot.ensureChannel(CONSOLE);
    const slack = await bot.ensureChannel(SLACK);
    const added = await bot.sources.add(channelAdmin(console), { location: 'feeds/mine.xml' });
    expect(added.subscriptions[0]?.source.url).toBe('/home/op/feeds/mine.xml');
    expect(calls.probeFeed).toEqual([{ location: '/home/op/feeds/mine.xml', allowLocalFiles: true }]);
    expect(await codeOf(bot.sources.add(channelAdmin(slack), { location: '/etc/passwd' }))).toBe('invalid-input');
    expect(await codeOf(bot.sources.add(channelAdmin(slack), { location: 'file:///etc/passwd' }))).toBe('invalid-input');
    // The operator running a command for a chat channel from the CLI types locally.
    expect((await bot.sources.add(channelAdmin(slack, { typedBy: 'local' }), { location: './ops.xml' })).subscriptions).toHaveLength(1);
    await bot.sources.add(channelAdmin(slack), { location: 'https://ok.example/feed' });
    expect(calls.probeFeed.map((c) => c.allowLocalFiles)).toEqual([true, true, false]);
  });

  it('an unreadable feed saves nothing; a duplicate is refused before any fetch', async () => {
    const { bot, calls } = testBot(store, { probe: (location) => (location.includes('bad') ? { ok: false, error: 'HTTP 404', hint: 'the feed moved' } : { ok: true, title: 'T', itemCount: 1 }) });
    const slack = await bot.ensureChannel(SLACK);
    expect(await codeOf(bot.sources.add(channelAdmin(slack), { location: 'https://bad.example/feed' }))).toBe('feed-unreadable');
    expect(await store.listSources()).toEqual([]);
    await bot.sources.add(channelAdmin(slack), { location: 'https://good.example/feed' });
    calls.probeFeed.length = 0;
    expect(await codeOf(bot.sources.add(channelAdmin(slack), { location: 'https://good.example/feed' }))).toBe('already-exists');
    expect(calls.probeFeed).toEqual([]);
  });

  it('set changes full text, weight and name for this channel only, and checks each value', async () => {
    const { bot } = testBot(store);
    const a = await bot.ensureChannel(SLACK);
    const b = await bot.ensureChannel({ ...SLACK, channelId: 'C2' });
    const [mine] = (await bot.sources.add(channelAdmin(a), { location: 'https://x.example/feed' })).subscriptions;
    const [theirs] = (await bot.sources.add(channelAdmin(b), { location: 'https://x.example/feed' })).subscriptions;
    await bot.sources.update(channelAdmin(a), mine!.id, { key: 'fullText', value: false });
    await bot.sources.update(channelAdmin(a), mine!.id, { key: 'weight', value: 2.5 });
    const named = await bot.sources.update(channelAdmin(a), mine!.id, { key: 'name', value: 'Our X' });
    expect(named).toMatchObject({ fullText: false, weight: 2.5, nameOverride: 'Our X', chatKeys: ['fullText', 'name', 'weight'] });
    expect(await store.getSubscription(theirs!.id)).toMatchObject({ fullText: true, weight: 1, nameOverride: null });
    const [view] = await store.listChannelSources(a.id);
    expect(view).toMatchObject({ name: 'Our X', weight: 2.5, fullText: false });
    expect(await codeOf(bot.sources.update(channelAdmin(a), mine!.id, { key: 'weight', value: 11 }))).toBe('invalid-input');
    expect(await codeOf(bot.sources.update(channelAdmin(a), mine!.id, { key: 'name', value: 'x'.repeat(101) }))).toBe('invalid-input');
    const reset = await bot.sources.update(channelAdmin(a), mine!.id, { key: 'name', value: null });
    expect(reset).toMatchObject({ nameOverride: null, chatKeys: ['fullText', 'weight'] });
  });

  it("what the file states for a source it gives a channel is refused with the file and key; the rest is chat's", async () => {
    const config = { sources: [{ url: 'https://declared.example/feed', weight: 2 }], channels: [{ platform: 'slack', workspace: 'T1', channel: 'C1' }] };
    const { bot, index } = testBot(store, { config });
    await syncConfig(store, index);
    const channel = (await store.getChannel('slack:T1:C1')) as Channel;
    const [declared] = await store.listSubscriptions({ channelIds: [channel.id] });
    const refusal = await bot.sources.update(channelAdmin(channel), declared!.id, { key: 'weight', value: 3 }).catch((e: unknown) => e as DigestError);
    expect(refusal).toMatchObject({ code: 'managed-by-config', message: 'Not changed: `sources[0].weight` in digest.config.yaml sets the weight of `' + declared!.id + '` **declared.example**, and only the file can change it.' });
    expect((refusal as DigestError).hint).toBe('To do so, change `sources[0].weight` in /srv/bot/digest.config.yaml and restart the bot.');
    expect(await codeOf(bot.sources.remove(channelAdmin(channel), declared!.id))).toBe('managed-by-config');
    expect((await bot.sources.update(channelAdmin(channel), declared!.id, { key: 'fullText', value: false })).fullText).toBe(false);
    const [view] = await bot.sources.list(channelAdmin(channel));
    expect(view?.origins).toEqual({ name: { origin: 'default' }, weight: { origin: 'file', key: 'sources[0].weight' }, fullText: { origin: 'chat' }, paused: { origin: 'default' } });
    expect(view?.fileKey).toBe('sources[0]');
  });

  it('an operator acts on any channel; a prefix that matches several ids is refused listing them', async () => {
    const { bot } = testBot(store);
    const a = await bot.ensureChannel(SLACK);
    const b = await bot.ensureChannel({ platform: 'discord', workspaceId: 'G', channelId: 'X' });
    const [sa] = (await bot.sources.add(channelAdmin(a), { location: 'https://a.example/feed' })).subscriptions;
    await bot.sources.add(channelAdmin(b), { location: 'https://b.example/feed' });
    expect((await bot.sources.setPaused(operator(), sa!.id, true)).changed).toBe(true);
    expect(await bot.sources.list(operator())).toHaveLength(2);
    expect(await bot.sources.list(operator([b.id]))).toHaveLength(1);
    expect(await codeOf(bot.sources.list(operator(['slack:nope:none'])))).toBe('not-found');
    expect(await codeOf(bot.sources.remove(operator(), ''))).toBe('not-found');
  });
});

describe('OPML', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it("exports a channel's feeds and imports them elsewhere through the same rules, reporting what it skipped", async () => {
    const { bot } = testBot(store, { probe: (location) => (location.includes('dead') ? { ok: false, error: 'HTTP 410' } : { ok: true, title: 'T', itemCount: 1 }) });
    const a = await bot.ensureChannel(SLACK);
    const b = await bot.ensureChannel({ ...SLACK, channelId: 'C2' });
    await bot.sources.add(channelAdmin(a), { location: 'https://one.example/feed?a=1&b=2', name: 'One & "only"' });
    await bot.sources.add(channelAdmin(a), { location: 'https://two.example/feed' });
    const opml = await bot.sources.exportOpml(channelAdmin(a));
    expect(opml).toContain('<outline type="rss" text="One &amp; &quot;only&quot;" title="One &amp; &quot;only&quot;" xmlUrl="https://one.example/feed?a=1&amp;b=2"/>');
    const withExtras = opml.replace('  </body>', '    <outline text="folder"><outline xmlurl="https://dead.example/feed" text="Dead"/></outline>\n    <outline xmlUrl="file:///etc/passwd"/>\n  </body>');
    const result = await bot.sources.importOpml(channelAdmin(b), withExtras);
    // Two sources made in the same millisecond list in id order, so compare as sets.
    const by = (action: string) => result.items.filter((i) => i.action === action).map((i) => i.entry.url);
    expect(by('add').sort()).toEqual(['https://one.example/feed?a=1&b=2', 'https://two.example/feed']);
    expect(by('refuse')).toEqual(['https://dead.example/feed', 'file:///etc/passwd']);
    expect(result.items.find((i) => i.entry.url === 'file:///etc/passwd')?.reason).toContain('not an http(s) URL');
    expect(result.items.find((i) => i.entry.url.includes('dead'))?.reason).toContain('HTTP 410');
    // A title that only repeats the feed's host is no name: the channel shows the feed's own title.
    const c = await bot.ensureChannel({ ...SLACK, channelId: 'C3' });
    const hostOnly = '<opml version="2.0"><body><outline text="three.example" xmlUrl="https://three.example/feed"/></body></opml>';
    expect((await bot.sources.importOpml(channelAdmin(c), hostOnly)).items.map((i) => i.action)).toEqual(['add']);
    expect((await store.listSubscriptions({ channelIds: [c.id] }))[0]).toMatchObject({ nameOverride: null, chatKeys: [] });
    // Importing the same file again adds nothing: the channel already reads them.
    expect((await bot.sources.importOpml(channelAdmin(b), withExtras)).items.filter((i) => i.action === 'add')).toEqual([]);
    expect((await store.listChannelSources(b.id)).map((s) => s.name).sort()).toEqual(['One & "only"', 'T']);
    expect(await codeOf(bot.sources.importOpml(channelAdmin(b), '<rss/>'))).toBe('invalid-input');
  });

  it('a dry run lists what would be added, skipped or refused, fetching nothing and changing nothing', async () => {
    const probed: string[] = [];
    const { bot } = testBot(store, { probe: (location) => (probed.push(location), { ok: true, title: 'T', itemCount: 1 }) });
    const a = await bot.ensureChannel(SLACK);
    await bot.sources.add(channelAdmin(a), { location: 'https://one.example/feed' });
    probed.length = 0;
    const file = '<opml version="2.0"><body><outline text="One" xmlUrl="https://one.example/feed"/><outline text="Two" xmlUrl="https://two.example/feed"/><outline xmlUrl="file:///etc/passwd"/></body></opml>';
    const before = await store.listSubscriptions({});
    // Chat may not add a local file; the operator at the CLI may.
    for (const [actor, local] of [[channelAdmin(a), 'refuse'], [operator(), 'add']] as const) {
      const result = await bot.sources.importOpml(actor, file, { dryRun: true });
      expect(result.items.map((i) => [i.entry.url, i.action])).toEqual([['https://one.example/feed', 'skip'], ['https://two.example/feed', 'add'], ['file:///etc/passwd', local]]);
      expect(result.items.every((i) => i.ids.length === 0)).toBe(true);
    }
    expect(probed).toEqual([]);
    expect(await store.listSubscriptions({})).toEqual(before);
    // The same file for real: the plan the dry run showed.
    const real = await bot.sources.importOpml(channelAdmin(a), file);
    expect(real.items.map((i) => i.action)).toEqual(['skip', 'add', 'refuse']);
    expect(probed).toEqual(['https://two.example/feed']);
  });
});
