import type { Channel, Platform } from '../domain/channel.ts';
import type { Digest } from '../domain/digest.ts';
import { isDigestEdition } from '../domain/side-posts.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { attemptHolder, DELIVERY_LEASE_MS, deliveryLeaseKey, postDigestSteps, saveDeliveryDigest, type DeliveryOutcome } from './deliver-digest.ts';
import type { DigestPoster } from './digest-poster.ts';

/** What happened to one pending delivery found at start-up (or on a later sweep). */
export interface ResumeReport {
  deliveryId: string;
  channelId: string;
  edition: string;
  outcome: DeliveryOutcome['status'] | 'abandoned' | 'no-poster';
  /** The posting attempt's whole outcome, when one was made (for admin alerts). */
  result?: DeliveryOutcome;
}

export interface ResumePendingOptions {
  store: Store;
  /** The poster for a platform, or undefined when that platform is not connected here. */
  posterFor: (platform: Platform) => DigestPoster | undefined;
  holder: string;
  now: () => Date;
  logger: Logger;
  /** A pending delivery claimed longer ago than this is closed as failed instead of resumed (default 24 h). */
  maxAgeMs?: number;
  /** Only when the claim happened but the digest was never saved (a crash in between): build it again. */
  rebuild?: (channel: Channel, edition: string) => Promise<Digest | null>;
  leaseMs?: number;
  /** Passed on to each resumed delivery (see DeliverDigestInput). */
  alertRefusedPieces?: boolean;
}

/**
 * Continues every pending delivery from the ledger: the saved digest is posted again from the first
 * slot not yet recorded, so a restart adds what is missing and nothing twice. Deliveries another live
 * instance is posting (it holds the lease) are left alone and reported as 'busy'.
 */
export async function resumePendingDeliveries(options: ResumePendingOptions): Promise<ResumeReport[]> {
  const { store, logger } = options;
  const maxAgeMs = options.maxAgeMs ?? 24 * 3_600_000;
  const reports: ResumeReport[] = [];
  // Replies under a digest (discussion digests, answers) share the ledger; src/discussion/side-post.ts resumes them.
  for (const delivery of (await store.listPendingDeliveries()).filter((d) => isDigestEdition(d.edition))) {
    const report = (outcome: ResumeReport['outcome'], result?: DeliveryOutcome) => reports.push({ deliveryId: delivery.id, channelId: delivery.channelId, edition: delivery.edition, outcome, ...(result === undefined ? {} : { result }) });
    const abandon = async (why: string) => {
      logger.warn({ channel: delivery.channelId, edition: delivery.edition, why }, 'pending delivery abandoned');
      await store.finishDelivery(delivery.id, { status: 'failed', error: why, at: options.now() });
      report('abandoned');
    };
    const channel = await store.getChannel(delivery.channelId);
    if (channel === undefined) {
      await abandon('the channel is no longer known');
      continue;
    }
    const poster = options.posterFor(channel.ref.platform);
    if (poster === undefined) {
      report('no-poster');
      continue;
    }
    // Everything below happens under the delivery's lease, so a live attempt (here or on another instance) is never raced.
    const attempt = attemptHolder(options.holder);
    if (!(await store.tryAcquireLease(deliveryLeaseKey(delivery.id), attempt, options.leaseMs ?? DELIVERY_LEASE_MS, options.now()))) {
      report('busy');
      continue;
    }
    if (options.now().getTime() - delivery.claimedAt.getTime() > maxAgeMs) {
      await abandon('pending for too long; a digest this old would arrive out of date');
      await store.releaseLease(deliveryLeaseKey(delivery.id), attempt);
      continue;
    }
    let digest = delivery.digestId === null ? undefined : await store.getDigest(delivery.digestId);
    if (digest === undefined && delivery.digestId === null) {
      // Saved but never linked (a crash between the two, before they became one transaction): that digest is the
      // one to post; nothing of it was posted yet, since posting starts only after the link.
      digest = await store.findDigestByEdition(delivery.channelId, delivery.edition);
      if (digest !== undefined) await store.setDeliveryDigest(delivery.id, digest.id);
    }
    if (digest === undefined) {
      // Nothing was posted yet (posting starts only after the digest is saved), so building it again is safe.
      const rebuilt = options.rebuild
        ? await options.rebuild(channel, delivery.edition).catch((error: unknown) => {
          logger.error({ channel: channel.id, edition: delivery.edition, err: String(error) }, 'could not rebuild the digest of a pending delivery');
          return null;
        })
        : null;
      if (rebuilt === null) {
        await abandon('interrupted before the digest was saved; nothing had been posted');
        await store.releaseLease(deliveryLeaseKey(delivery.id), attempt);
        continue;
      }
      digest = { ...rebuilt, edition: delivery.edition };
      await saveDeliveryDigest(store, delivery.id, digest);
    }
    logger.info({ channel: channel.id, edition: delivery.edition }, 'resuming a pending delivery');
    const outcome = await postDigestSteps({
      store,
      poster,
      channel,
      digest,
      deliveryId: delivery.id,
      holder: options.holder,
      attempt,
      resumed: true,
      now: options.now,
      logger,
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      ...(options.alertRefusedPieces === undefined ? {} : { alertRefusedPieces: options.alertRefusedPieces }),
    });
    report(outcome.status, outcome);
  }
  return reports;
}
