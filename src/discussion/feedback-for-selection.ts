import type { DiscussionConfig } from '../config/discussion-schema.ts';
import type { Channel } from '../domain/channel.ts';
import type { Piece } from '../domain/piece.ts';
import { createAffinity, netVotes } from '../select/feedback-affinity.ts';
import type { SelectionInput } from '../select/select-pieces.ts';
import type { Store } from '../store/store.ts';

/**
 * The channel's 👍/👎 as a selection term: its votes of the last `windowDays`, netted per member and piece, faded and
 * capped as docs/selection.md says. Undefined when the channel turned feedback off or has no votes.
 */
export function createFeedbackAffinity(options: { store: Store; config: DiscussionConfig['feedback']; now: () => Date }) {
  const { store, config } = options;
  return async (channel: Channel): Promise<SelectionInput['affinity']> => {
    if (!(await store.discussion.getDiscussionSettings(channel.id)).feedback) return undefined;
    const now = options.now();
    const votes = netVotes(await store.feedback.listVotes(channel.id, new Date(now.getTime() - config.windowDays * 86_400_000)));
    if (votes.length === 0) return undefined;
    const voted = new Map<string, Piece>();
    for (const id of new Set(votes.map((v) => v.pieceId))) {
      const piece = await store.getPiece(id);
      if (piece !== undefined) voted.set(id, piece);
    }
    return { of: createAffinity(votes, voted, { now, halfLifeDays: config.halfLifeDays, priorVotes: config.priorVotes }), maxShift: config.maxShift };
  };
}
