import { defineSubcommand, option } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { discussionOf } from './discussion.ts';

/** `/digest settings feedback on|off|show`: whether 👍/👎 and 🔖 on pieces count (votes shift selection; docs/selection.md). */
export const feedbackSettingsCommand = defineSubcommand({
  name: 'feedback',
  description: 'Reactions on pieces shape picks and save: on, off, show',
  permission: 'admin',
  options: [option.choice('state', 'on, off or show', ['on', 'off', 'show'] as const, { required: true })],
  async run(args, ctx) {
    const discussion = discussionOf(ctx);
    if (args.state === 'show') {
      const { feedback } = await discussion.settings(ctx.record.id);
      return okReply(feedback ? 'Feedback is on: 👍/👎 on a piece shift future picks of its source and topics, 🔖 saves it.' : 'Feedback is off: reactions on pieces are not recorded.');
    }
    const { feedback } = await discussion.updateSettings(ctx.record.id, { feedback: args.state === 'on' });
    return okReply(feedback
      ? 'Feedback is on: 👍/👎 on a piece now shift future picks of its source and topics (a little, fading over weeks), and 🔖 saves it.'
      : 'Feedback is off: reactions on pieces are no longer recorded, and past votes no longer shift picks.');
  },
});

/** `/digest settings discussion <hours>|on|off|show`: when each piece's discussion digest is posted. */
export const discussionSettingsCommand = defineSubcommand({
  name: 'discussion',
  description: 'Discussion digests: hours after the digest, on, off, show',
  permission: 'admin',
  options: [option.string('when', 'e.g. 48, on, off or show', { required: true, maxLength: 8 })],
  async run(args, ctx) {
    const discussion = discussionOf(ctx);
    const value = args.when.trim().toLowerCase().replace(/h(ours?)?$/, '');
    const describe = (s: { discussion: boolean; delayHours: number | null }) => (s.discussion
      ? `Discussion digests are on: each piece's is posted under it ${s.delayHours ?? discussion.defaultDelayHours} hours after the digest${s.delayHours === null ? ' (the default)' : ''}, when readers discussed it.`
      : 'Discussion digests are off here; `/digest discussion N` still makes one on request.');
    if (value === 'show') return okReply(describe(await discussion.settings(ctx.record.id)));
    if (value === 'on' || value === 'off') return okReply(describe(await discussion.updateSettings(ctx.record.id, { discussion: value === 'on' })));
    const hours = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(hours) || hours < 1 || hours > 720) {
      throw new CommandError(`\`when\` must be a number of hours from 1 to 720, on, off or show; got "${args.when}".`, { hint: 'e.g. `/digest settings discussion 48`' });
    }
    return okReply(describe(await discussion.updateSettings(ctx.record.id, { discussion: true, delayHours: hours })));
  },
});
