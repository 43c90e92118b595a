import type { DiscussOutcome } from '../../src/discussion/discussion-digests.ts';
import type { ReplyInline, ThreadReply } from '../../src/discussion/thread-reply.ts';
import { defineSubcommand, type RunContext } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { pieceHeading } from './format.ts';
import { parsePieceReference, pickDigest, pickPiece, pieceReferenceOption } from './pick-digest.ts';

/** The discussion wiring, or a CommandError saying it is not there. */
export function discussionOf(ctx: RunContext) {
  const discussion = ctx.services.discussion;
  if (discussion === undefined) throw new CommandError('Reader discussion is not available here.', { hint: 'It runs with `digest run` connected to Discord or Slack.' });
  return discussion;
}

const inline = (parts: readonly ReplyInline[]): string => parts.map((p) => (typeof p === 'string' ? p : 'strong' in p ? `**${p.strong}**` : 'quote' in p ? `“${p.quote}”` : `${p.label}: ${p.link}`)).join('');

/** A reply under a digest as a command's answer (lightly-marked plain text, escaped by each adapter). */
export function replyAsText(reply: ThreadReply): string {
  return reply.blocks.map((b) => (b.kind === 'heading' ? `**${b.text}**` : b.kind === 'note' ? `_${b.text}_` : b.kind === 'bullet' ? `• ${inline(b.parts)}` : inline(b.parts))).join('\n');
}

function describe(outcome: DiscussOutcome, n: number): string {
  switch (outcome.status) {
    case 'no-discussion':
      return `Nobody has discussed piece ${n} yet: there are no replies under it and no public comments on it, so there is nothing to digest. Reply to the piece's message (or start a thread reply with "${n}.") and try again.`;
    case 'no-thread':
      return replyAsText(outcome.composed.reply);
    case 'posted':
      return `Posted the discussion of piece ${n} under it in the digest's thread.`;
    case 'already-posted':
      return `The discussion of piece ${n} is already posted under it in the digest's thread; it is posted once.`;
    case 'busy':
      return `The discussion of piece ${n} is being posted right now.`;
    case 'nothing':
      return `There was nothing left to post for piece ${n}: its discussion came out empty.`;
    case 'failed':
      throw new CommandError(`The discussion of piece ${n} could not be posted: ${outcome.error}`, { hint: outcome.permanent ? 'Check that the bot may post in the digest thread.' : 'It is retried in a minute.' });
  }
}

/** `/digest discussion N` (or `previous/N`, `2026-11-20/N`): piece N's discussion digest, posted under it now instead of after the delay. */
export const discussionCommand = defineSubcommand({
  name: 'discussion',
  description: 'What readers said about piece N, digested',
  permission: 'member',
  slow: true,
  options: [pieceReferenceOption],
  async run(args, ctx) {
    const discussion = discussionOf(ctx);
    const reference = parsePieceReference(args.n);
    const picked = await pickDigest(ctx, reference.selector);
    const piece = pickPiece(picked, reference.n);
    const outcome = await discussion.discuss(ctx.record, picked.digest, piece.position);
    const text = describe(outcome, piece.position);
    return okReply(outcome.status === 'no-thread' ? text : `${pieceHeading(piece)}\n${text}`);
  },
});

const SAVED_SHOWN = 25;

/** `/digest saved`: the pieces this member bookmarked with 🔖, newest first. */
export const savedCommand = defineSubcommand({
  name: 'saved',
  description: 'Pieces you saved with 🔖',
  permission: 'member',
  async run(_args, ctx) {
    const memberKey = `${ctx.channel.platform}:${ctx.channel.workspaceId}:${ctx.user.id}`;
    const saved = await discussionOf(ctx).saved(memberKey, SAVED_SHOWN);
    if (saved.length === 0) return okReply('You have not saved any piece yet. React with 🔖 to a piece in a digest thread to save it.');
    return okReply(['**Your saved pieces**', ...saved.map((s) => `• ${s.title} — ${s.url}`), '', '_Remove the 🔖 reaction to unsave a piece._'].join('\n'));
  },
});
