import { afterEach, describe, expect, it } from 'vitest';
import { dispatchText } from '../../commands/dispatch.ts';
import type { CommandContext } from '../../commands/invocation.ts';
import { configSchema } from '../../src/config/schema.ts';
import { withoutLiteralMarks } from '../../src/text/literal-text.ts';
import { CHANNEL, CHANNEL_ID, createRig, RIG_CONFIG, snapshot, type TestRig } from './test-context.ts';

let rig: TestRig | undefined;
afterEach(async () => {
  await rig?.store.close();
  rig = undefined;
});

async function start(config: unknown = RIG_CONFIG): Promise<TestRig> {
  rig = await createRig({ config });
  await rig.services.bot.ensureChannel(CHANNEL);
  return rig;
}
const say = async (text: string, ctx: CommandContext) => {
  const reply = await dispatchText(text, ctx);
  return { ...reply, text: withoutLiteralMarks(reply.text) };
};

describe('/digest settings alerts', () => {
  it('sends the workspace’s alerts to one channel with a mention, shows it, and turns it off again', async () => {
    const { store, ctx } = await start();
    const set = await say('settings alerts <#C0ALERTS|digest-admins> <!subteam^S0ONCALL|@oncall>', ctx({ admin: true }));
    expect(set).toMatchObject({ kind: 'ok' });
    expect(set.text).toContain('now go to channel `C0ALERTS`, mentioning user group S0ONCALL');
    expect(await store.workspaces.getWorkspaceSettings('slack:T1')).toMatchObject({ alertChannelId: 'C0ALERTS', alertMention: { kind: 'user-group', id: 'S0ONCALL' } });

    // Another channel of the same workspace sees the same setting: it is the workspace's.
    const elsewhere = await say('settings show', ctx({ admin: true, channel: { ...CHANNEL, channelId: 'C2' } }));
    expect(elsewhere.text).toContain('• Admin alerts go to: channel `C0ALERTS`, mentioning user group S0ONCALL');
    expect((await say('settings alerts show', ctx({ admin: true }))).text).toBe('• Admin alerts go to: channel `C0ALERTS`, mentioning user group S0ONCALL');

    expect((await say('settings alerts here', ctx({ admin: true }))).text).toContain('now go to channel `C1`.');
    expect((await store.workspaces.getWorkspaceSettings('slack:T1')).alertMention).toBeNull();
    expect((await say('settings alerts off', ctx({ admin: true }))).text).toContain('go to the channels they concern again');
    expect(await store.workspaces.getWorkspaceSettings('slack:T1')).toMatchObject({ alertChannelId: null, alertMention: null });
  });

  it('refuses what it cannot recognise, a channel of another workspace, and the console, changing nothing', async () => {
    const { store, ctx } = await start();
    const before = await snapshot(store);
    expect((await say('settings alerts #not-a-channel', ctx({ admin: true }))).text).toContain('is not a channel I can recognise');
    expect((await say('settings alerts here @everyone', ctx({ admin: true }))).text).toContain('is not a role, user group or user I can mention');
    // The platform says the id is not one of this workspace's channels (Discord ids are global).
    const foreign = await say('settings alerts 700000000000000009', { ...ctx({ admin: true }), channelInWorkspace: async () => false });
    expect(foreign).toMatchObject({ kind: 'error' });
    expect(foreign.text).toContain('I cannot see a channel 700000000000000009 in this workspace');
    expect(await snapshot(store)).toBe(before);
    const console = await say('settings alerts here', ctx({ admin: true, channel: { platform: 'console', workspaceId: 'local', channelId: 'terminal' } }));
    expect(console.text).toContain('In the console, admin alerts are printed in this terminal');
    expect(await store.workspaces.getWorkspaceSettings('console:local')).toMatchObject({ alertChannelId: null });
  });
});

describe('/digest settings budget', () => {
  it('sets the workspace’s monthly budget from chat, shown in settings show and /digest usage; off removes it', async () => {
    const { store, ctx } = await start();
    expect((await say('settings budget 2M', ctx({ admin: true }))).text).toContain('may use 2,000,000 LLM tokens a month');
    expect((await store.workspaces.getWorkspaceSettings('slack:T1')).monthlyTokenBudget).toBe(2_000_000);
    expect((await say('settings show', ctx({ admin: true }))).text).toContain('• LLM budget: 2,000,000 tokens a month (chat)');
    expect((await say('settings budget show', ctx({ admin: true }))).text).toBe('• LLM budget: 2,000,000 tokens a month (chat)');
    expect((await say('usage', ctx({ admin: true }))).text).toContain('Budget: 0 of 2,000,000 tokens (0 %) (set with /digest settings budget)');
    expect((await say('settings budget 1,500k', ctx({ admin: true }))).kind).toBe('ok');
    expect((await store.workspaces.getWorkspaceSettings('slack:T1')).monthlyTokenBudget).toBe(1_500_000);
    expect((await say('settings budget lots', ctx({ admin: true }))).text).toContain('is not a number of tokens');
    expect((await say('settings reset budget', ctx({ admin: true }))).kind).toBe('ok');
    expect((await say('settings show', ctx({ admin: true }))).text).toContain('• LLM budget: none (default)');
  });

  it('is refused from chat when the config file states cost.monthlyTokenBudget, naming the file and the key', async () => {
    const { store, ctx } = await start({ ...RIG_CONFIG, cost: { monthlyTokenBudget: 500_000 } });
    const reply = await dispatchText('settings budget 2M', ctx({ admin: true }));
    expect(reply).toMatchObject({ kind: 'error', code: 'managed-by-config' });
    expect(reply.text).toContain('`cost.monthlyTokenBudget` in digest.config.yaml sets the monthly LLM budget of every workspace');
    expect((await store.workspaces.getWorkspaceSettings('slack:T1')).monthlyTokenBudget).toBeNull();
    expect((await say('settings show', ctx({ admin: true }))).text).toContain('• LLM budget: 500,000 tokens a month (file: cost.monthlyTokenBudget)');
  });
});

describe('/digest settings filter', () => {
  it('adds include and exclude rules, lists them numbered in settings show, and removes one by number', async () => {
    const { store, ctx } = await start();
    expect((await say('settings filter exclude crypto', ctx({ admin: true }))).text).toContain('Added filter 1: `exclude crypto`');
    expect((await say('settings filter exclude title:/^\\[event\\]/i', ctx({ admin: true }))).text).toContain('Added filter 2: `exclude title:/^\\[event\\]/i`');
    expect((await say('settings filter include "reward model"', ctx({ admin: true }))).text).toContain('Added filter 3: `include "reward model"`');
    const shown = (await say('settings show', ctx({ admin: true }))).text;
    expect(shown).toContain('• Filters (chat):\n  1. `exclude crypto`\n  2. `exclude title:/^\\[event\\]/i`\n  3. `include "reward model"`');
    expect((await say('settings filter remove 1', ctx({ admin: true }))).text).toContain('Removed filter 1 (`exclude crypto`)');
    expect((await store.getChannel(CHANNEL_ID))?.settings.filters?.map((r) => r.pattern)).toEqual(['^\\[event\\]', 'reward model']);
    expect((await say('settings filter remove 7', ctx({ admin: true }))).text).toContain('There is no filter 7; this channel has 2 (1–2)');
    expect((await say('settings filter exclude /^\\[event\\]/i', ctx({ admin: true }))).kind).toBe('ok');
    expect((await say('settings filter exclude title:/^\\[event\\]/i', ctx({ admin: true }))).text).toContain('That filter is already set (number 1');
    expect((await say('settings reset filters', ctx({ admin: true }))).kind).toBe('ok');
    expect((await store.getChannel(CHANNEL_ID))?.settings.filters).toEqual([]);
  });

  it('refuses catastrophic and backtracking-only patterns with the reason, and changes nothing', async () => {
    const { store, ctx } = await start();
    const before = await snapshot(store);
    const backref = await say('settings filter exclude /^(a+)+\\1$/', ctx({ admin: true }));
    expect(backref).toMatchObject({ kind: 'error', code: 'invalid-input' });
    expect(backref.text).toContain('Backreferences (\\1, \\k<name>) are not supported');
    expect((await say('settings filter exclude /(?=crypto)token/', ctx({ admin: true }))).text).toContain('Lookahead and lookbehind');
    expect((await say('settings filter include /(a{1000}){1000}/', ctx({ admin: true }))).text).toMatch(/repeats too much|too large/);
    expect(await snapshot(store)).toBe(before);
  });

  it('a (a|aa)+ style blow-up is accepted because RE2 runs it in linear time', async () => {
    const { ctx } = await start();
    expect((await say('settings filter exclude /^(a|aa)+$/', ctx({ admin: true }))).kind).toBe('ok');
  });

  it('is managed by the config file when it states the channel’s filters: chat is refused naming the key', async () => {
    const { store, ctx } = await start({ ...RIG_CONFIG, channels: [{ platform: 'slack', workspace: 'T1', channel: 'C1', filters: [{ exclude: 'crypto' }] }] });
    const { syncConfig } = await import('../../src/bot/config/sync-config.ts');
    await syncConfig(store, rig!.services.bot.deps.index);
    expect((await store.getChannel(CHANNEL_ID))?.settings.filters).toMatchObject([{ action: 'exclude', match: 'keyword', pattern: 'crypto' }]);
    const reply = await dispatchText('settings filter exclude nft', ctx({ admin: true }));
    expect(reply).toMatchObject({ kind: 'error', code: 'managed-by-config' });
    expect(reply.text).toContain('`channels[0].filters` in digest.config.yaml sets the filters');
    expect((await say('settings filter remove 1', ctx({ admin: true }))).text).toContain('`channels[0].filters`');
    expect((await say('settings show', ctx({ admin: true }))).text).toContain('• Filters (file: channels[0].filters):\n  1. `exclude crypto`');
  });
});

describe('channels[].filters in the config file', () => {
  it('accepts the chat syntax and refuses a catastrophic or backtracking-only pattern, naming the key', () => {
    const ok = configSchema.safeParse({ channels: [{ platform: 'discord', workspace: 'g', channel: 'c', filters: [{ include: 'title:/alignment/i' }, { exclude: '"large language model"' }] }] });
    expect(ok.success).toBe(true);
    const bad = configSchema.safeParse({ channels: [{ platform: 'discord', workspace: 'g', channel: 'c', filters: [{ exclude: 'crypto' }, { exclude: '/(x+)+\\1/' }] }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['channels.0.filters.1', expect.stringContaining('is refused: Backreferences')]]);
    expect(configSchema.safeParse({ channels: [{ platform: 'discord', workspace: 'g', channel: 'c', filters: [{ drop: 'x' }] }] }).success).toBe(false);
  });
});
