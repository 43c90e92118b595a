import type { DigestPiece } from '../../src/domain/digest.ts';
import { defineSubcommand, type SubcommandDecl } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { pieceHeading } from './format.ts';
import { digestSelectorOption, pickDigest, pickPiece, pieceNumberOption } from './pick-digest.ts';

/** Renders one part of a piece; throws when the part is missing. */
type Section = (piece: DigestPiece) => string;

function offlineGap(section: string, piece: DigestPiece): CommandError {
  return new CommandError(
    `Piece ${piece.position} was summarised offline (no LLM), so it has no "${section}" section.`,
    { hint: `Try \`/digest summary ${piece.position}\` or \`/digest takeaways ${piece.position}\`.` },
  );
}

const takeaways: Section = (p) => [pieceHeading(p), '**Key takeaways**', ...p.summary.keyTakeaways.map((t) => `• ${t}`)].join('\n');
const why: Section = (p) => {
  if (p.summary.whyItMatters === null) throw offlineGap('Why it matters', p);
  return [pieceHeading(p), '**Why it matters**', p.summary.whyItMatters].join('\n');
};
const build: Section = (p) => {
  if (p.summary.whatToBuild === null) throw offlineGap('What you can build with this', p);
  return [pieceHeading(p), '**What you can build with this**', p.summary.whatToBuild].join('\n');
};
const summary: Section = (p) => [pieceHeading(p), p.summary.summary, p.url].join('\n');
const whole: Section = (p) => {
  const lines = [pieceHeading(p), '', p.summary.summary];
  if (p.summary.whyItMatters !== null) lines.push('', '**Why it matters**', p.summary.whyItMatters);
  if (p.summary.whatToBuild !== null) lines.push('', '**What you can build with this**', p.summary.whatToBuild);
  lines.push('', '**Key takeaways**', ...p.summary.keyTakeaways.map((t) => `• ${t}`), '', p.url);
  if (p.summarisedBy !== 'llm') lines.push('', '_Summarised offline (no LLM)._');
  return lines.join('\n');
};

function sectionCommand(name: string, description: string, render: Section): SubcommandDecl {
  return defineSubcommand({
    name,
    description,
    permission: 'member',
    options: [pieceNumberOption, digestSelectorOption],
    async run(args, ctx) {
      const picked = await pickDigest(ctx, args.digest);
      return okReply(render(pickPiece(picked, args.n)));
    },
  });
}

/** `/digest takeaways|why|build|summary|piece N [digest]` (`link` is in link.ts: it also gives the web page). */
export const pieceSectionCommands: SubcommandDecl[] = [
  sectionCommand('takeaways', 'The three key takeaways of piece N', takeaways),
  sectionCommand('why', 'Why piece N matters', why),
  sectionCommand('build', 'What you can build with piece N', build),
  sectionCommand('summary', 'The summary of piece N', summary),
  sectionCommand('piece', 'Everything about piece N: summary, why, build, takeaways, link', whole),
];
