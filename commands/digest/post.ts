import { defineSubcommand } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';

/** `/digest post`: build and post a digest in this channel now. */
export const postCommand = defineSubcommand({
  name: 'post',
  description: 'Build and post a digest in this channel now',
  permission: 'admin',
  slow: true,
  async run(_args, ctx) {
    const result = await ctx.services.postDigestNow(ctx.record);
    if (!result.posted) throw new CommandError(`No digest was posted: ${result.reason}`);
    const count = result.digest.pieces.length;
    return okReply(`Posted **${result.digest.title}** with ${count} ${count === 1 ? 'piece' : 'pieces'}.`, 'in_channel');
  },
});
