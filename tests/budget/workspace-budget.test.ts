import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monthStart, nextMonthStart } from '../../src/budget/budget-period.ts';
import { costConfigSchema } from '../../src/budget/cost-config.ts';
import { renderUsageReport } from '../../src/budget/usage-report.ts';
import { attributeUsage, currentUsageWorkspace, withUsageWorkspace } from '../../src/budget/usage-scope.ts';
import { budgetLevel, createBudgetGuard, overBudgetNote } from '../../src/budget/workspace-budget.ts';
import type { LlmUsage } from '../../src/domain/summary.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

let store: Store;
let now: Date;
beforeEach(async () => {
  store = await createSqliteStore({ path: ':memory:' });
  now = new Date('2026-03-30T10:00:00.000Z');
});
afterEach(async () => {
  await store.close();
});

const spend = (tokens: number, at: Date, workspace = 'discord:g1', purpose: LlmUsage['purpose'] = 'summary') =>
  store.recordLlmUsage({ at, purpose, model: 'm', contentHash: null, promptTokens: tokens - Math.floor(tokens / 10), completionTokens: Math.floor(tokens / 10), workspace });

describe('budget period', () => {
  it('is the calendar month in UTC', () => {
    expect(monthStart(new Date('2026-03-31T23:59:59.999Z'))).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(nextMonthStart(new Date('2026-12-15T00:00:00Z'))).toEqual(new Date('2027-01-01T00:00:00Z'));
  });
});

describe('budgetLevel', () => {
  it('warns at the ratio and stops at 100 %', () => {
    expect(budgetLevel(799, 1000, 0.8)).toBe('ok');
    expect(budgetLevel(800, 1000, 0.8)).toBe('warning');
    expect(budgetLevel(1000, 1000, 0.8)).toBe('exceeded');
    expect(budgetLevel(10 ** 9, null, 0.8)).toBe('ok');
    expect(budgetLevel(0, 0, 0.8)).toBe('exceeded');
  });
});

describe('createBudgetGuard', () => {
  const guard = (defaultMonthlyTokens: number | null) => createBudgetGuard({ store, defaultMonthlyTokens, warnAtRatio: 0.8, now: () => now });

  it('counts this month’s usage of the workspace only, against the config default', async () => {
    await spend(5_000, new Date('2026-02-28T23:00:00Z'));
    await spend(700, new Date('2026-03-01T00:00:00Z'));
    await spend(150, new Date('2026-03-29T00:00:00Z'), 'discord:g1', 'ask');
    await spend(9_000, new Date('2026-03-29T00:00:00Z'), 'discord:other');
    const status = await guard(1_000).status('discord:g1');
    expect(status).toMatchObject({ used: 850, limit: 1_000, limitSource: 'config', level: 'warning', resetsAt: new Date('2026-04-01T00:00:00Z') });
    expect(status.byPurpose.map((p) => p.purpose)).toEqual(['ask', 'summary']);
    expect(await guard(1_000).allowsLlm('discord:g1')).toBe(true);
    expect(await guard(1_000).allowsLlm('discord:other')).toBe(false);
  });

  it('uses a workspace’s own budget where the config file states none, and resets with the month', async () => {
    await spend(2_000, now);
    expect((await guard(null).status('discord:g1')).level).toBe('ok');
    await store.workspaces.updateWorkspaceSettings('discord:g1', { monthlyTokenBudget: 2_000 }, now);
    expect(await guard(null).status('discord:g1')).toMatchObject({ limit: 2_000, limitSource: 'workspace', level: 'exceeded' });
    now = new Date('2026-04-01T00:00:00Z');
    expect(await guard(null).status('discord:g1')).toMatchObject({ used: 0, level: 'ok' });
  });

  it('lets the config file’s budget win over a stored one (the file manages what it states)', async () => {
    await spend(2_000, now);
    await store.workspaces.updateWorkspaceSettings('discord:g1', { monthlyTokenBudget: 2_000 }, now);
    expect(await guard(1_000_000).status('discord:g1')).toMatchObject({ limit: 1_000_000, limitSource: 'config', level: 'ok' });
  });

  it('writes the header note of an over-budget digest', () => {
    expect(overBudgetNote({ limit: 2_000_000, resetsAt: new Date('2026-04-01T00:00:00Z') }))
      .toBe("summarised offline because this workspace's monthly LLM budget of 2,000,000 tokens is used up (it resets on 1 April 2026)");
  });
});

describe('renderUsageReport', () => {
  const limits = costConfigSchema.parse({});

  it('shows calls and tokens by purpose, the budget and the limits', async () => {
    await spend(1_000, now);
    await spend(1_000, now);
    await spend(300, now, 'discord:g1', 'ask');
    const status = await createBudgetGuard({ store, defaultMonthlyTokens: 2_500, warnAtRatio: 0.8, now: () => now }).status('discord:g1');
    expect(renderUsageReport(status, limits)).toBe([
      '**LLM usage of this workspace in March 2026** (UTC)',
      '• Summaries: 2 calls, 2,000 tokens (1,800 in, 200 out)',
      '• Relevance scoring: 0 calls, 0 tokens',
      '• Questions (/digest ask): 1 call, 300 tokens (270 in, 30 out)',
      '• Discussion digests: 0 calls, 0 tokens',
      '• Total: 3 calls, 2,300 tokens',
      '',
      'Budget: 2,300 of 2,500 tokens (92 %) (set by cost.monthlyTokenBudget in the config file); resets on 1 April 2026.',
      'Over 80 % used: at 100 % digests are summarised offline until the budget resets.',
      'Limits: 10 new questions per member and 60 per channel each hour; a question already answered about the same piece is free.',
    ].join('\n'));
  });

  it('says when there is no budget, and when it is used up', async () => {
    const none = await createBudgetGuard({ store, defaultMonthlyTokens: null, warnAtRatio: 0.8, now: () => now }).status('discord:g1');
    expect(renderUsageReport(none, limits)).toContain('Budget: none set');
    await spend(10, now);
    const spent = await createBudgetGuard({ store, defaultMonthlyTokens: 10, warnAtRatio: 0.8, now: () => now }).status('discord:g1');
    expect(renderUsageReport(spent, limits)).toContain('The budget is used up: digests are summarised offline');
  });
});

describe('usage attribution', () => {
  it('attributes each call to the workspace whose work made it, across concurrent async work', async () => {
    const record = attributeUsage((usage: LlmUsage) => store.recordLlmUsage(usage));
    const call = async (tokens: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      await record({ at: now, purpose: 'summary', model: 'm', contentHash: null, promptTokens: tokens, completionTokens: 0 });
    };
    expect(currentUsageWorkspace()).toBeNull();
    await Promise.all([
      withUsageWorkspace('discord:a', async () => {
        await call(1);
        await call(2);
      }),
      withUsageWorkspace('slack:b', async () => {
        await call(10);
      }),
      call(100),
    ]);
    // A record naming its workspace keeps it.
    await withUsageWorkspace('discord:a', () => record({ at: now, purpose: 'ask', model: 'm', contentHash: null, promptTokens: 1000, completionTokens: 0, workspace: 'slack:b' }));
    const total = async (w: 'discord:a' | 'slack:b') => (await store.usage.usageByPurpose(w, new Date(0))).reduce((s, p) => s + p.promptTokens, 0);
    expect(await total('discord:a')).toBe(3);
    expect(await total('slack:b')).toBe(1010);
    expect(await store.llmUsageSince(new Date(0))).toMatchObject({ calls: 5, promptTokens: 1113 });
  });
});
