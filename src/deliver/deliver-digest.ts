import type { Channel } from '../domain/channel.ts';
import type { Digest } from '../domain/digest.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { DeliveryError, type DigestPoster, type PostedMessage, type ThreadRef } from './digest-poster.ts';

export type DeliveryOutcome =
  | { status: 'delivered'; deliveryId: string; messages: number }
  | { status: 'already-claimed'; deliveryId: string | null }
  | { status: 'failed'; deliveryId: string; error: string; permanent: boolean };

export interface DeliverDigestInput {
  store: Store;
  poster: DigestPoster;
  channel: Channel;
  digest: Digest;
  /** Who claims the delivery (instance id), for the ledger. */
  holder: string;
  now: () => Date;
  logger: Logger;
}

/**
 * Claims (channel, edition), saves the digest, then posts header, thread and pieces, recording each
 * message in the ledger as soon as the platform accepts it. A step already in the ledger is not
 * posted again, so a resumed delivery continues where it stopped.
 */
export async function deliverDigest(input: DeliverDigestInput): Promise<DeliveryOutcome> {
  const { store, poster, channel, digest, logger } = input;
  const claimed = await store.claimDelivery({ channelId: channel.id, edition: digest.edition, holder: input.holder, at: input.now() });
  if (claimed === undefined) {
    const existing = await store.getDelivery(channel.id, digest.edition);
    return { status: 'already-claimed', deliveryId: existing?.id ?? null };
  }
  await store.saveDigest(digest);
  await store.setDeliveryDigest(claimed.id, digest.id);
  return postDigestSteps({ ...input, deliveryId: claimed.id });
}

/** Posts whatever of the digest the ledger does not have yet. Also used to resume a pending delivery. */
export async function postDigestSteps(input: DeliverDigestInput & { deliveryId: string }): Promise<DeliveryOutcome> {
  const { store, poster, channel, digest, deliveryId, logger } = input;
  const done = new Map((await store.listDeliveredMessages(deliveryId)).map((m) => [m.slot, m.platformMessageId]));
  let posted = 0;
  const record = async (slot: string, message: PostedMessage): Promise<void> => {
    await store.recordDeliveredMessage({ deliveryId, slot, platformMessageId: message.id, postedAt: input.now() });
    done.set(slot, message.id);
    posted += 1;
  };
  try {
    let header: PostedMessage;
    const headerId = done.get('header');
    if (headerId === undefined) {
      header = await poster.postHeader(channel.ref, digest);
      await record('header', header);
    } else header = { id: headerId };

    let thread: ThreadRef;
    const threadId = done.get('thread');
    if (threadId === undefined) {
      thread = await poster.openThread(channel.ref, header, digest);
      if (thread.fallback) logger.warn({ channel: channel.id, reason: thread.fallbackReason }, 'could not create a thread; posting pieces as channel replies');
      await record('thread', { id: thread.fallback ? `fallback:${thread.id}` : thread.id });
    } else thread = threadId.startsWith('fallback:') ? { id: threadId.slice('fallback:'.length), fallback: true } : { id: threadId, fallback: false };

    for (const piece of digest.pieces) {
      const slot = `piece:${piece.position}`;
      if (done.has(slot)) continue;
      const messages = await poster.postPiece(channel.ref, thread, digest, piece);
      // The first message stands for the piece; the rest are continuation parts of a long piece.
      for (const [k, message] of messages.entries()) await record(k === 0 ? slot : `${slot}:${k + 1}`, message);
    }
    await store.finishDelivery(deliveryId, { status: 'delivered', error: null, at: input.now() });
    if (channel.lastDeliveryError !== null) await store.setChannelDeliveryError(channel.id, null, input.now());
    return { status: 'delivered', deliveryId, messages: posted };
  } catch (error) {
    const permanent = error instanceof DeliveryError ? error.permanent : false;
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ channel: channel.id, edition: digest.edition, err: message, permanent }, 'digest delivery failed');
    await store.setChannelDeliveryError(channel.id, message, input.now());
    // A transient failure stays pending so a later attempt resumes it; a permanent one is closed.
    if (permanent) await store.finishDelivery(deliveryId, { status: 'failed', error: message, at: input.now() });
    return { status: 'failed', deliveryId, error: message, permanent };
  }
}
