import type { WorkspaceKey } from '../domain/workspace.ts';
import type { PurposeUsage, UsageLedger, WorkspaceSettingsStore } from '../store/ports/operations.ts';
import { formatDay, formatTokens, monthStart, nextMonthStart } from './budget-period.ts';

/** Where a workspace stands against its budget: under, warned (≥ warnAtRatio), or spent (≥ 100 %). */
export type BudgetLevel = 'ok' | 'warning' | 'exceeded';

export interface BudgetStatus {
  workspace: WorkspaceKey;
  /** Tokens (prompt + completion) used this month. */
  used: number;
  /** The month's budget; null: none. */
  limit: number | null;
  /** Where the limit comes from: the config file (which wins), the workspace's own setting (chat), or none. */
  limitSource: 'workspace' | 'config' | 'none';
  level: BudgetLevel;
  periodStart: Date;
  resetsAt: Date;
  byPurpose: PurposeUsage[];
}

export interface BudgetGuard {
  status(workspace: WorkspaceKey): Promise<BudgetStatus>;
  /** False once the month's budget is used up: the caller summarises offline and skips other LLM work. */
  allowsLlm(workspace: WorkspaceKey): Promise<boolean>;
}

export interface BudgetGuardOptions {
  store: { usage: UsageLedger; workspaces: WorkspaceSettingsStore };
  /** The config file's budget of every workspace (it wins over a workspace's own); null: the file states none. */
  defaultMonthlyTokens: number | null;
  warnAtRatio: number;
  now: () => Date;
}

/**
 * Reads a workspace's budget from the stored usage each time (one indexed aggregate), so every instance sharing
 * the database sees the same figure. A check happens before LLM work, not inside it: a digest already being
 * summarised when the budget runs out finishes, so the overshoot is bounded by one digest (or one answer).
 */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuard {
  const status = async (workspace: WorkspaceKey): Promise<BudgetStatus> => {
    const now = options.now();
    const periodStart = monthStart(now);
    const [byPurpose, settings] = await Promise.all([
      options.store.usage.usageByPurpose(workspace, periodStart),
      options.store.workspaces.getWorkspaceSettings(workspace),
    ]);
    const used = byPurpose.reduce((sum, p) => sum + p.promptTokens + p.completionTokens, 0);
    // The config file manages the budget when it states one (docs/configuration.md); chat sets it otherwise.
    const own = settings.monthlyTokenBudget;
    const limit = options.defaultMonthlyTokens ?? own;
    const limitSource = options.defaultMonthlyTokens !== null ? 'config' : own !== null ? 'workspace' : 'none';
    return { workspace, used, limit, limitSource, level: budgetLevel(used, limit, options.warnAtRatio), periodStart, resetsAt: nextMonthStart(now), byPurpose };
  };
  return {
    status,
    async allowsLlm(workspace) {
      return (await status(workspace)).level !== 'exceeded';
    },
  };
}

export function budgetLevel(used: number, limit: number | null, warnAtRatio: number): BudgetLevel {
  if (limit === null) return 'ok';
  if (used >= limit) return 'exceeded';
  return used >= limit * warnAtRatio ? 'warning' : 'ok';
}

/** The header note of a digest summarised offline because the budget is spent. */
export function overBudgetNote(status: Pick<BudgetStatus, 'limit' | 'resetsAt'>): string {
  return `summarised offline because this workspace's monthly LLM budget of ${formatTokens(status.limit ?? 0)} tokens is used up (it resets on ${formatDay(status.resetsAt)})`;
}
