import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import type { DiscussionDigests, DiscussOutcome } from './discussion-digests.ts';

export interface DueDiscussionsOptions {
  store: Store;
  discussions: DiscussionDigests;
  now: () => Date;
  logger: Logger;
  /** Hours after delivery a channel's discussion digests are due, unless it set its own (default 48). */
  defaultDelayHours: number;
  /** Digests delivered longer ago than this are not looked at any more (default 14 days). */
  maxAgeDays: number;
}

/** What one sweep did, per piece it looked at. */
export interface DueReport {
  channelId: string;
  digestId: string;
  position: number;
  outcome: DiscussOutcome['status'];
}

/**
 * Looks at every piece of every digest delivered at least its channel's delay ago (and within the age limit) that
 * was not looked at yet: posts its discussion digest if there was a discussion, and records the look either way, so
 * each piece is looked at once. A post that failed for now is not recorded: the next sweep (or the ledger's resume)
 * tries again. Several instances may sweep at once; the ledger's claim lets exactly one post.
 */
export async function postDueDiscussions(options: DueDiscussionsOptions): Promise<DueReport[]> {
  const { store, logger } = options;
  const now = options.now();
  const reports: DueReport[] = [];
  const from = new Date(now.getTime() - options.maxAgeDays * 86_400_000);
  for (const ref of await store.discussion.listDeliveredDigests({ from, to: now })) {
    const settings = await store.discussion.getDiscussionSettings(ref.channelId);
    const delayMs = (settings.delayHours ?? options.defaultDelayHours) * 3_600_000;
    if (!settings.discussion || ref.deliveredAt.getTime() + delayMs > now.getTime()) continue;
    const [channel, digest, checked] = await Promise.all([store.getChannel(ref.channelId), store.getDigest(ref.digestId), store.discussion.checkedPositions(ref.channelId, ref.digestId)]);
    if (channel === undefined || digest === undefined) continue;
    for (const piece of digest.pieces) {
      if (checked.has(piece.position)) continue;
      let outcome: DiscussOutcome;
      try {
        outcome = await options.discussions.post(channel, digest, piece.position);
      } catch (error) {
        logger.warn({ channel: channel.id, digest: digest.id, position: piece.position, err: error instanceof Error ? error.message : String(error) }, 'discussion digest failed; retried on the next sweep');
        continue;
      }
      reports.push({ channelId: channel.id, digestId: digest.id, position: piece.position, outcome: outcome.status });
      if (outcome.status === 'no-discussion' || outcome.status === 'no-thread' || outcome.status === 'nothing') {
        await store.discussion.recordDiscussionCheck({ channelId: channel.id, digestId: digest.id, position: piece.position, outcome: 'empty', at: options.now() });
      } else if (outcome.status === 'posted' || outcome.status === 'already-posted' || (outcome.status === 'failed' && outcome.permanent)) {
        await store.discussion.recordDiscussionCheck({ channelId: channel.id, digestId: digest.id, position: piece.position, outcome: 'posted', at: options.now() });
      }
    }
  }
  return reports;
}
