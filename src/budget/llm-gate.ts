import type { Channel } from '../domain/channel.ts';
import { workspaceKeyOf } from '../domain/workspace.ts';
import type { OfflineReason } from '../i18n/messages.ts';
import type { BudgetGuard, BudgetStatus } from './workspace-budget.ts';

/** Whether a channel's next digest may use the LLM, and if not, why (for the edition's notice). */
export type LlmGateDecision = { allowed: true; status: BudgetStatus } | { allowed: false; reason: OfflineReason; status: BudgetStatus };

export type LlmGate = (channel: Channel) => Promise<LlmGateDecision>;

/** The budget as a gate on a channel's digest: once its workspace's month is spent, the digest is summarised offline. */
export function budgetLlmGate(guard: BudgetGuard): LlmGate {
  return async (channel) => {
    const status = await guard.status(workspaceKeyOf(channel.ref));
    if (status.level !== 'exceeded') return { allowed: true, status };
    return { allowed: false, status, reason: { kind: 'budget', limit: status.limit ?? 0, resetsAt: status.resetsAt.toISOString() } };
  };
}
