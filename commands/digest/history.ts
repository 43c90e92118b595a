import { defineSubcommand, option } from '../define-command.ts';
import { literal } from '../../src/text/literal-text.ts';
import { okReply } from '../reply.ts';
import { isoDate, longDate } from './format.ts';

/** `/digest history [n]`: the channel's recent digests with their dates. */
export const historyCommand = defineSubcommand({
  name: 'history',
  description: "This channel's recent digests with their dates",
  permission: 'member',
  options: [option.integer('n', 'How many digests to list (default 5)', { min: 1, max: 25 })],
  async run(args, ctx) {
    const digests = await ctx.services.store.listDigests(ctx.record.id, { limit: args.n ?? 5 });
    if (digests.length === 0) return okReply('There is no digest in this channel yet. An admin can post one with `/digest post`.');
    const tz = ctx.record.settings.timezone;
    const lines = [`**Recent digests (${digests.length})**`];
    digests.forEach((d, i) => {
      const tag = i === 0 ? 'latest' : i === 1 ? 'previous' : isoDate(d.createdAt, tz);
      lines.push(`• ${longDate(d.createdAt, tz)} — ${literal(d.title)} (${d.pieces.length} ${d.pieces.length === 1 ? 'piece' : 'pieces'}) · \`${tag}\``);
    });
    lines.push('', 'Open an older one with e.g. `/digest latest previous` or `/digest takeaways 1 2026-11-20`.');
    return okReply(lines.join('\n'));
  },
});
