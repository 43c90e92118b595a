import type { ArchiveService } from '../../src/archive/archive-service.ts';
import { defineSubcommand, type RunContext } from '../define-command.ts';
import { okReply } from '../reply.ts';
import { pieceHeading } from './format.ts';
import { digestSelectorOption, pickDigest, pickPiece, pieceNumberOption } from './pick-digest.ts';

/** The archive service the app wires (tests wire one without a public URL, so without links). */
export function archiveServiceOf(ctx: RunContext): ArchiveService {
  return ctx.services.archive;
}

/** `/digest link N [digest]`: the original's link and, with a public archive URL, the piece's anchor on the edition's page. */
export const linkCommand = defineSubcommand({
  name: 'link',
  description: "The link to piece N, and to it on the digest's web page",
  permission: 'member',
  options: [pieceNumberOption, digestSelectorOption],
  async run(args, ctx) {
    const picked = await pickDigest(ctx, args.digest);
    const piece = pickPiece(picked, args.n);
    const onTheWeb = await archiveServiceOf(ctx).pieceUrl(picked.digest, piece.position);
    const lines = [pieceHeading(piece), piece.url];
    if (onTheWeb !== undefined) lines.push(`In the web archive: ${onTheWeb}`);
    return okReply(lines.join('\n'));
  },
});
