import { randomUUID } from 'node:crypto';
import type { Channel } from '../domain/channel.ts';
import type { Digest } from '../domain/digest.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { DeliveryError, postingStepKey, type DeliveryFailureReason, type DigestPoster, type PostedMessage, type PostingStep, type ThreadRef } from './digest-poster.ts';
import { alertAdminsOfFailedPieces, describeFailedPieces, type FailedPiece } from './failed-pieces.ts';

export type { FailedPiece } from './failed-pieces.ts';

export type DeliveryOutcome =
  /** Posted; `failedPieces` are pieces the platform refused for good (recorded, reported), the rest went out. */
  | { status: 'delivered'; deliveryId: string; messages: number; failedPieces: FailedPiece[] }
  | { status: 'already-claimed'; deliveryId: string | null }
  /** Another live instance holds the delivery's lease and is posting it right now. */
  | { status: 'busy'; deliveryId: string }
  /** `reached`: whether the header (and so part of the digest) is already in the channel, so "nothing was posted" is never said wrongly. */
  | { status: 'failed'; deliveryId: string; error: string; permanent: boolean; reached: { header: boolean; pieces: number[] }; reason?: DeliveryFailureReason };

export interface DeliverDigestInput {
  store: Store;
  poster: DigestPoster;
  channel: Channel;
  digest: Digest;
  /** Who claims the delivery (instance id), for the ledger. */
  holder: string;
  now: () => Date;
  logger: Logger;
  /** How long the posting lease lasts without renewal; a crashed holder's delivery is resumable after it. Default 90 s. */
  leaseMs?: number;
  /**
   * Whether refused pieces are told to the channel's admins here (default); false when the caller reports them from
   * the outcome (the runtime's alerter, one message per change of state).
   */
  alertRefusedPieces?: boolean;
}

/**
 * The default posting lease. Short, because a crashed instance's delivery waits this long before a resume may take
 * it over, and Discord only honours a message nonce (our guard against re-posting the step the crash interrupted)
 * for a few minutes. A live attempt renews it every third of the lease, however long one step is blocked.
 */
export const DELIVERY_LEASE_MS = 90_000;

/** The lease key that lets one instance at a time post a delivery. */
export const deliveryLeaseKey = (deliveryId: string): string => `delivery:${deliveryId}`;

/**
 * The lease holder for one posting attempt: the instance id plus a random suffix, so two attempts in
 * the same process (a scheduled delivery and a resume sweep) also exclude each other.
 */
export const attemptHolder = (holder: string): string => `${holder}#${randomUUID().slice(0, 8)}`;

/** Thrown when this instance lost its posting lease mid-delivery; posting stops so the new holder does not race it. */
class LeaseLostError extends Error {}

/**
 * Claims (channel, edition), saves the digest, then posts header, thread and pieces, recording each
 * message in the ledger as soon as the platform accepts it. A step already in the ledger is not
 * posted again, so a resumed delivery continues where it stopped.
 */
export async function deliverDigest(input: DeliverDigestInput): Promise<DeliveryOutcome> {
  const { store, channel, digest } = input;
  const claimed = await store.claimDelivery({ channelId: channel.id, edition: digest.edition, holder: input.holder, at: input.now() });
  if (claimed === undefined) {
    const existing = await store.getDelivery(channel.id, digest.edition);
    return { status: 'already-claimed', deliveryId: existing?.id ?? null };
  }
  // Leased before the digest is saved, so a resume sweep never rebuilds a delivery that is under way.
  const attempt = attemptHolder(input.holder);
  await store.tryAcquireLease(deliveryLeaseKey(claimed.id), attempt, input.leaseMs ?? DELIVERY_LEASE_MS, input.now());
  await saveDeliveryDigest(store, claimed.id, digest);
  // A fresh claim: nothing of it can be on the platform yet.
  return postDigestSteps({ ...input, deliveryId: claimed.id, attempt, resumed: false });
}

/**
 * Saves the digest and links it to its delivery in one transaction. Apart, a crash between the two would leave a
 * saved digest its delivery does not name: the resume would not find it (and count its pieces as delivered) while
 * `/digest latest` showed a digest nobody received.
 */
export async function saveDeliveryDigest(store: Store, deliveryId: string, digest: Digest): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.saveDigest(digest);
    await tx.setDeliveryDigest(deliveryId, digest.id);
  });
}

/**
 * Posts whatever of the digest the ledger does not have yet. Also used to resume a pending delivery.
 * `attempt` is the lease holder when the caller already leased the delivery (see attemptHolder).
 * `resumed` (default true) says an earlier attempt may have posted a step it did not record.
 */
export async function postDigestSteps(input: DeliverDigestInput & { deliveryId: string; attempt?: string; resumed?: boolean }): Promise<DeliveryOutcome> {
  const { store, poster, channel, digest, deliveryId, logger } = input;
  const leaseKey = deliveryLeaseKey(deliveryId);
  const attempt = input.attempt ?? attemptHolder(input.holder);
  const leaseMs = input.leaseMs ?? DELIVERY_LEASE_MS;
  // The claim makes the edition ours; the lease makes the posting ours, so a resume on another
  // instance never posts alongside a live one, and a dead instance's delivery can be taken over.
  // A fresh claim (deliverDigest) was leased a moment ago and has nothing recorded: two queries fewer per channel,
  // which adds up when a thousand channels share a slot.
  const fresh = input.resumed === false && input.attempt !== undefined;
  if (!fresh && !(await store.tryAcquireLease(leaseKey, attempt, leaseMs, input.now()))) return { status: 'busy', deliveryId };
  const done = new Map(fresh ? [] : (await store.listDeliveredMessages(deliveryId)).map((m) => [m.slot, m.platformMessageId]));
  // Pieces an earlier attempt found the platform refuses for good: not tried again.
  const refused = new Map(fresh ? [] : (await store.listFailedSteps(deliveryId)).map((f) => [f.slot, f.reason]));
  const refusedNow: FailedPiece[] = [];
  let posted = 0;
  // Renewed once a third of it has passed: by the next recorded step, or by a heartbeat while one step is blocked
  // (waiting out a long 429), which the lease must outlive. A step recorded after the lease was lost stops the attempt.
  let leaseLost = false;
  let renewedAt = input.now().getTime();
  const renewLease = async (): Promise<void> => {
    if (leaseLost) return;
    try {
      const at = input.now();
      if (await store.tryAcquireLease(leaseKey, attempt, leaseMs, at)) renewedAt = at.getTime();
      else leaseLost = true;
    } catch (error) {
      logger.warn({ channel: channel.id, err: error instanceof Error ? error.message : String(error) }, 'could not renew the posting lease; retrying');
    }
  };
  const heartbeat = setInterval(() => void renewLease(), Math.max(1_000, Math.floor(leaseMs / 3)));
  heartbeat.unref();
  const record = async (slot: string, message: PostedMessage): Promise<void> => {
    await store.recordDeliveredMessage({ deliveryId, slot, platformMessageId: message.id, postedAt: input.now() });
    done.set(slot, message.id);
    posted += 1;
    if (input.now().getTime() - renewedAt >= leaseMs / 3) await renewLease();
    if (leaseLost) throw new LeaseLostError('the posting lease expired and another instance took the delivery over');
  };
  // Steps run in order and each is recorded before the next starts, so only the first step this
  // attempt posts can already be on the platform (accepted, then the process died before recording it).
  let mayBePosted = input.resumed ?? true;
  const step = (slot: string): PostingStep => {
    const identity = { key: postingStepKey(deliveryId, slot), resumed: mayBePosted };
    mayBePosted = false;
    return identity;
  };
  try {
    let header: PostedMessage;
    const headerId = done.get('header');
    if (headerId === undefined) {
      header = await poster.postHeader(channel.ref, digest, step('header'));
      await record('header', header);
    } else header = { id: headerId };

    // An edition with nothing worth the time is its header alone: no empty thread under it.
    if (digest.pieces.length > 0) {
      let thread: ThreadRef;
      const threadId = done.get('thread');
      if (threadId === undefined) {
        thread = await poster.openThread(channel.ref, header, digest, step('thread'));
        if (thread.fallback) logger.warn({ channel: channel.id, reason: thread.fallbackReason }, 'could not create a thread; posting pieces as channel replies');
        await record('thread', { id: thread.fallback ? `fallback:${thread.id}` : thread.id });
      } else thread = threadId.startsWith('fallback:') ? { id: threadId.slice('fallback:'.length), fallback: true } : { id: threadId, fallback: false };

      for (const piece of digest.pieces) {
        const slot = `piece:${piece.position}`;
        if (done.has(slot) || refused.has(slot)) continue;
        let messages: PostedMessage[];
        try {
          messages = await poster.postPiece(channel.ref, thread, digest, piece, step(slot));
        } catch (error) {
          // One piece the platform will never accept (a payload it refuses) must not cost the pieces after it.
          if (!(error instanceof DeliveryError) || error.reason !== 'rejected') throw error;
          await store.recordFailedStep({ deliveryId, slot, reason: error.message, failedAt: input.now() });
          refused.set(slot, error.message);
          refusedNow.push({ position: piece.position, title: piece.title, reason: error.message });
          logger.warn({ channel: channel.id, edition: digest.edition, piece: piece.position, err: error.message }, 'the platform refused a piece; posting the others');
          continue;
        }
        // The first message stands for the piece; the rest are continuation parts of a long piece.
        for (const [k, message] of messages.entries()) await record(k === 0 ? slot : `${slot}:${k + 1}`, message);
      }
    }
    const failedPieces = digest.pieces.filter((p) => refused.has(`piece:${p.position}`))
      .map((p) => ({ position: p.position, title: p.title, reason: refused.get(`piece:${p.position}`) ?? '' }));
    const summary = failedPieces.length === 0 ? null : describeFailedPieces(digest, failedPieces);
    await store.finishDelivery(deliveryId, { status: 'delivered', error: summary, at: input.now() });
    if (summary !== null || channel.lastDeliveryError !== null) await store.setChannelDeliveryError(channel.id, summary, input.now());
    if (refusedNow.length > 0 && input.alertRefusedPieces !== false) await alertAdminsOfFailedPieces({ poster, channel, digest, failed: refusedNow, logger });
    return { status: 'delivered', deliveryId, messages: posted, failedPieces };
  } catch (error) {
    if (error instanceof LeaseLostError) {
      logger.warn({ channel: channel.id, edition: digest.edition }, error.message);
      return { status: 'busy', deliveryId };
    }
    const permanent = error instanceof DeliveryError ? error.permanent : false;
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ channel: channel.id, edition: digest.edition, err: message, permanent }, 'digest delivery failed');
    await store.setChannelDeliveryError(channel.id, message, input.now());
    // A transient failure stays pending so a later attempt resumes it; a permanent one is closed.
    if (permanent) await store.finishDelivery(deliveryId, { status: 'failed', error: message, at: input.now() });
    const pieces = digest.pieces.map((p) => p.position).filter((position) => done.has(`piece:${position}`));
    return { status: 'failed', deliveryId, error: message, permanent, reached: { header: done.has('header'), pieces }, ...(error instanceof DeliveryError ? { reason: error.reason } : {}) };
  } finally {
    clearInterval(heartbeat);
    await store.releaseLease(leaseKey, attempt).catch(() => undefined);
  }
}
