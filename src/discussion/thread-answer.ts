import { createHash } from 'node:crypto';
import type { AskRequest } from '../budget/ask-cache.ts';
import type { AskCaller, GuardedAskResult } from '../budget/guarded-ask.ts';
import type { Channel } from '../domain/channel.ts';
import type { StoredThreadComment } from '../domain/discussion.ts';
import type { Digest, DigestPiece } from '../domain/digest.ts';
import { workspaceKeyOf } from '../domain/workspace.ts';
import { verbatimQuote } from '../summarise/ask-piece.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { boundComments, discussionComments } from './discussion-model.ts';
import type { ThreadQuestion } from './record-thread-event.ts';
import { postSideReply, type BuiltReply, type SidePostOutcome } from './side-post.ts';
import { threadReply, type ThreadReplyPoster } from './thread-reply.ts';

/** How much of a piece's discussion goes with a question: the most engaged replies, within these bounds. */
const DISCUSSION_CONTEXT = { comments: 20, charsPerComment: 800, totalChars: 8_000 } as const;
const DISCUSSION_MARK = "\n\nReaders' discussion of the piece:\n";

export interface ThreadAnswerDeps {
  store: Store;
  /** `/digest ask`'s answerer under cost control (cache, budget, rate limits); null when no LLM is configured. */
  ask: ((caller: AskCaller, request: AskRequest) => Promise<GuardedAskResult>) | null;
  posterFor: (channel: Channel) => ThreadReplyPoster | undefined;
  holder: string;
  now: () => Date;
  logger: Logger;
}

/** The question without the mentions of the bot and the piece number it starts with. */
export function questionText(text: string): string {
  return text.replace(/^(?:\s*(?:<@[^>]+>|@\S+)[\s,:]*)+/u, '').replace(/^(?:re:?\s*)?#?\d{1,2}\s*[.):–—-]\s+/iu, '').trim();
}

/** The piece's text with its discussion after it, as the question is answered from (the quote may come from either). */
function groundingText(pieceText: string, comments: { author: string; text: string }[]): string {
  if (comments.length === 0) return pieceText;
  return `${pieceText}${DISCUSSION_MARK}${comments.map((c) => `${c.author}: ${c.text}`).join('\n\n')}`;
}

/**
 * Answers a member who mentioned the bot under a piece, in that thread (replying to their message): from the
 * piece's stored text and what readers said about it, with the passage the answer rests on checked to be there, as
 * `/digest ask` answers. Posted once through the ledger (`answer:<message id>`), so a redelivered event or a
 * restart never answers twice.
 */
export function createThreadAnswerer(deps: ThreadAnswerDeps) {
  const { store } = deps;

  const compose = async (channel: Channel, digest: Digest, position: number | null, comment: StoredThreadComment): Promise<BuiltReply> => {
    const reply = (lines: Parameters<typeof threadReply>[0]): BuiltReply => ({ reply: threadReply(lines), replyTo: comment.messageId });
    const question = questionText(comment.text);
    if (position === null) {
      return reply([{ kind: 'line', parts: [`Which piece is that about? Reply to the piece's own message, or start with its number, e.g. "2. ${question.slice(0, 60) || 'your question'}".`] }]);
    }
    const entry = digest.pieces.find((p) => p.position === position)!;
    if (deps.ask === null) return reply([{ kind: 'line', parts: ['No language model is configured, so questions cannot be answered here. An operator can set LLM_BASE_URL or OPENAI_API_KEY.'] }]);
    if (question === '') return reply([{ kind: 'line', parts: [`What would you like to know about ${position}. ${entry.title}?`] }]);
    const piece = await store.getPiece(entry.pieceId);
    if (piece === undefined || piece.contentText.trim() === '') return reply([{ kind: 'line', parts: [`The stored text of piece ${position} is no longer available, so I cannot answer from it.`] }]);
    const thread = (await store.discussion.listThreadComments(channel.id, digest.id, position)).filter((c) => !c.mentionsBot && c.messageId !== comment.messageId);
    const context = boundComments(discussionComments(thread, await store.discussion.listSourceComments(piece.id)), DISCUSSION_CONTEXT);
    const text = groundingText(piece.contentText, context);
    const request: AskRequest = {
      contentHash: createHash('sha256').update(JSON.stringify([piece.contentHash, context.map((c) => [c.id, c.text])])).digest('hex'),
      title: entry.title,
      sourceName: entry.sourceName,
      text,
      question,
      language: channel.settings.language,
    };
    const caller: AskCaller = { workspace: workspaceKeyOf(channel.ref), member: `${workspaceKeyOf(channel.ref)}:${comment.authorId}`, channel: channel.id };
    const result = await deps.ask(caller, request);
    if (result.kind === 'refused') return reply([{ kind: 'line', parts: [result.message] }, { kind: 'note', text: result.hint }]);
    return reply(answerBlocks(entry, question, result.answer, piece.contentText, context));
  };

  return {
    compose,
    /** Posts the answer under the member's message, once. */
    async answer(question: ThreadQuestion): Promise<SidePostOutcome | { status: 'no-poster' }> {
      const channel = await store.getChannel(question.channelId);
      const poster = channel === undefined ? undefined : deps.posterFor(channel);
      if (channel === undefined || poster === undefined) return { status: 'no-poster' };
      return postSideReply({
        store,
        poster,
        channel,
        digest: question.digest,
        post: { kind: 'answer', messageId: question.comment.messageId },
        build: () => compose(channel, question.digest, question.position, question.comment),
        holder: deps.holder,
        now: deps.now,
        logger: deps.logger,
      });
    },
    /** What a resumed answer posts (the answer comes from the cache when it was made before the crash). */
    async rebuild(channel: Channel, digest: Digest, messageId: string): Promise<BuiltReply | null> {
      const comment = await store.discussion.getThreadComment(channel.id, messageId);
      return comment === undefined ? null : compose(channel, digest, comment.position, comment);
    },
  };
}

/** The answer as `/digest ask` gives it, saying where the quoted passage is: the piece, or whose reply. */
function answerBlocks(entry: DigestPiece, question: string, answer: { answered: boolean; answer: string; quote: string | null }, pieceText: string, context: { author: string; text: string }[]): Parameters<typeof threadReply>[0] {
  const blocks: Parameters<typeof threadReply>[0] = [
    { kind: 'line', parts: [{ strong: `${entry.position}. ${entry.title}` }] },
    { kind: 'line', parts: [{ strong: 'Q:' }, ` ${question}`] },
  ];
  if (!answer.answered) {
    blocks.push({ kind: 'line', parts: [{ strong: 'A:' }, " The piece's text does not answer that."] });
    if (answer.answer.trim() !== '') blocks.push({ kind: 'line', parts: [answer.answer] });
    return blocks;
  }
  blocks.push({ kind: 'line', parts: [{ strong: 'A:' }, ` ${answer.answer}`] });
  const quote = answer.quote?.trim();
  if (quote !== undefined && quote !== '') {
    const fromPiece = verbatimQuote(quote, pieceText) !== null;
    const commenter = fromPiece ? undefined : context.find((c) => verbatimQuote(quote, c.text) !== null)?.author;
    blocks.push({ kind: 'line', parts: [fromPiece || commenter === undefined ? 'From the piece: ' : `From ${commenter}'s comment: `, { quote }] });
  }
  return blocks;
}

export type ThreadAnswerer = ReturnType<typeof createThreadAnswerer>;
