import type { Channel, Platform } from '../../domain/channel.ts';
import type { Digest } from '../../domain/digest.ts';
import { deliverDigest, type DeliveryOutcome } from '../../deliver/deliver-digest.ts';
import type { DigestPoster } from '../../deliver/digest-poster.ts';
import { createFanoutQueue, FANOUT_CONCURRENCY, type FanoutQueue } from '../../deliver/fanout-queue.ts';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import type { PostDigestNowResult } from '../deps.ts';

/** Builds a channel's next digest (does not save or post it); null when there is nothing new. */
export type BuildDigestFor = (channel: Channel, options: { edition: string; includeDelivered?: boolean; pieces?: number }) => Promise<Digest | null>;

export interface ChannelDelivery {
  /** Builds and posts one edition for a channel through the ledger. */
  deliver(channel: Channel, edition: string): Promise<PostDigestNowResult>;
}

/**
 * One edition for one channel: the digest is built outside the platform's fan-out queue (an LLM call never holds a
 * posting slot), then posted through the delivery ledger, at most FANOUT_CONCURRENCY channels at a time per platform.
 */
export function createChannelDelivery(deps: {
  store: Store;
  logger: Logger;
  now: () => Date;
  holder: string;
  buildDigest: BuildDigestFor;
  posterFor(platform: Platform): DigestPoster | undefined;
  stopping(): boolean;
  /** Told of each built digest and each delivery outcome (the admin alerts); refused pieces are then reported there. */
  observe?: {
    built(channel: Channel, digest: Digest): void;
    delivered(channel: Channel, edition: string, outcome: DeliveryOutcome): void;
  };
}): ChannelDelivery {
  const queues = new Map<Platform, FanoutQueue>();
  const queueFor = (platform: Platform): FanoutQueue => {
    let queue = queues.get(platform);
    if (queue === undefined) {
      queue = createFanoutQueue({ concurrency: FANOUT_CONCURRENCY[platform] });
      queues.set(platform, queue);
    }
    return queue;
  };
  return {
    async deliver(channel, edition) {
      if (deps.stopping()) return { posted: false, reason: 'the bot is shutting down' };
      const poster = deps.posterFor(channel.ref.platform);
      if (poster === undefined) return { posted: false, reason: `${channel.ref.platform} is not connected` };
      const fresh = (await deps.store.getChannel(channel.id)) ?? channel;
      const digest = await deps.buildDigest(fresh, { edition });
      if (digest === null) return { posted: false, reason: 'nothing new since the last digest' };
      deps.observe?.built(fresh, digest);
      const outcome = await queueFor(fresh.ref.platform).run(fresh.id, () =>
        deliverDigest({
          store: deps.store,
          poster,
          channel: fresh,
          digest,
          holder: deps.holder,
          now: deps.now,
          logger: deps.logger,
          ...(deps.observe === undefined ? {} : { alertRefusedPieces: false }),
        }));
      deps.observe?.delivered(fresh, edition, outcome);
      if (outcome.status === 'delivered') return { posted: true, digest, failedPieces: outcome.failedPieces };
      if (outcome.status === 'failed') return { posted: false, reason: outcome.error, partly: outcome.reached.header };
      return { posted: false, reason: outcome.status === 'busy' ? 'another instance is posting this edition' : 'this edition was already delivered' };
    },
  };
}
