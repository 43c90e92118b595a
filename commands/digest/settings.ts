import type { ChannelSettings } from '../../src/domain/channel.ts';
import { defineGroup, defineSubcommand, option, type RunContext } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { archiveSettingsCommand } from './archive.ts';
import { checkLanguage } from '../../src/rules/language.ts';
import { dateTime } from './format.ts';
import { describeSchedule } from './schedule.ts';

const MAX_INTERESTS = 20;
const MAX_INTEREST_LENGTH = 60;

async function save(ctx: RunContext, patch: Partial<ChannelSettings>): Promise<ChannelSettings> {
  const updated = await ctx.services.store.updateChannelSettings(ctx.record.id, { ...ctx.record.settings, ...patch });
  if (updated === undefined) throw new Error(`channel ${ctx.record.id} vanished while saving its settings`);
  return updated.settings;
}

const show = defineSubcommand({
  name: 'show',
  description: "Show this channel's settings and the last delivery error",
  permission: 'admin',
  async run(_args, ctx) {
    const { settings } = ctx.record;
    const lines = [
      '**Settings of this channel**',
      `• Pieces per digest: ${settings.pieces}`,
      `• Interests: ${settings.interests.length === 0 ? 'none' : settings.interests.join(', ')}`,
      `• Language: ${settings.language}`,
      `• Admin alerts go to: ${settings.adminChannelId ?? 'this channel'}`,
      '',
      describeSchedule(settings, ctx.services.now()),
      '',
    ];
    if (ctx.record.lastDeliveryError === null) lines.push('Last delivery: no error.');
    else {
      const at = ctx.record.lastDeliveryErrorAt === null ? '' : ` (${dateTime(ctx.record.lastDeliveryErrorAt, settings.timezone)})`;
      lines.push(`**Last delivery error**${at}: ${ctx.record.lastDeliveryError}`);
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
    const settings = await save(ctx, { pieces: args.count });
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
    const list = parseInterests(args.topics);
    if (list.length > MAX_INTERESTS) throw new CommandError(`That is ${list.length} interests; at most ${MAX_INTERESTS}. Nothing was changed.`);
    const tooLong = list.find((i) => i.length > MAX_INTEREST_LENGTH);
    if (tooLong !== undefined) throw new CommandError(`"${tooLong.slice(0, 30)}…" is too long for an interest (at most ${MAX_INTEREST_LENGTH} characters). Nothing was changed.`);
    const settings = await save(ctx, { interests: list });
    return okReply(settings.interests.length === 0 ? 'Interests cleared.' : `Interests set: ${settings.interests.join(', ')}.`);
  },
});

const language = defineSubcommand({
  name: 'language',
  description: 'Language of the summaries, as a code such as en, fr or pt-BR',
  permission: 'admin',
  options: [option.string('code', 'BCP 47 language code, e.g. en, de, pt-BR', { required: true, maxLength: 35 })],
  async run(args, ctx) {
    const check = checkLanguage(args.code);
    if (!check.ok) throw new CommandError(`${check.problem}. Nothing was changed.`);
    const code = check.code;
    const settings = await save(ctx, { language: code });
    return okReply(`Summaries will be written in ${settings.language} from the next digest.`);
  },
});

/** `/digest settings show | pieces | interests | language | archive` (admin). */
export const settingsGroup = defineGroup({
  name: 'settings',
  description: "This channel's digest settings (admin)",
  subcommands: [show, pieces, interests, language, archiveSettingsCommand],
});
