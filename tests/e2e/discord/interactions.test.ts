import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import type { StructuredDispatcher } from '../../../adapters/discord/handle-interaction.ts';
import type { CommandServices } from '../../../commands/services.ts';
import { channelIdOf, type ChannelSettings } from '../../../src/domain/channel.ts';
import type { Store } from '../../../src/store/store.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import { buildCommandInteraction, startFakeDiscord, type FakeDiscord, type RecordedCall } from '../../fakes/discord-api.ts';
import { sampleDigest } from '../../adapters/digest-poster-contract.ts';
import { testServices, type TestBotOptions } from '../../bot/test-bot.ts';
import { captureLogger, CHANNEL_A, GUILD_ID, GUILDS, refOf } from './discord-harness.ts';
import { channelSettings } from '../../fixtures/channel-settings.ts';

const MANAGE_GUILD = '32';
const EPHEMERAL = 64;

const DEFAULTS: ChannelSettings = channelSettings();

function servicesFor(store: Store, post?: TestBotOptions['post']): CommandServices {
  return testServices(store, {
    config: { schedule: { cron: '0 9 * * 1' } },
    now: () => new Date('2026-03-30T10:00:00.000Z'),
    probe: () => ({ ok: false, error: 'not used here' }),
    post: post ?? (() => ({ posted: false, reason: 'no sources yet' })),
  }).services;
}

describe('discord slash commands through the fake gateway', () => {
  let fake: FakeDiscord;
  let store: Store;
  let adapter: DiscordAdapter | undefined;
  let logLines: Record<string, unknown>[] = [];

  const start = async (options: { dispatch?: StructuredDispatcher; postDigestNow?: TestBotOptions['post']; ackAfterMs?: number } = {}): Promise<DiscordAdapter> => {
    const { logger, lines } = captureLogger();
    logLines = lines;
    adapter = createDiscordAdapter({
      token: fake.token,
      apiUrl: fake.apiUrl,
      guildIds: [GUILD_ID],
      services: servicesFor(store, options.postDigestNow),
      logger,
      ...(options.dispatch ? { dispatch: options.dispatch } : {}),
      ...(options.ackAfterMs === undefined ? {} : { ackAfterMs: options.ackAfterMs }),
    });
    await adapter.start();
    return adapter;
  };

  const run = (input: { subcommand: string; group?: string; options?: { name: string; type: number; value: string | number | boolean }[]; permissions?: string }): string => {
    const token = `tok-${Math.random().toString(36).slice(2)}`;
    fake.dispatchInteraction(buildCommandInteraction({ applicationId: fake.applicationId, guildId: GUILD_ID, channelId: CHANNEL_A, token, ...input }));
    return token;
  };

  const callback = (token: string): Promise<RecordedCall> => fake.waitForCall((c) => c.path.endsWith(`/${token}/callback`));

  beforeEach(async () => {
    fake = await startFakeDiscord({ guilds: GUILDS });
    store = await createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
    await fake.close();
    await store.close();
  });

  it('answers /digest takeaways 2 through the interaction callback, privately', async () => {
    await store.ensureChannel(refOf(CHANNEL_A), DEFAULTS);
    const digest = { ...sampleDigest(3), channelId: channelIdOf(refOf(CHANNEL_A)) };
    await store.saveDigest(digest);
    await start();
    const token = run({ subcommand: 'takeaways', options: [{ name: 'n', type: 4, value: 2 }] });
    const call = await callback(token);
    const body = call.body as { type: number; data: { content: string; flags: number } };
    expect(body.type).toBe(4);
    expect(body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data.content).toContain('**Key takeaways**');
    for (const takeaway of digest.pieces[1]!.summary.keyTakeaways) expect(body.data.content).toContain(`• ${takeaway}`);
    expect(call.headers['authorization']).toBeUndefined();
  });

  it('refuses an admin command to a member without Manage Server, privately, and changes nothing', async () => {
    await start();
    const token = run({ group: 'settings', subcommand: 'pieces', options: [{ name: 'count', type: 4, value: 7 }], permissions: '0' });
    const body = (await callback(token)).body as { data: { content: string; flags: number } };
    expect(body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data.content).toMatch(/admins only/);
    const channel = await store.getChannel(channelIdOf(refOf(CHANNEL_A)));
    expect(channel?.settings.pieces ?? DEFAULTS.pieces).toBe(DEFAULTS.pieces);
  });

  it('runs the same admin command for a member with Manage Server', async () => {
    await start();
    const token = run({ group: 'settings', subcommand: 'pieces', options: [{ name: 'count', type: 4, value: 7 }], permissions: MANAGE_GUILD });
    const body = (await callback(token)).body as { data: { content: string } };
    expect(body.data.content).toMatch(/up to 7 pieces/);
    expect((await store.getChannel(channelIdOf(refOf(CHANNEL_A))))?.settings.pieces).toBe(7);
  });

  it('defers a slow command (post) first, then edits the deferred reply', async () => {
    await start({ postDigestNow: async () => ({ posted: false, reason: 'no sources yet' }) });
    const token = run({ subcommand: 'post', permissions: MANAGE_GUILD });
    const first = await callback(token);
    expect(first.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`));
    expect((edit.body as { content: string }).content.length).toBeGreaterThan(0);
    expect(fake.calls.findIndex((c) => c === first)).toBeLessThan(fake.calls.findIndex((c) => c === edit));
  });

  it('turns a deferred slow command with a public answer into a public follow-up and removes the private placeholder', async () => {
    await start({ dispatch: async () => ({ visibility: 'in_channel', kind: 'ok', text: 'Posted the digest.' }) });
    const token = run({ subcommand: 'post', permissions: MANAGE_GUILD });
    expect((await callback(token)).body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const followUp = await fake.waitForCall((c) => c.method === 'POST' && c.path.endsWith(`/${token}`));
    expect(followUp.body).toMatchObject({ content: 'Posted the digest.' });
    expect((followUp.body as { flags?: number }).flags ?? 0).not.toBe(EPHEMERAL);
    expect(((followUp.body as { flags?: number }).flags ?? 0) & EPHEMERAL).toBe(0);
    await fake.waitForCall((c) => c.method === 'DELETE' && c.path.endsWith(`/${token}/messages/@original`));
  });

  it('reports its gateway in health(): ready after start, down after stop', async () => {
    const running = await start();
    expect(running.health()).toMatchObject({ ok: true, detail: expect.stringMatching(/^gateway ready, 1 guilds/) });
    await running.stop();
    adapter = undefined;
    expect(running.health().ok).toBe(false);
  });

  it('does not re-register unchanged commands when the bot restarts', async () => {
    await (await start()).stop();
    adapter = undefined;
    await start();
    expect(fake.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/commands'))).toHaveLength(2);
  });

  it('keeps running, and logs why, when Discord refuses the command registration', async () => {
    fake.failNext({ method: 'PUT', path: /\/commands$/ }, { status: 403, code: 50001, message: 'Missing Access' });
    await start();
    expect(adapter!.client.isReady()).toBe(true);
    expect(logLines.some((l) => l['level'] === 50 && /applications\.commands/.test(String(l['msg'])))).toBe(true);
  });

  it('splits a long public reply into follow-ups of at most 2000 characters', async () => {
    const long = Array.from({ length: 900 }, (_, i) => `w${i}`).join(' ');
    await start({ dispatch: async () => ({ visibility: 'in_channel', kind: 'ok', text: long }) });
    const token = run({ subcommand: 'latest' });
    const first = (await callback(token)).body as { data: { content: string; flags: number } };
    expect(first.data.flags & EPHEMERAL).toBe(0);
    await fake.waitForCall((c) => c.method === 'POST' && c.path.endsWith(`/${token}`) && (c.body as { content: string }).content.includes('w899'));
    const followUps = fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith(`/${token}`)).map((c) => (c.body as { content: string }).content);
    const parts = [first.data.content, ...followUps];
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join(' ').split(' ')).toHaveLength(900);
  });

  it('defers a normally fast command that runs long, then edits the reply when it finishes', async () => {
    let token = '';
    await start({
      ackAfterMs: 20,
      // Finishes only once the adapter has acknowledged, so the defer must come first whatever the timing.
      dispatch: async () => {
        await fake.waitForCall((c) => c.path.endsWith(`/${token}/callback`));
        return { visibility: 'ephemeral', kind: 'ok', text: 'slow store, but here' };
      },
    });
    token = run({ subcommand: 'latest' });
    expect((await callback(token)).body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`));
    expect(edit.body).toMatchObject({ content: 'slow store, but here' });
  });

  it('tells the user privately when the command throws, and keeps serving', async () => {
    let calls = 0;
    await start({
      dispatch: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database on fire');
        return { visibility: 'ephemeral', kind: 'ok', text: 'fine again' };
      },
    });
    const failed = (await callback(run({ subcommand: 'latest' }))).body as { data: { content: string; flags: number } };
    expect(failed.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(failed.data.content).toMatch(/went wrong/);
    const next = (await callback(run({ subcommand: 'latest' }))).body as { data: { content: string } };
    expect(next.data.content).toBe('fine again');
  });
});
