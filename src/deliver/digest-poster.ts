import { createHash } from 'node:crypto';
import type { AlertPost } from '../domain/alert-post.ts';
import type { ChannelRef, Platform } from '../domain/channel.ts';
import type { Digest, DigestPiece } from '../domain/digest.ts';
import { DigestError } from '../errors.ts';

/** A message the platform accepted. */
export interface PostedMessage {
  /** Discord message id or Slack ts. */
  id: string;
}

/** Where piece replies go: a thread, or (when a thread could not be made) the channel itself. */
export interface ThreadRef {
  /** Discord thread channel id, or the Slack parent ts. */
  id: string;
  /** True when replies go to the channel because a thread could not be created. */
  fallback: boolean;
  /** Why the thread could not be created, for the log. */
  fallbackReason?: string;
}

/** What makes one posting step idempotent: adapters use it so a repeated step does not post twice. */
export interface PostingStep {
  /** The same on every attempt of this (delivery, slot); 20 characters of [A-Za-z0-9_-]. */
  key: string;
  /** True when an earlier attempt may already have posted this step (the first step a resumed delivery posts). */
  resumed: boolean;
}

/** The idempotency key of one ledger slot of a delivery: a short hash of `${deliveryId}:${slot}`. */
export function postingStepKey(deliveryId: string, slot: string): string {
  return createHash('sha256').update(`${deliveryId}:${slot}`).digest('base64url').slice(0, 20);
}

/** The key of message `part` (1-based) of a step that becomes several messages; at most 25 characters. */
export function partKey(step: PostingStep, part: number): string {
  return part === 1 ? step.key : `${step.key}.${part}`;
}

/**
 * The port a platform adapter implements to deliver a digest. It is step-wise on purpose:
 * the core records each step in the delivery ledger as soon as it succeeds, so a crash
 * resumes where it stopped instead of posting a second header. Each step carries a PostingStep so
 * the adapter can make it idempotent on the platform, for the message that was accepted but not recorded.
 */
export interface DigestPoster {
  readonly platform: Platform;
  /** Posts the header message (header line, title, read time, list of pieces) in the channel. */
  postHeader(channel: ChannelRef, digest: Digest, step: PostingStep): Promise<PostedMessage>;
  /** Opens the thread under the header (an existing thread is returned, not an error); on Slack the thread is the header's ts. */
  openThread(channel: ChannelRef, header: PostedMessage, digest: Digest, step: PostingStep): Promise<ThreadRef>;
  /** Posts one piece into the thread; a piece too long for one message may become several (see partKey). */
  postPiece(channel: ChannelRef, thread: ThreadRef, digest: Digest, piece: DigestPiece, step: PostingStep): Promise<PostedMessage[]>;
  /** Posts an admin alert (e.g. a failing source) in the given channel; only the alert's own mention may notify. */
  postAlert(channel: ChannelRef, alert: string | AlertPost): Promise<PostedMessage>;
}

/**
 * Why a platform refused a delivery step, as the adapters' error mappers classify it:
 * - `permission`: the bot may not do this in the channel (missing permission, not a member);
 * - `not-found`: the channel, or the workspace the bot was in, is gone;
 * - `auth`: the platform rejected the bot's token;
 * - `rejected`: the platform refused the request itself (a payload it will never accept);
 * - `rate-limited`: the platform asked the bot to slow down beyond what the client waits for;
 * - `transient`: an outage or network failure that may clear up.
 * The first four are permanent (retrying the same request cannot help); the last two are retried.
 */
export type DeliveryFailureReason = 'permission' | 'not-found' | 'auth' | 'rejected' | 'rate-limited' | 'transient';

const PERMANENT_REASONS: ReadonlySet<DeliveryFailureReason> = new Set(['permission', 'not-found', 'auth', 'rejected']);

/** A platform refused a delivery step; `reason` says why, `permanent` whether retrying can help (a deleted channel cannot). */
export class DeliveryError extends DigestError {
  readonly reason: DeliveryFailureReason;
  readonly permanent: boolean;
  readonly channel: ChannelRef;
  /** `permanent` alone (without a reason) means `rejected` or `transient`. */
  constructor(message: string, options: { channel: ChannelRef; reason?: DeliveryFailureReason; permanent?: boolean; cause?: unknown }) {
    super(message, { code: 'delivery-failed', ...(options.cause === undefined ? {} : { cause: options.cause }) });
    this.reason = options.reason ?? (options.permanent === true ? 'rejected' : 'transient');
    this.permanent = PERMANENT_REASONS.has(this.reason);
    this.channel = options.channel;
  }
}
