import type { ArchiveEdition } from '../archive/edition-urls.ts';
import type { DiscussionStore } from '../store/ports/discussion.ts';
import { parseThreadReply, type ThreadReply } from './thread-reply.ts';

/** The edition with the discussion digests posted under its pieces, for its web page (none: unchanged). */
export async function withDiscussions(store: { discussion: DiscussionStore }, edition: ArchiveEdition): Promise<ArchiveEdition> {
  const stored = await store.discussion.listDiscussionReplies(edition.digest.channelId, edition.digest.id);
  const discussions = new Map<number, ThreadReply>();
  for (const [position, value] of stored) {
    const reply = parseThreadReply(value);
    if (reply !== undefined) discussions.set(position, reply);
  }
  return discussions.size === 0 ? edition : { ...edition, discussions };
}
