import { defineSubcommand } from '../define-command.ts';
import { okReply } from '../reply.ts';
import { digestOverview } from './format.ts';
import { digestSelectorOption, pickDigest } from './pick-digest.ts';

/** `/digest latest [digest]`: the digest's header and its pieces. */
export const latestCommand = defineSubcommand({
  name: 'latest',
  description: "Show this channel's latest digest: header, pieces, sources and links",
  permission: 'member',
  options: [digestSelectorOption],
  async run(args, ctx) {
    const picked = await pickDigest(ctx, args.digest);
    return okReply(digestOverview(picked.digest));
  },
});
