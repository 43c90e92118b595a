import type { LlmUsage } from '../domain/summary.ts';
import type { CostConfig } from './cost-config.ts';
import { formatDay, formatTokens } from './budget-period.ts';
import type { BudgetStatus } from './workspace-budget.ts';

const PURPOSES: { purpose: LlmUsage['purpose']; label: string }[] = [
  { purpose: 'summary', label: 'Summaries' },
  { purpose: 'relevance', label: 'Relevance scoring' },
  { purpose: 'ask', label: 'Questions (/digest ask)' },
  { purpose: 'discussion', label: 'Discussion digests' },
];

/** `/digest usage`: this month's LLM calls and tokens by purpose, the budget, and the limits in force. */
export function renderUsageReport(status: BudgetStatus, limits: Pick<CostConfig, 'ask' | 'warnAtRatio'>): string {
  const month = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(status.periodStart);
  const lines = [`**LLM usage of this workspace in ${month}** (UTC)`];
  let calls = 0;
  for (const { purpose, label } of PURPOSES) {
    const row = status.byPurpose.find((p) => p.purpose === purpose);
    const c = row?.calls ?? 0;
    const tokens = (row?.promptTokens ?? 0) + (row?.completionTokens ?? 0);
    calls += c;
    lines.push(`• ${label}: ${formatTokens(c)} ${c === 1 ? 'call' : 'calls'}, ${formatTokens(tokens)} tokens${row === undefined ? '' : ` (${formatTokens(row.promptTokens)} in, ${formatTokens(row.completionTokens)} out)`}`);
  }
  lines.push(`• Total: ${formatTokens(calls)} ${calls === 1 ? 'call' : 'calls'}, ${formatTokens(status.used)} tokens`);
  lines.push('');
  if (status.limit === null) {
    lines.push('Budget: none set, so digests always use the LLM. An admin can set one with /digest settings budget <tokens>.');
  } else {
    const percent = status.limit === 0 ? 100 : Math.floor((status.used / status.limit) * 100);
    const source = status.limitSource === 'config' ? ' (set by cost.monthlyTokenBudget in the config file)' : ' (set with /digest settings budget)';
    lines.push(`Budget: ${formatTokens(status.used)} of ${formatTokens(status.limit)} tokens (${percent} %)${source}; resets on ${formatDay(status.resetsAt)}.`);
    if (status.level === 'exceeded') lines.push('The budget is used up: digests are summarised offline and new questions wait until it resets.');
    else if (status.level === 'warning') lines.push(`Over ${Math.round(limits.warnAtRatio * 100)} % used: at 100 % digests are summarised offline until the budget resets.`);
  }
  lines.push(`Limits: ${limits.ask.perMemberPerHour} new questions per member and ${limits.ask.perChannelPerHour} per channel each hour; a question already answered about the same piece is free.`);
  return lines.join('\n');
}
