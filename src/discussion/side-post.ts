import type { Channel } from '../domain/channel.ts';
import type { Delivery } from '../domain/delivery.ts';
import type { Digest } from '../domain/digest.ts';
import { parseSidePostEdition, sidePostEdition, type SidePost } from '../domain/side-posts.ts';
import { attemptHolder, DELIVERY_LEASE_MS, deliveryLeaseKey } from '../deliver/deliver-digest.ts';
import { DeliveryError, postingStepKey } from '../deliver/digest-poster.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import type { ReplyTarget, ThreadReply, ThreadReplyPoster } from './thread-reply.ts';

/** The ledger slot of a side post's first message; continuation parts are `reply:2`, `reply:3`… */
export const REPLY_SLOT = 'reply';

export type SidePostOutcome =
  | { status: 'posted'; deliveryId: string; messageIds: string[] }
  /** Posted before (by this or another instance): nothing was posted now. */
  | { status: 'already-posted'; deliveryId: string; messageIds: string[] }
  /** Another live instance holds the lease and is posting it right now. */
  | { status: 'busy'; deliveryId: string }
  /** There was nothing to post (the reply came out empty); the ledger entry is closed as skipped. */
  | { status: 'nothing'; deliveryId: string | null }
  | { status: 'failed'; deliveryId: string; error: string; permanent: boolean };

/** A reply and the message it is under (a piece message, a member's question), or null for none. */
export interface BuiltReply {
  reply: ThreadReply;
  replyTo: string | null;
}

export interface SidePostInput {
  store: Store;
  poster: ThreadReplyPoster;
  channel: Channel;
  digest: Digest;
  post: SidePost;
  /** Builds the reply and the message it answers (again, on a resume); null: nothing to post. Cached work makes a rebuild cheap. */
  build: () => Promise<BuiltReply | null>;
  holder: string;
  now: () => Date;
  logger: Logger;
  leaseMs?: number;
}

/** Where the digest's pieces went: its thread, or the channel when no thread could be made (ledger slot `thread`). */
export async function digestThread(store: Store, digest: Digest): Promise<{ target: Omit<ReplyTarget, 'replyTo'>; pieceMessages: Map<number, string> } | undefined> {
  const delivery = await store.getDelivery(digest.channelId, digest.edition);
  if (delivery === undefined) return undefined;
  const messages = await store.listDeliveredMessages(delivery.id);
  const thread = messages.find((m) => m.slot === 'thread')?.platformMessageId;
  if (thread === undefined) return undefined;
  const pieceMessages = new Map<number, string>();
  for (const m of messages) {
    const position = /^piece:(\d+)$/.exec(m.slot)?.[1];
    if (position !== undefined) pieceMessages.set(Number(position), m.platformMessageId);
  }
  const fallback = thread.startsWith('fallback:');
  return { target: { threadId: fallback ? thread.slice('fallback:'.length) : thread, fallback }, pieceMessages };
}

/**
 * Posts one reply under a digest exactly once, through the delivery ledger as digests are: the (channel, side-post
 * edition) claim makes it this instance's; the delivery's lease makes the posting this attempt's; every message is
 * recorded as soon as the platform accepts it; a pending one (a crash, a transient failure) is resumed by
 * resumeSidePosts, the adapter finding a message it had posted but the bot had not recorded.
 */
export async function postSideReply(input: SidePostInput): Promise<SidePostOutcome> {
  const { store, channel } = input;
  const edition = sidePostEdition(input.post);
  const claimed = await store.claimDelivery({ channelId: channel.id, edition, holder: input.holder, at: input.now() });
  if (claimed === undefined) {
    const existing = await store.getDelivery(channel.id, edition);
    if (existing === undefined) return { status: 'busy', deliveryId: 'unknown' };
    if (existing.status === 'delivered') return { status: 'already-posted', deliveryId: existing.id, messageIds: await recorded(store, existing.id) };
    if (existing.status === 'skipped') return { status: 'nothing', deliveryId: existing.id };
    if (existing.status === 'failed') return { status: 'failed', deliveryId: existing.id, error: existing.error ?? 'failed', permanent: true };
    return continueSideReply(input, existing, true);
  }
  await store.setDeliveryDigest(claimed.id, input.digest.id);
  return continueSideReply(input, claimed, false);
}

async function recorded(store: Store, deliveryId: string): Promise<string[]> {
  return (await store.listDeliveredMessages(deliveryId)).filter((m) => m.slot === REPLY_SLOT || m.slot.startsWith(`${REPLY_SLOT}:`)).map((m) => m.platformMessageId);
}

/** Posts whatever of a claimed side post the ledger does not have, under its lease. */
async function continueSideReply(input: SidePostInput, delivery: Delivery, resumed: boolean): Promise<SidePostOutcome> {
  const { store, channel, logger } = input;
  const leaseKey = deliveryLeaseKey(delivery.id);
  const attempt = attemptHolder(input.holder);
  if (!(await store.tryAcquireLease(leaseKey, attempt, input.leaseMs ?? DELIVERY_LEASE_MS, input.now()))) return { status: 'busy', deliveryId: delivery.id };
  try {
    const done = await recorded(store, delivery.id);
    if (done.length > 0) {
      // Every part is recorded together once the platform accepted them all, so a recorded first part means done.
      await store.finishDelivery(delivery.id, { status: 'delivered', error: null, at: input.now() });
      return { status: 'already-posted', deliveryId: delivery.id, messageIds: done };
    }
    const thread = await digestThread(store, input.digest);
    const built = thread === undefined ? null : await input.build();
    if (built === null || thread === undefined) {
      await store.finishDelivery(delivery.id, { status: 'skipped', error: thread === undefined ? 'the digest has no thread in the ledger' : 'nothing to post', at: input.now() });
      return { status: 'nothing', deliveryId: delivery.id };
    }
    const step = { key: postingStepKey(delivery.id, REPLY_SLOT), resumed };
    const messages = await input.poster.postReply(channel.ref, { ...thread.target, replyTo: built.replyTo }, built.reply, step);
    for (const [k, message] of messages.entries()) {
      await store.recordDeliveredMessage({ deliveryId: delivery.id, slot: k === 0 ? REPLY_SLOT : `${REPLY_SLOT}:${k + 1}`, platformMessageId: message.id, postedAt: input.now() });
    }
    await store.finishDelivery(delivery.id, { status: 'delivered', error: null, at: input.now() });
    return { status: 'posted', deliveryId: delivery.id, messageIds: messages.map((m) => m.id) };
  } catch (error) {
    const permanent = error instanceof DeliveryError ? error.permanent : false;
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ channel: channel.id, edition: delivery.edition, err: message, permanent }, 'a reply under the digest could not be posted');
    if (permanent) await store.finishDelivery(delivery.id, { status: 'failed', error: message, at: input.now() });
    return { status: 'failed', deliveryId: delivery.id, error: message, permanent };
  } finally {
    await store.releaseLease(leaseKey, attempt).catch(() => undefined);
  }
}

export interface ResumeSidePostsOptions {
  store: Store;
  posterFor: (channel: Channel) => ThreadReplyPoster | undefined;
  /** Rebuilds what a pending side post should say, with what it replies to; null: nothing to post any more. */
  rebuild: (channel: Channel, digest: Digest, post: SidePost) => Promise<BuiltReply | null>;
  holder: string;
  now: () => Date;
  logger: Logger;
  /** A side post pending longer than this is closed as failed instead (default 24 h). */
  maxAgeMs?: number;
  leaseMs?: number;
}

/** Continues every pending side post in the ledger (after a crash or a transient failure), each exactly once. */
export async function resumeSidePosts(options: ResumeSidePostsOptions): Promise<{ edition: string; outcome: SidePostOutcome['status'] | 'abandoned' | 'no-poster' }[]> {
  const { store, logger } = options;
  const maxAgeMs = options.maxAgeMs ?? 24 * 3_600_000;
  const reports: { edition: string; outcome: SidePostOutcome['status'] | 'abandoned' | 'no-poster' }[] = [];
  for (const delivery of await store.listPendingDeliveries()) {
    const post = parseSidePostEdition(delivery.edition);
    if (post === null) continue;
    const channel = await store.getChannel(delivery.channelId);
    const digest = delivery.digestId === null ? undefined : await store.getDigest(delivery.digestId);
    if (channel === undefined || digest === undefined || options.now().getTime() - delivery.claimedAt.getTime() > maxAgeMs) {
      logger.warn({ channel: delivery.channelId, edition: delivery.edition }, 'pending reply under a digest abandoned');
      await store.finishDelivery(delivery.id, { status: 'failed', error: 'abandoned: too old, or its channel or digest is gone', at: options.now() });
      reports.push({ edition: delivery.edition, outcome: 'abandoned' });
      continue;
    }
    const poster = options.posterFor(channel);
    if (poster === undefined) {
      reports.push({ edition: delivery.edition, outcome: 'no-poster' });
      continue;
    }
    const outcome = await continueSideReply({
      store,
      poster,
      channel,
      digest,
      post,
      holder: options.holder,
      now: options.now,
      logger,
      build: () => options.rebuild(channel, digest, post),
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    }, delivery, true);
    reports.push({ edition: delivery.edition, outcome: outcome.status });
  }
  return reports;
}
