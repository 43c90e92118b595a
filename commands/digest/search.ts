import { defineSubcommand, option } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { literal } from '../../src/text/literal-text.ts';
import { okReply } from '../reply.ts';
import { isoDate, longDate } from './format.ts';

const TOP = 5;

/** `/digest search <words>`: full-text search over this channel's past digests. */
export const searchCommand = defineSubcommand({
  name: 'search',
  description: "Search this channel's past digests",
  permission: 'member',
  options: [option.words('words', 'What to look for', { required: true, maxLength: 200 })],
  async run(args, ctx) {
    let hits;
    try {
      hits = await ctx.services.store.searchDigests(ctx.record.id, args.words, TOP);
    } catch (error) {
      throw new CommandError(`I could not search for "${args.words}".`, { hint: 'Try plain words without special characters.', cause: error });
    }
    if (hits.length === 0) return okReply(`Nothing in this channel's digests matches "${args.words}".`);
    const tz = ctx.record.settings.timezone;
    const lines = [`**Top ${hits.length} for "${args.words}"**`];
    for (const hit of hits.slice(0, TOP)) {
      lines.push(`• ${longDate(hit.digestCreatedAt, tz)}, piece ${hit.position}: **${literal(hit.title)}** — ${literal(hit.sourceName)}`, `  ${hit.url}`);
    }
    const first = hits[0];
    if (first !== undefined) lines.push('', `Open one with e.g. \`/digest piece ${first.position} ${isoDate(first.digestCreatedAt, tz)}\`.`);
    return okReply(lines.join('\n'));
  },
});
