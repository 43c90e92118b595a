import type { DigestPiece } from '../../src/domain/digest.ts';
import { fewerTakeawaysNote, messagesOfDigest } from '../../src/digest/piece-chrome.ts';
import type { Messages } from '../../src/i18n/index.ts';
import { literal } from '../../src/text/literal-text.ts';
import { defineSubcommand, type SubcommandDecl } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { pieceHeading } from './format.ts';
import { digestSelectorOption, pickDigest, pickPiece, pieceNumberOption } from './pick-digest.ts';

/** Renders one part of a piece in the edition's language; throws when the part is missing. */
type Section = (piece: DigestPiece, m: Messages) => string;

function offlineGap(section: string, piece: DigestPiece): CommandError {
  return new CommandError(
    `Piece ${piece.position} was summarised offline (no LLM), so it has no "${section}" section.`,
    { hint: `Try \`/digest summary ${piece.position}\` or \`/digest takeaways ${piece.position}\`.` },
  );
}

/** The takeaways as bullets, and the note when fewer than three were genuinely there. */
function takeawayLines(p: DigestPiece, m: Messages): string[] {
  const fewer = fewerTakeawaysNote(p, m);
  return [`**${m.keyTakeaways}**`, ...p.summary.keyTakeaways.map((t) => `• ${t}`), ...(fewer === null ? [] : [`_${fewer}_`])];
}

const takeaways: Section = (p, m) => [pieceHeading(p, m), ...takeawayLines(p, m)].join('\n');
const why: Section = (p, m) => {
  if (p.summary.whyItMatters === null) throw offlineGap('Why it matters', p);
  return [pieceHeading(p, m), `**${m.whyItMatters}**`, p.summary.whyItMatters].join('\n');
};
const build: Section = (p, m) => {
  if (p.summary.whatToBuild === null) throw offlineGap('What you can build with this', p);
  return [pieceHeading(p, m), `**${m.whatToBuild}**`, p.summary.whatToBuild].join('\n');
};
const summary: Section = (p, m) => [pieceHeading(p, m), p.summary.summary, p.url].join('\n');
const whole: Section = (p, m) => {
  const lines = [pieceHeading(p, m)];
  if (p.reason.trim() !== '') lines.push(`_${literal(p.reason)}_`);
  lines.push('', p.summary.summary);
  if (p.summary.whyItMatters !== null) lines.push('', `**${m.whyItMatters}**`, p.summary.whyItMatters);
  if (p.summary.whatToBuild !== null) lines.push('', `**${m.whatToBuild}**`, p.summary.whatToBuild);
  lines.push('', ...takeawayLines(p, m), '', p.url);
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
      return okReply(render(pickPiece(picked, args.n), messagesOfDigest(picked.digest)));
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
