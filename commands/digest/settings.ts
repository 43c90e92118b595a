import { describeOrigin } from '../../src/bot/describe-origin.ts';
import type { ChannelSettings } from '../../src/domain/channel.ts';
import { defineGroup, defineSubcommand, option } from '../define-command.ts';
import { okReply } from '../reply.ts';
import { archiveSettingsCommand } from './archive.ts';
import { discussionSettingsCommand, feedbackSettingsCommand } from './discussion-settings.ts';
import { dateTime } from './format.ts';
import { describeSchedule } from './schedule.ts';
import { alertsSetting, budgetSetting, filterLines, filterSetting, workspaceLines } from './workspace-settings.ts';

const show = defineSubcommand({
  name: 'show',
  description: 'Settings, where each comes from, and the last delivery error',
  permission: 'admin',
  async run(_args, ctx) {
    const { bot } = ctx.services;
    const { channel, origins } = await bot.settings.show(ctx.actor);
    const workspace = await bot.workspace.show(ctx.actor);
    const file = bot.deps.index.fileLabel;
    const { settings } = channel;
    const from = (key: keyof ChannelSettings) => ` (${describeOrigin(origins[key])})`;
    const lines = [
      '**Settings of this channel**',
      `• Pieces per digest: ${settings.pieces}${from('pieces')}`,
      `• Interests: ${settings.interests.length === 0 ? 'none' : settings.interests.join(', ')}${from('interests')}`,
      `• Language: ${settings.language}${from('language')}`,
      `• This channel's admin channel: ${settings.adminChannelId ?? 'this channel'}${from('adminChannelId')}`,
      ...filterLines(settings.filters ?? [], from('filters')),
      '',
      ...workspaceLines(workspace),
      '',
      describeSchedule(settings, ctx.services.now(), { sources: origins, fileLabel: file }),
      '',
      `Values marked file come from ${file} and can only be changed there; \`/digest settings reset <setting>\` puts a value set in chat back to its default.`,
      '',
    ];
    if (channel.lastDeliveryError === null) lines.push('Last delivery: no error.');
    else {
      const at = channel.lastDeliveryErrorAt === null ? '' : ` (${dateTime(channel.lastDeliveryErrorAt, settings.timezone)})`;
      lines.push(`**Last delivery error**${at}: ${channel.lastDeliveryError}`);
    }
    return okReply(lines.join('\n'));
  },
});

const pieces = defineSubcommand({
  name: 'pieces',
  description: 'How many pieces each digest has (1–10)',
  permission: 'admin',
  options: [option.integer('count', 'Pieces per digest, 1–10', { required: true, min: 1, max: 10 })],
  async run(args, ctx) {
    const { channel: { settings } } = await ctx.services.bot.settings.change(ctx.actor, { pieces: args.count });
    return okReply(`Each digest now has up to ${settings.pieces} ${settings.pieces === 1 ? 'piece' : 'pieces'}.`);
  },
});

/** "reward hacking, interpretability" → two interests; "rlhf evals" → two words; "none" clears. */
export function parseInterests(text: string): string[] {
  const trimmed = text.trim();
  if (/^(none|clear|-)$/i.test(trimmed)) return [];
  const parts = trimmed.includes(',') ? trimmed.split(',') : trimmed.split(/\s+/);
  return [...new Set(parts.map((p) => p.trim().replace(/\s+/g, ' ')).filter((p) => p.length > 0))];
}

const interests = defineSubcommand({
  name: 'interests',
  description: 'Topics that raise a piece\'s score: words, or phrases split by commas; "none" clears',
  permission: 'admin',
  options: [option.words('topics', 'e.g. "reward hacking, interpretability, evals"', { required: true, maxLength: 1000 })],
  async run(args, ctx) {
    const { channel: { settings } } = await ctx.services.bot.settings.change(ctx.actor, { interests: parseInterests(args.topics) });
    return okReply(settings.interests.length === 0 ? 'Interests cleared.' : `Interests set: ${settings.interests.join(', ')}.`);
  },
});

const language = defineSubcommand({
  name: 'language',
  description: 'Language of the summaries, as a code such as en, fr or pt-BR',
  permission: 'admin',
  options: [option.string('code', 'BCP 47 language code, e.g. en, de, pt-BR', { required: true, maxLength: 35 })],
  async run(args, ctx) {
    const { channel: { settings } } = await ctx.services.bot.settings.change(ctx.actor, { language: args.code });
    return okReply(`Summaries will be written in ${settings.language} from the next digest.`);
  },
});

const RESETTABLE: Record<string, keyof ChannelSettings> = { pieces: 'pieces', interests: 'interests', language: 'language', schedule: 'cron', timezone: 'timezone', filters: 'filters' };

const reset = defineSubcommand({
  name: 'reset',
  description: 'Put a setting back to its default',
  permission: 'admin',
  options: [option.choice('setting', 'Which setting', ['pieces', 'interests', 'language', 'schedule', 'timezone', 'filters', 'alerts', 'budget'] as const, { required: true })],
  async run(args, ctx) {
    // Workspace-wide settings: where alerts go, and the LLM budget.
    if (args.setting === 'alerts') {
      await ctx.services.bot.workspace.setAlerts(ctx.actor, null);
      return okReply('alerts are back to the default: each alert goes to the channels it concerns.');
    }
    if (args.setting === 'budget') {
      await ctx.services.bot.workspace.setBudget(ctx.actor, null);
      return okReply('budget is back to the default: none.');
    }
    const key = RESETTABLE[args.setting] ?? 'pieces';
    const { channel, origins } = await ctx.services.bot.settings.reset(ctx.actor, key);
    const value = channel.settings[key];
    return okReply(`${args.setting} is back to ${Array.isArray(value) ? (value.length === 0 ? 'none' : value.join(', ')) : String(value ?? 'this channel')} (${describeOrigin(origins[key])}).`);
  },
});

/** `/digest settings show | pieces | interests | language | filter | alerts | budget | reset | archive` (admin). */
export const settingsGroup = defineGroup({
  name: 'settings',
  description: "This channel's digest settings (admin)",
  subcommands: [show, pieces, interests, language, filterSetting, alertsSetting, budgetSetting, reset, archiveSettingsCommand, discussionSettingsCommand, feedbackSettingsCommand],
});
