import type { ValueSource } from '../../src/bot/config/provenance.ts';
import { describeOrigin } from '../../src/bot/describe-origin.ts';
import type { ChannelSettings } from '../../src/domain/channel.ts';
import { nextSlots as nextRuns } from '../../src/schedule/cron-slots.ts';
import { defineGroup, defineSubcommand, option, type RunContext } from '../define-command.ts';
import { okReply } from '../reply.ts';
import { dateTime } from './format.ts';

/** "Schedule: `0 9 * * 1-5` in Europe/London" with where each part comes from, plus the next three runs (or "paused"). */
export function describeSchedule(settings: ChannelSettings, now: Date, origins?: { sources: Record<keyof ChannelSettings, ValueSource>; fileLabel: string }): string {
  const from = origins === undefined ? '' : ` (cron: ${describeOrigin(origins.sources.cron)}; timezone: ${describeOrigin(origins.sources.timezone)})`;
  const lines = [`**Schedule:** \`${settings.cron}\` in ${settings.timezone}${settings.schedulePaused ? ' — **paused**' : ''}${from}`];
  if (settings.schedulePaused) {
    lines.push('No digest is posted on schedule until `/digest schedule resume`.');
    return lines.join('\n');
  }
  const runs = nextRuns(settings.cron, settings.timezone, now, 3);
  if (runs.length === 0) lines.push('This expression does not fire in the coming years.');
  else lines.push('Next runs:', ...runs.map((r) => `• ${dateTime(r, settings.timezone)}`));
  return lines.join('\n');
}

/** The schedule of the channel in a context, with where each part comes from. */
export async function scheduleOf(ctx: RunContext): Promise<string> {
  const { bot } = ctx.services;
  const view = await bot.settings.show(ctx.actor);
  return describeSchedule(view.channel.settings, ctx.services.now(), { sources: view.origins, fileLabel: bot.deps.index.fileLabel });
}

const show = defineSubcommand({
  name: 'show',
  description: 'The schedule, where it comes from, and the next three runs',
  permission: 'admin',
  async run(_args, ctx) {
    return okReply(await scheduleOf(ctx));
  },
});

const set = defineSubcommand({
  name: 'set',
  description: 'Set when digests are posted: a 5-field cron, optionally a timezone',
  permission: 'admin',
  options: [option.cron('cron', 'Cron expression, e.g. "0 9 * * 1-5" (09:00 on weekdays)', { required: true }), option.timezone('timezone', 'IANA timezone, e.g. Europe/London (default: unchanged)')],
  async run(args, ctx) {
    await ctx.services.bot.settings.change(ctx.actor, { cron: args.cron, ...(args.timezone === undefined ? {} : { timezone: args.timezone }) });
    return okReply(`Schedule updated.\n${await scheduleOf(ctx)}`);
  },
});

function pauseCommand(paused: boolean) {
  return defineSubcommand({
    name: paused ? 'pause' : 'resume',
    description: paused ? 'Stop posting digests on schedule' : 'Post digests on schedule again',
    permission: 'admin',
    async run(_args, ctx) {
      if (ctx.record.settings.schedulePaused === paused) {
        return okReply(`The schedule is already ${paused ? 'paused' : 'running'}; nothing changed.\n${await scheduleOf(ctx)}`);
      }
      await ctx.services.bot.settings.change(ctx.actor, { schedulePaused: paused });
      return okReply(`Schedule ${paused ? 'paused' : 'resumed'}.\n${await scheduleOf(ctx)}`);
    },
  });
}

/** `/digest schedule show | set | pause | resume` (admin). */
export const scheduleGroup = defineGroup({
  name: 'schedule',
  description: 'When this channel gets its digest (admin)',
  subcommands: [show, set, pauseCommand(true), pauseCommand(false)],
});
