import { describePlanItem, summarisePlan } from '../../src/opml/plan-import.ts';
import { literal } from '../../src/text/literal-text.ts';
import { defineSubcommand, option } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';

/** Entry lines one import reply lists; the rest are counted (the totals line covers them all). */
const MAX_LISTED = 20;
/** An export longer than this does not fit one chat message on every platform (Discord: 2,000 characters). */
export const MAX_CHAT_EXPORT_CHARS = 1_800;

/** `/digest sources import <url>`: adds the feeds of the OPML file at an http(s) URL to this channel (admin). */
export const importSources = defineSubcommand({
  name: 'import',
  description: 'Add the feeds of an OPML file (from your feed reader) at an http(s) URL to this channel',
  permission: 'admin',
  options: [option.string('url', 'http(s) URL of the OPML file', { required: true, maxLength: 2_000 })],
  async run(args, ctx) {
    const result = await ctx.services.bot.sources.importOpmlFrom(ctx.actor, args.url);
    const counts = summarisePlan(result.items);
    const verbs = { add: 'added', skip: 'skipped', refuse: 'refused' };
    const lines = result.items.slice(0, MAX_LISTED).map((item) => `• ${literal(describePlanItem(item, verbs))}`);
    if (result.items.length > MAX_LISTED) lines.push(`• …and ${result.items.length - MAX_LISTED} more`);
    for (const problem of result.problems.slice(0, 5)) lines.push(`• ${literal(problem)}`);
    if (counts.add === 0 && counts.refuse > 0) {
      throw new CommandError(`No feed was added from that OPML file (${counts.skip} skipped, ${counts.refuse} refused):\n${lines.join('\n')}`, { hint: 'Each refused entry says why; the URL of a feed must be http(s) and readable.' });
    }
    return okReply([`**OPML import:** ${counts.add} added, ${counts.skip} skipped, ${counts.refuse} refused.`, ...lines].join('\n'));
  },
});

/** `/digest sources export`: this channel's feeds as OPML, to take to a feed reader (admin). */
export const exportSources = defineSubcommand({
  name: 'export',
  description: "This channel's feeds as an OPML file for a feed reader",
  permission: 'admin',
  async run(_args, ctx) {
    const opml = await ctx.services.bot.sources.exportOpml(ctx.actor);
    // Three backticks in a feed's title would end the code block early; a zero-width space keeps them apart.
    const body = opml.replace(/```/g, '`\u200b``');
    if (body.length > MAX_CHAT_EXPORT_CHARS) {
      throw new CommandError(`This channel's OPML is ${body.length.toLocaleString('en')} characters, too long for one chat message.`, { hint: 'Export it with the CLI: digest sources export > feeds.opml' });
    }
    return okReply(`Save this as feeds.opml and import it in your feed reader:\n\`\`\`\n${body}\n\`\`\``);
  },
});
