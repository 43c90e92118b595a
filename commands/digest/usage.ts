import { workspaceKeyOf } from '../../src/domain/workspace.ts';
import { defineSubcommand } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';

/** `/digest usage`: this workspace's LLM calls and tokens by purpose this month, its budget and the ask limits (admin). */
export const usageCommand = defineSubcommand({
  name: 'usage',
  description: "This workspace's LLM calls and tokens this month, by purpose, and its budget",
  permission: 'admin',
  async run(_args, ctx) {
    const report = ctx.services.usageReport;
    if (report === undefined) throw new CommandError('Usage is not recorded by this bot.', { hint: 'Usage is recorded when the bot runs with an LLM (`digest run`).' });
    return okReply(await report(workspaceKeyOf(ctx.channel)));
  },
});
