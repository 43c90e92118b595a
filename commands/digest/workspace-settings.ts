import { describeOrigin } from '../../src/bot/describe-origin.ts';
import type { WorkspaceView } from '../../src/bot/use-cases/workspace.ts';
import { formatTokens } from '../../src/budget/budget-period.ts';
import { describeFilterRule, type FilterRule } from '../../src/filter/filter-rule.ts';
import { listFilterRules } from '../../src/filter/filter-list.ts';
import { defineSubcommand, option } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { describeMention, parseChannelReference, parseMention, parseTokens } from './alert-target.ts';

/** `/digest settings alerts <channel|off> [mention]`: where this workspace's admin alerts go, and whom they ping. */
export const alertsSetting = defineSubcommand({
  name: 'alerts',
  description: "Send this workspace's admin alerts to a channel (off, show), optionally mentioning a role/group",
  permission: 'admin',
  options: [
    option.string('channel', '#channel, its id, here, off, or show', { required: true, maxLength: 100 }),
    option.string('mention', 'A role, user group or user to mention for problems (optional)', { maxLength: 100 }),
  ],
  async run(args, ctx) {
    const { bot } = ctx.services;
    if (/^show$/i.test(args.channel.trim())) return okReply(workspaceLines(await bot.workspace.show(ctx.actor))[1]!);
    if (/^(off|none|reset)$/i.test(args.channel.trim())) {
      await bot.workspace.setAlerts(ctx.actor, null);
      return okReply("Admin alerts go to the channels they concern again (each one's admin channel from the config file, or the channel itself).");
    }
    const channelId = parseChannelReference(args.channel, ctx.channel.channelId);
    if (ctx.channelInWorkspace !== undefined && !(await ctx.channelInWorkspace(channelId))) {
      throw new CommandError(`I cannot see a channel ${channelId} in this workspace, so alerts cannot go there. Nothing was changed.`, { hint: 'Pick a channel of this server or workspace that the bot can post in.' });
    }
    const mention = args.mention === undefined ? null : parseMention(args.mention);
    const { settings } = await bot.workspace.setAlerts(ctx.actor, { channelId, mention });
    const ping = settings.alertMention === null ? '' : `, mentioning ${describeMention(settings.alertMention)} for problems (not for recoveries)`;
    return okReply(`Admin alerts of this workspace now go to channel \`${channelId}\`${ping}. One message per change: a source failing, a feed gone quiet, the LLM or its budget, lost permissions, a delivery that could not complete.`);
  },
});

/** `/digest settings budget <tokens|off|show>`: this workspace's monthly LLM token budget. */
export const budgetSetting = defineSubcommand({
  name: 'budget',
  description: "This workspace's monthly LLM token budget (e.g. 2M), off, or show",
  permission: 'admin',
  options: [option.string('tokens', 'Tokens per month, e.g. 2000000, 2M or 500k; off for none; show', { required: true, maxLength: 30 })],
  async run(args, ctx) {
    if (/^show$/i.test(args.tokens.trim())) return okReply(workspaceLines(await ctx.services.bot.workspace.show(ctx.actor))[2]!);
    const { budget } = await ctx.services.bot.workspace.setBudget(ctx.actor, parseTokens(args.tokens));
    if (budget.limit === null) return okReply('This workspace has no LLM budget now: digests always use the LLM, and questions are limited only per member and channel.');
    return okReply(
      `This workspace may use ${formatTokens(budget.limit)} LLM tokens a month (UTC). Admins are warned at ${
        Math.round(ctx.services.bot.deps.index.config.cost.warnAtRatio * 100)
      } %; once it is used up, digests are summarised offline until the 1st. See /digest usage.`,
    );
  },
});

/** `/digest settings filter include|exclude <word or /regex/>` and `filter remove <n>`. */
export const filterSetting = defineSubcommand({
  name: 'filter',
  description: "Filter this channel's pieces: include or exclude a word or /regex/, or remove filter n",
  permission: 'admin',
  options: [
    option.choice('action', 'include, exclude or remove', ['include', 'exclude', 'remove'] as const, { required: true }),
    option.words('rule', 'A word, "a phrase", /regex/i (optionally title: or author,text: first), or the number to remove', { required: true, maxLength: 300 }),
  ],
  async run(args, ctx) {
    const { bot } = ctx.services;
    if (args.action === 'remove') {
      const number = Number(args.rule.trim());
      if (!Number.isInteger(number) || number < 1) throw new CommandError(`filter remove takes the filter's number (see /digest settings show); got "${args.rule.trim().slice(0, 20)}".`);
      const { view, removed } = await bot.settings.removeFilter(ctx.actor, number);
      return okReply(`Removed filter ${number} (\`${describeFilterRule(removed)}\`). ${filterSummary(view.channel.settings.filters ?? [])}`);
    }
    const { rule, number, view } = await bot.settings.addFilter(ctx.actor, args.action, args.rule);
    return okReply(`Added filter ${number}: \`${describeFilterRule(rule)}\`, from the next digest. ${filterSummary(view.channel.settings.filters ?? [])}`);
  },
});

function filterSummary(rules: readonly FilterRule[]): string {
  return rules.length === 0 ? 'This channel has no filters now.' : `This channel has ${rules.length} ${rules.length === 1 ? 'filter' : 'filters'}; /digest passed names the one that removed a piece.`;
}

/** The filter lines of `settings show`, numbered as `filter remove` takes them. */
export function filterLines(rules: readonly FilterRule[], from: string): string[] {
  if (rules.length === 0) return [`• Filters: none${from}`];
  return [`• Filters${from}:`, ...listFilterRules(rules).map((line) => `  ${line.replace(/^(\d+)\. (.*)$/, '$1. `$2`')}`)];
}

/** The workspace section of `settings show`. */
export function workspaceLines(view: WorkspaceView): string[] {
  const { settings, budget } = view;
  const alerts = view.console
    ? '• Admin alerts: printed in this terminal'
    : settings.alertChannelId === null
    ? '• Admin alerts: to the channels they concern (set one channel with /digest settings alerts <channel>)'
    : `• Admin alerts go to: channel \`${settings.alertChannelId}\`${settings.alertMention === null ? '' : `, mentioning ${describeMention(settings.alertMention)}`}`;
  const limit = budget.limit === null ? 'none' : `${formatTokens(budget.limit)} tokens a month`;
  return ['**This workspace**', alerts, `• LLM budget: ${limit} (${describeOrigin(budget.origin)})`];
}
