import { channelIdOf } from '../../src/domain/channel.ts';
import { workspaceKeyOf } from '../../src/domain/workspace.ts';
import { defineSubcommand, option, type RunContext } from '../define-command.ts';
import type { AskPieceInput, AskPieceOutput } from '../services.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { messagesOfDigest } from '../../src/digest/piece-chrome.ts';
import { pieceHeading } from './format.ts';
import { parsePieceReference, pickDigest, pickPiece, pieceReferenceOption } from './pick-digest.ts';

/** The answer through the cost guard when the app provides one (cache, limits, budget), else straight from the LLM. */
async function answer(ctx: RunContext, contentHash: string, question: AskPieceInput, ask: (input: AskPieceInput) => Promise<AskPieceOutput>): Promise<AskPieceOutput> {
  const guarded = ctx.services.guardedAsk;
  if (guarded === undefined) return ask(question);
  const workspace = workspaceKeyOf(ctx.channel);
  const result = await guarded({ workspace, member: `${workspace}:${ctx.user.id}`, channel: channelIdOf(ctx.channel) }, { contentHash, ...question });
  if (result.kind === 'refused') throw new CommandError(result.message, { hint: result.hint });
  return result.answer;
}

/** `/digest ask N <question>`: answered from the piece's stored text only; N may name an older digest (`previous/2`, `2026-11-20/2`). */
export const askCommand = defineSubcommand({
  name: 'ask',
  description: "Ask a question about piece N, answered from the piece's own text",
  permission: 'member',
  slow: true,
  options: [pieceReferenceOption, option.words('question', 'Your question about the piece', { required: true, maxLength: 500 })],
  async run(args, ctx) {
    const ask = ctx.services.askPiece;
    if (ask === null) {
      throw new CommandError('No LLM is configured, so questions cannot be answered.', { hint: 'An operator can set LLM_BASE_URL or OPENAI_API_KEY.' });
    }
    const reference = parsePieceReference(args.n);
    const picked = await pickDigest(ctx, reference.selector);
    const entry = pickPiece(picked, reference.n);
    const piece = await ctx.services.store.getPiece(entry.pieceId);
    if (piece === undefined || piece.contentText.trim() === '') {
      throw new CommandError(`The stored text of piece ${entry.position} is no longer available, so I cannot answer from it.`);
    }
    const question = { title: entry.title, sourceName: entry.sourceName, text: piece.contentText, question: args.question, language: ctx.record.settings.language };
    const result = await answer(ctx, piece.contentHash, question, ask);
    const lines = [pieceHeading(entry, messagesOfDigest(picked.digest)), `**Q:** ${args.question}`];
    if (result.answered) {
      lines.push(`**A:** ${result.answer}`);
      if (result.quote !== null && result.quote.trim() !== '') lines.push('', `_From the piece:_ “${result.quote.trim()}”`);
    } else {
      lines.push("**A:** The piece's text does not answer that.");
      if (result.answer.trim() !== '') lines.push(result.answer);
    }
    return okReply(lines.join('\n'));
  },
});
