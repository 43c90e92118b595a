import { renderUsageReport } from '../../src/budget/usage-report.ts';
import { defineSubcommand } from '../define-command.ts';
import { okReply } from '../reply.ts';

/** `/digest usage`: this workspace's LLM calls and tokens by purpose this month, its budget and the ask limits (admin). */
export const usageCommand = defineSubcommand({
  name: 'usage',
  description: "This workspace's LLM calls and tokens this month, by purpose, and its budget",
  permission: 'admin',
  async run(_args, ctx) {
    const { bot } = ctx.services;
    return okReply(renderUsageReport(await bot.workspace.usage(ctx.actor), bot.deps.index.config.cost));
  },
});
