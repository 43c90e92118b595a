import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertSource } from '../../src/alerts/alert-event.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { alerterFor, SETTINGS } from './alert-harness.ts';

const T0 = new Date('2026-03-30T08:00:00.000Z');
const minutes = (m: number): Date => new Date(T0.getTime() + m * 60_000);

let store: Store;
let clock: { now: Date };
let source: AlertSource;
const A: ChannelRef = { platform: 'discord', workspaceId: 'g1', channelId: '100' };
const A2: ChannelRef = { platform: 'discord', workspaceId: 'g1', channelId: '101' };
const B: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C0B' };

beforeEach(async () => {
  store = await createSqliteStore({ path: ':memory:' });
  clock = { now: T0 };
  const { source: s } = await store.addSource({ url: 'https://feed.example/rss', name: 'Feed <@&1>' });
  source = { id: s.id, name: s.name, url: s.url };
  for (const ref of [A, A2, B]) {
    const channel = await store.ensureChannel(ref, SETTINGS);
    await store.subscribe({ channelId: channel.id, sourceId: s.id, origin: 'chat', fullText: false });
  }
});
afterEach(async () => {
  await store.close();
});

const failing = (failing: boolean, error = 'HTTP 503'): AlertEvent => ({ kind: 'source-failing', source, failing, error: failing ? error : null, consecutiveFailures: failing ? 5 : 0 });

describe('the alert state machine', () => {
  it('posts one message per state change and per workspace, never one per observation', async () => {
    const { alerter, discord, slack } = alerterFor(store, clock);
    for (let i = 0; i < 50; i++) {
      clock.now = minutes(i * 30);
      await alerter.notify([failing(true)]);
    }
    // Workspace g1 has two channels reading the source: without an alert channel, each gets it once.
    expect(discord.alerts.map((a) => a.channel)).toEqual(['100', '101']);
    expect(discord.alerts[0]!.text).toBe(
      `Source "Feed <@&1>" (${source.id}) is failing: HTTP 503 (5 failed fetches in a row). Check it with /digest sources list.\n(Admins: send these alerts to one channel with /digest settings alerts <channel>.)`,
    );
    expect(slack.alerts).toHaveLength(1);
    await alerter.notify([failing(false)]);
    await alerter.notify([failing(false)]);
    expect(slack.alerts.map((a) => a.text.split('\n')[0])).toEqual([expect.stringMatching(/is failing/) as unknown, `Source "Feed <@&1>" (${source.id}) is working again.`]);
  });

  it('says nothing about a healthy source it never alerted about, and stores nothing for it', async () => {
    const { alerter, discord } = alerterFor(store, clock);
    await alerter.notify([failing(false), { kind: 'delivery', channel: A, failed: false, edition: 'e1', error: null, willRetry: false }]);
    expect(discord.alerts).toEqual([]);
    expect(await store.alertStates.listUnannounced()).toEqual([]);
  });

  it('damps flapping: a recovery is held until an hour after the last announcement, and dropped if it does not hold', async () => {
    const { alerter, slack } = alerterFor(store, clock);
    await alerter.notify([failing(true)]);
    for (let m = 1; m <= 50; m += 2) {
      clock.now = minutes(m);
      await alerter.notify([failing(false)]);
      clock.now = minutes(m + 1);
      await alerter.notify([failing(true)]);
    }
    expect(slack.alerts).toHaveLength(1);
    // It recovers for good: the recovery is held until the hour has passed, then announced by a later check.
    clock.now = minutes(55);
    const held = await alerter.notify([failing(false)]);
    // Held in both workspaces reading the source.
    expect(held.held).toBe(2);
    expect(slack.alerts).toHaveLength(1);
    clock.now = minutes(61);
    await alerter.notify([]);
    expect(slack.alerts.map((a) => a.text.split('\n')[0])).toEqual([expect.stringMatching(/is failing/) as unknown, expect.stringMatching(/is working again/) as unknown]);
    // A new failure is announced at once.
    clock.now = minutes(62);
    await alerter.notify([failing(true, 'HTTP 404')]);
    expect(slack.alerts.at(-1)!.text).toMatch(/is failing: HTTP 404/);
  });

  it('sends a workspace’s alerts to its alert channel, mentioning the configured role only for problems', async () => {
    await store.workspaces.updateWorkspaceSettings('discord:g1', { alertChannelId: '999', alertMention: { kind: 'role', id: '555' } }, T0);
    const { alerter, discord } = alerterFor(store, clock);
    await alerter.notify([failing(true)]);
    clock.now = minutes(120);
    await alerter.notify([failing(false)]);
    expect(discord.alerts.map((a) => [a.channel, a.mention])).toEqual([['999', { kind: 'role', id: '555' }], ['999', null]]);
    expect(discord.alerts[0]!.text).not.toContain('Admins: send these alerts');
  });

  it('groups changes of one check into one message per destination, capped, with the rest counted', async () => {
    await store.workspaces.updateWorkspaceSettings('slack:T1', { alertChannelId: 'C0ADMIN' }, T0);
    const sources: AlertSource[] = [];
    const channel = (await store.getChannel('slack:T1:C0B'))!;
    for (let i = 0; i < 30; i++) {
      const { source: s } = await store.addSource({ url: `https://f${i}.example/rss`, name: `F${i}` });
      await store.subscribe({ channelId: channel.id, sourceId: s.id, origin: 'chat', fullText: false });
      sources.push({ id: s.id, name: s.name, url: s.url });
    }
    const { alerter, slack } = alerterFor(store, clock, { maxLines: 5 });
    await alerter.notify(sources.map((s) => ({ kind: 'source-failing', source: s, failing: true, error: 'ECONNREFUSED', consecutiveFailures: 5 })));
    expect(slack.alerts).toHaveLength(1);
    const lines = slack.alerts[0]!.text.split('\n');
    expect(lines[0]).toBe('30 changes:');
    expect(lines).toHaveLength(7);
    expect(lines.at(-1)).toBe('• …and 25 more; see /digest sources list and /digest settings show.');
  });

  it('routes channel problems to the channel’s admin channel, or the channel, but never to a channel it cannot post in', async () => {
    const a = (await store.getChannel('discord:g1:100'))!;
    await store.updateChannelSettings(a.id, { ...a.settings, adminChannelId: '300' });
    const { alerter, discord } = alerterFor(store, clock);
    await alerter.notify([
      { kind: 'delivery', channel: A, failed: true, edition: '2026-03-30T09:00:00.000Z', error: 'Missing Access', willRetry: false },
      { kind: 'channel-permission', channel: A2, permission: 'post', missing: true, detail: 'missing Send Messages' },
      { kind: 'channel-permission', channel: A2, permission: 'read-history', missing: true, detail: 'missing Read Message History' },
    ]);
    expect(discord.alerts.map((a) => a.channel)).toEqual(['300', '101']);
    expect(discord.alerts[0]!.text).toMatch(/^The digest for #100 could not be delivered: Missing Access\. It will not be retried/);
    // The post-permission change could go nowhere in this workspace (no alert channel, and #101 refuses posts); the read one went to #101.
    expect(discord.alerts[1]!.text).toMatch(/^I cannot read the message history of #101 \(missing Read Message History\)/);
  });

  it('tells an LLM outage and the budget to the workspace concerned only', async () => {
    await store.workspaces.updateWorkspaceSettings('slack:T1', { alertChannelId: 'C0ADMIN', alertMention: { kind: 'user-group', id: 'S0OPS' } }, T0);
    const { alerter, slack, discord } = alerterFor(store, clock);
    await alerter.notify([
      { kind: 'llm-unavailable', workspace: 'slack:T1', unavailable: true, reason: 'HTTP 503 from the LLM server', channel: B },
      { kind: 'llm-budget', workspace: 'slack:T1', level: 'warning', used: 850_000, limit: 1_000_000, resetsAt: new Date('2026-04-01T00:00:00Z') },
    ]);
    expect(discord.alerts).toEqual([]);
    expect(slack.alerts).toEqual([{
      channel: 'C0ADMIN',
      mention: { kind: 'user-group', id: 'S0OPS' },
      text: [
        '2 changes:',
        "• Today's digest in #C0B was summarised offline because the LLM did not answer (HTTP 503 from the LLM server). Check the LLM server and LLM_MODEL.",
        '• This workspace has used 85 % of its monthly LLM budget (850,000 of 1,000,000 tokens). At 100 % digests are summarised offline until 1 April 2026. See /digest usage.',
      ].join('\n'),
    }]);
    // Escalation from warning to exceeded is announced at once; the budget's reset later, after settling.
    await alerter.notify([{ kind: 'llm-budget', workspace: 'slack:T1', level: 'exceeded', used: 1_000_100, limit: 1_000_000, resetsAt: new Date('2026-04-01T00:00:00Z') }]);
    expect(slack.alerts.at(-1)!.text).toMatch(/budget of 1,000,000 tokens is used up/);
    clock.now = new Date('2026-04-01T00:05:00Z');
    await alerter.notify([{ kind: 'llm-budget', workspace: 'slack:T1', level: 'ok', used: 0, limit: 1_000_000, resetsAt: new Date('2026-05-01T00:00:00Z') }]);
    expect(slack.alerts.at(-1)).toMatchObject({ text: 'The LLM budget has room again: digests are summarised by the LLM again.', mention: null });
  });

  it('announces a change once between two instances sharing the database', async () => {
    await store.workspaces.updateWorkspaceSettings('slack:T1', { alertChannelId: 'C0ADMIN' }, T0);
    const one = alerterFor(store, clock);
    const two = alerterFor(store, clock);
    await Promise.all([one.alerter.notify([failing(true)]), two.alerter.notify([failing(true)])]);
    expect(one.slack.alerts.length + two.slack.alerts.length).toBe(1);
  });

  it('gives an alert the platform refused back, so the next check posts it', async () => {
    await store.workspaces.updateWorkspaceSettings('slack:T1', { alertChannelId: 'C0ADMIN' }, T0);
    const { alerter, slack } = alerterFor(store, clock);
    slack.failNext = 1;
    await alerter.notify([failing(true)]);
    expect(slack.alerts).toEqual([]);
    clock.now = minutes(30);
    await alerter.notify([failing(true)]);
    expect(slack.alerts.map((a) => a.text)).toEqual([expect.stringMatching(/is failing/) as unknown]);
  });
});
