import type { SavedPiece, StoredThreadComment } from '../domain/discussion.ts';
import type { Digest } from '../domain/digest.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { placeMessage } from './locate-piece.ts';
import { memberKeyOf, type EventScope, type ThreadEvent } from './thread-events.ts';

/** Longest reply kept (characters); a longer one is cut, so one message cannot fill the store. */
export const MAX_COMMENT_CHARS = 8_000;

/** A member mentioned the bot under a digest: what the thread answerer needs. */
export interface ThreadQuestion {
  scope: EventScope;
  channelId: string;
  digest: Digest;
  /** The piece asked about, or null when the message names none and the digest has several. */
  position: number | null;
  comment: StoredThreadComment;
}

export interface ThreadEventDeps {
  store: Store;
  now: () => Date;
  logger: Logger;
  /** Called for a new message that mentions the bot under a digest (not for edits). */
  onQuestion?: (question: ThreadQuestion) => Promise<void>;
  /** Called when a member saves a piece they had not saved (🔖): the DM copy. */
  onSaved?: (saved: SavedPiece, scope: EventScope) => Promise<void>;
}

/** What recording an event did, for logs and tests. */
export type RecordOutcome =
  | { kind: 'ignored'; reason: 'from a bot' | 'no text' | 'not under a digest' | 'feedback off' | 'not a piece message' | 'unknown message' }
  | { kind: 'comment'; channelId: string; digestId: string; position: number | null; question: boolean }
  | { kind: 'deleted'; channelId: string }
  | { kind: 'vote' | 'save'; channelId: string; pieceId: string; present: boolean }
  | { kind: 'comment-reaction'; channelId: string; messageId: string; present: boolean };

/**
 * Records what happens under the bot's digest messages: replies (per piece, found through the ledger), their edits
 * and deletions, reactions to replies (engagement), and 👍/👎/🔖 on piece messages (votes and bookmarks, unless the
 * channel turned feedback off). Anything not under a digest of the bot's is dropped without being stored.
 */
export function createThreadEventRecorder(deps: ThreadEventDeps): (event: ThreadEvent) => Promise<RecordOutcome> {
  const { store } = deps;
  return async (event) => {
    switch (event.kind) {
      case 'message': {
        if (event.fromBot) return { kind: 'ignored', reason: 'from a bot' };
        const text = event.text.trim();
        if (text === '') return { kind: 'ignored', reason: 'no text' };
        const placed = await placeMessage(store, event.scope, event.refersTo, text);
        if (placed === undefined) return { kind: 'ignored', reason: 'not under a digest' };
        const comment: StoredThreadComment = {
          channelId: placed.channelId,
          messageId: event.messageId,
          digestId: placed.digest.id,
          position: placed.position,
          replyTo: event.refersTo[0] ?? null,
          authorId: event.authorId,
          authorName: event.authorName.slice(0, 100),
          text: text.slice(0, MAX_COMMENT_CHARS),
          permalink: event.permalink,
          postedAt: event.at,
          editedAt: event.edited ? event.at : null,
          mentionsBot: event.mentionsBot,
          reactions: 0,
        };
        const existing = event.edited ? await store.discussion.getThreadComment(placed.channelId, event.messageId) : undefined;
        await store.discussion.saveThreadComment(existing === undefined ? comment : { ...comment, postedAt: existing.postedAt, position: existing.position });
        const question = event.mentionsBot && !event.edited && deps.onQuestion !== undefined;
        if (question) {
          await deps.onQuestion!({ scope: event.scope, channelId: placed.channelId, digest: placed.digest, position: placed.position, comment })
            .catch((error: unknown) => deps.logger.warn({ channel: placed.channelId, err: error instanceof Error ? error.message : String(error) }, 'could not answer a question in the thread'));
        }
        return { kind: 'comment', channelId: placed.channelId, digestId: placed.digest.id, position: placed.position, question };
      }
      case 'deleted': {
        const comment = await store.discussion.findThreadComment(event.scope, event.messageId);
        if (comment === undefined) return { kind: 'ignored', reason: 'unknown message' };
        await store.discussion.deleteThreadComment(comment.channelId, comment.messageId);
        return { kind: 'deleted', channelId: comment.channelId };
      }
      case 'reaction':
        return recordReaction(deps, event);
    }
  };
}

async function recordReaction(deps: ThreadEventDeps, event: Extract<ThreadEvent, { kind: 'reaction' }>): Promise<RecordOutcome> {
  const { store } = deps;
  const [location] = await store.discussion.locateMessages(event.scope, [event.messageId]);
  if (location !== undefined) {
    const position = /^piece:(\d+)(?::\d+)?$/.exec(location.slot)?.[1];
    if (position === undefined || location.digestId === null || (event.meaning !== 'up' && event.meaning !== 'down' && event.meaning !== 'save')) {
      return { kind: 'ignored', reason: 'not a piece message' };
    }
    if (!(await store.discussion.getDiscussionSettings(location.channelId)).feedback) return { kind: 'ignored', reason: 'feedback off' };
    const digest = await store.getDigest(location.digestId);
    const entry = digest?.pieces.find((p) => p.position === Number(position));
    if (digest === undefined || entry === undefined) return { kind: 'ignored', reason: 'not a piece message' };
    if (event.meaning === 'save') {
      const saved = { memberKey: memberKeyOf(event.scope, event.memberId), channelId: location.channelId, pieceId: entry.pieceId, digestId: digest.id, position: entry.position, title: entry.title, url: entry.url };
      const changed = await store.feedback.setSaved({ ...saved, present: event.present, at: event.at });
      if (changed && event.present && deps.onSaved !== undefined) {
        await deps.onSaved({ ...saved, savedAt: event.at }, event.scope)
          .catch((error: unknown) => deps.logger.warn({ channel: location.channelId, err: error instanceof Error ? error.message : String(error) }, 'could not send the saved piece as a direct message'));
      }
      return { kind: 'save', channelId: location.channelId, pieceId: entry.pieceId, present: event.present };
    }
    const sourceId = (await store.getPiece(entry.pieceId))?.sourceId ?? 'unknown';
    await store.feedback.setVote({ channelId: location.channelId, pieceId: entry.pieceId, sourceId, memberId: event.memberId, kind: event.meaning, present: event.present, at: event.at });
    return { kind: 'vote', channelId: location.channelId, pieceId: entry.pieceId, present: event.present };
  }
  const comment = await store.discussion.findThreadComment(event.scope, event.messageId);
  if (comment === undefined) return { kind: 'ignored', reason: 'unknown message' };
  await store.discussion.setCommentReaction({ channelId: comment.channelId, messageId: comment.messageId, memberId: event.memberId, emoji: event.emoji, present: event.present, at: event.at });
  return { kind: 'comment-reaction', channelId: comment.channelId, messageId: comment.messageId, present: event.present };
}
