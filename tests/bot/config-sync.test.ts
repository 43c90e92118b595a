import { afterEach, beforeEach, expect, it } from 'vitest';
import { channelAdmin } from '../../src/bot/actor.ts';
import { indexConfig } from '../../src/bot/config/config-index.ts';
import { resolveSettings } from '../../src/bot/config/provenance.ts';
import { syncConfig, syncDeclaredChannelById } from '../../src/bot/config/sync-config.ts';
import { configSchema } from '../../src/config/schema.ts';
import type { Store } from '../../src/store/store.ts';
import { describeOnEveryStore } from '../store/every-store.ts';
import { testBot } from './test-bot.ts';

const CHANNEL = { platform: 'slack', workspace: 'T1', channel: 'C1' } as const;
const ID = 'slack:T1:C1';
const index = (raw: unknown) => indexConfig(configSchema.parse(raw), '/srv/bot/digest.config.yaml');

describeOnEveryStore('start-up sync: the file manages what it states, chat the rest', (makeStore) => {
  let store: Store;
  beforeEach(async () => {
    store = await makeStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it("declared channels read the sources the file gives them (the console, on first use, all of them), with the file's values", async () => {
    const config = index({
      ingest: { fullText: false },
      sources: [{ url: 'https://a.example/feed', name: 'Alpha', weight: 3 }, { url: 'https://b.example/feed', fullText: true }],
      channels: [{ ...CHANNEL, sources: ['https://b.example/feed'] }],
    });
    await syncConfig(store, config);
    expect((await store.listSubscriptions({ channelIds: [ID] })).map((s) => [s.source.url, s.origin, s.weight, s.fullText])).toEqual([['https://b.example/feed', 'file', 1, true]]);
    // Start-up does not make the console channel the file does not list; its first use does.
    expect(await store.getChannel('console:local:terminal')).toBeUndefined();
    await syncDeclaredChannelById(store, config, 'console:local:terminal');
    await syncConfig(store, config);
    const console = await store.listSubscriptions({ channelIds: ['console:local:terminal'] });
    expect(console.map((s) => [s.source.url, s.nameOverride, s.weight, s.fullText]).sort()).toEqual([['https://a.example/feed', 'Alpha', 3, false], ['https://b.example/feed', null, 1, true]]);
  });

  it("a restart keeps chat's values and follows a changed default for the rest", async () => {
    const raw = { sources: [{ url: 'https://a.example/feed' }], channels: [CHANNEL] };
    await syncConfig(store, index(raw));
    const { bot } = testBot(store, { config: raw });
    const channel = (await store.getChannel(ID))!;
    await bot.settings.change(channelAdmin(channel), { interests: ['evals'], language: 'fr' });
    const [s] = await store.listSubscriptions({ channelIds: [ID] });
    await bot.sources.setPaused(channelAdmin(channel), s!.id, true);
    // The deployment defaults change in the file; nothing the admin set moves.
    await syncConfig(store, index({ ...raw, selection: { pieces: 6 }, summariser: { language: 'de' }, ingest: { fullText: false } }));
    const after = (await store.getChannel(ID))!;
    expect(after.settings).toMatchObject({ interests: ['evals'], language: 'fr', pieces: 6 });
    expect(after.settingsSetInChat).toEqual(['interests', 'language']);
    expect(await store.getSubscription(s!.id)).toMatchObject({ paused: true, fullText: false, chatKeys: ['paused'] });
  });

  it("once the file states a value it applies and chat's mark on it goes; when it stops, the default returns", async () => {
    const raw = { channels: [CHANNEL] };
    await syncConfig(store, index(raw));
    const { bot } = testBot(store, { config: raw });
    await bot.settings.change(channelAdmin((await store.getChannel(ID))!), { interests: ['evals'] });
    await syncConfig(store, index({ channels: [{ ...CHANNEL, interests: ['interpretability'] }] }));
    expect(await store.getChannel(ID)).toMatchObject({ settings: { interests: ['interpretability'] }, settingsSetInChat: [] });
    await syncConfig(store, index(raw));
    expect((await store.getChannel(ID))?.settings.interests).toEqual([]);
  });

  it("a source chat added that the file later gives becomes the file's; one the file stops giving ends, chat's stay", async () => {
    await syncConfig(store, index({ channels: [CHANNEL] }));
    const { bot } = testBot(store, { config: { channels: [CHANNEL] } });
    const channel = (await store.getChannel(ID))!;
    const [chat] = (await bot.sources.add(channelAdmin(channel), { location: 'https://chat.example/feed', name: 'Mine' })).subscriptions;
    await bot.sources.add(channelAdmin(channel), { location: 'https://kept.example/feed' });
    await syncConfig(store, index({ sources: [{ url: 'https://chat.example/feed' }], channels: [CHANNEL] }));
    expect(await store.getSubscription(chat!.id)).toMatchObject({ origin: 'file', nameOverride: 'Mine', chatKeys: ['name'] });
    await syncConfig(store, index({ channels: [CHANNEL] }));
    expect((await store.listSubscriptions({ channelIds: [ID] })).map((s) => s.source.url)).toEqual(['https://kept.example/feed']);
    // The feed and its id stay: a later add finds the same feed.
    expect((await store.getSourceByUrl('https://chat.example/feed'))?.id).toBe(chat!.source.id);
  });

  it("an upgrade from before chat was tracked keeps every non-default value as chat's", async () => {
    const channel = await store.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, {
      pieces: 4,
      interests: ['evals'],
      language: 'en',
      cron: '30 7 * * *',
      timezone: 'UTC',
      schedulePaused: false,
      adminChannelId: null,
    });
    // What migration 6 leaves on existing channels: not classified yet.
    const legacy = { ...channel, settingsSetInChat: null };
    expect(resolveSettings(index({}), legacy)).toEqual({ settings: { ...channel.settings }, setInChat: ['cron', 'interests'] });
    expect(resolveSettings(index({ channels: [{ ...CHANNEL, cron: '0 6 * * *' }] }), legacy).setInChat).toEqual(['interests']);
  });
});
