import { defineSubcommand } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { literal } from '../../src/text/literal-text.ts';
import { okReply } from '../reply.ts';

/** `/digest post`: build and post a digest in this channel now. */
export const postCommand = defineSubcommand({
  name: 'post',
  description: 'Build and post a digest in this channel now',
  permission: 'admin',
  slow: true,
  async run(_args, ctx) {
    const result = await ctx.services.bot.postNow(ctx.actor);
    if (!result.posted) {
      throw new CommandError(result.partly === true ? `The digest was only partly posted: ${result.reason}` : `No digest was posted: ${result.reason}`, { code: result.partly === true ? 'delivery-failed' : 'nothing-to-post' });
    }
    const count = result.digest.pieces.length;
    const failed = result.failedPieces ?? [];
    if (failed.length === 0) return okReply(`Posted **${literal(result.digest.title)}** with ${count} ${count === 1 ? 'piece' : 'pieces'}.`, 'in_channel');
    const lines = [`Posted **${literal(result.digest.title)}** with ${count - failed.length} of ${count} pieces.`];
    for (const piece of failed) lines.push(`• Piece ${piece.position} (${literal(piece.title)}) could not be posted: ${piece.reason}`);
    return okReply(lines.join('\n'), 'in_channel');
  },
});
