import type { Channel, ChannelSettings } from '../../src/domain/channel.ts';
import { defineGroup, defineSubcommand, option, type RunContext } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { dateTime } from './format.ts';
import { nextSlots as nextRuns } from '../../src/schedule/cron-slots.ts';

/** "Schedule: `0 9 * * 1-5` in Europe/London" plus the next three runs (or "paused"). */
export function describeSchedule(settings: ChannelSettings, now: Date): string {
  const lines = [`**Schedule:** \`${settings.cron}\` in ${settings.timezone}${settings.schedulePaused ? ' — **paused**' : ''}`];
  if (settings.schedulePaused) {
    lines.push('No digest is posted on schedule until `/digest schedule resume`.');
    return lines.join('\n');
  }
  const runs = nextRuns(settings.cron, settings.timezone, now, 3);
  if (runs.length === 0) lines.push('This expression does not fire in the coming years.');
  else lines.push('Next runs:', ...runs.map((r) => `• ${dateTime(r, settings.timezone)}`));
  return lines.join('\n');
}

async function save(ctx: RunContext, settings: ChannelSettings): Promise<Channel> {
  const updated = await ctx.services.store.updateChannelSettings(ctx.record.id, settings);
  if (updated === undefined) throw new Error(`channel ${ctx.record.id} vanished while saving its schedule`);
  ctx.services.scheduleChanged(updated);
  return updated;
}

const show = defineSubcommand({
  name: 'show',
  description: "Show this channel's schedule and its next three runs",
  permission: 'admin',
  async run(_args, ctx) {
    return okReply(describeSchedule(ctx.record.settings, ctx.services.now()));
  },
});

const set = defineSubcommand({
  name: 'set',
  description: 'Set when digests are posted: a 5-field cron, optionally a timezone',
  permission: 'admin',
  options: [option.cron('cron', 'Cron expression, e.g. "0 9 * * 1-5" (09:00 on weekdays)', { required: true }), option.timezone('timezone', 'IANA timezone, e.g. Europe/London (default: unchanged)')],
  async run(args, ctx) {
    const settings = { ...ctx.record.settings, cron: args.cron, timezone: args.timezone ?? ctx.record.settings.timezone };
    if (nextRuns(settings.cron, settings.timezone, ctx.services.now(), 1).length === 0) {
      throw new CommandError(`\`${args.cron}\` never fires (check the day and month); nothing was changed.`);
    }
    const updated = await save(ctx, settings);
    return okReply(`Schedule updated.\n${describeSchedule(updated.settings, ctx.services.now())}`);
  },
});

function pauseCommand(paused: boolean) {
  return defineSubcommand({
    name: paused ? 'pause' : 'resume',
    description: paused ? 'Stop posting digests on schedule' : 'Post digests on schedule again',
    permission: 'admin',
    async run(_args, ctx) {
      if (ctx.record.settings.schedulePaused === paused) {
        return okReply(`The schedule is already ${paused ? 'paused' : 'running'}; nothing changed.\n${describeSchedule(ctx.record.settings, ctx.services.now())}`);
      }
      const updated = await save(ctx, { ...ctx.record.settings, schedulePaused: paused });
      return okReply(`Schedule ${paused ? 'paused' : 'resumed'}.\n${describeSchedule(updated.settings, ctx.services.now())}`);
    },
  });
}

/** `/digest schedule show | set | pause | resume` (admin). */
export const scheduleGroup = defineGroup({
  name: 'schedule',
  description: 'When this channel gets its digest (admin)',
  subcommands: [show, set, pauseCommand(true), pauseCommand(false)],
});
