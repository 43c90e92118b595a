import type { ChannelRef, Platform } from '../domain/channel.ts';
import type { Digest, DigestPiece } from '../domain/digest.ts';

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

/**
 * The port a platform adapter implements to deliver a digest. It is step-wise on purpose:
 * the core records each step in the delivery ledger as soon as it succeeds, so a crash
 * resumes where it stopped instead of posting a second header.
 */
export interface DigestPoster {
  readonly platform: Platform;
  /** Posts the header message (header line, title, read time, list of pieces) in the channel. */
  postHeader(channel: ChannelRef, digest: Digest): Promise<PostedMessage>;
  /** Opens the thread under the header; on Slack the thread is the header's ts. */
  openThread(channel: ChannelRef, header: PostedMessage, digest: Digest): Promise<ThreadRef>;
  /** Posts one piece into the thread; a piece too long for one message may become several. */
  postPiece(channel: ChannelRef, thread: ThreadRef, digest: Digest, piece: DigestPiece): Promise<PostedMessage[]>;
  /** Posts an admin alert (e.g. a failing source) in the given channel. */
  postAlert(channel: ChannelRef, text: string): Promise<PostedMessage>;
}

/** A platform refused a delivery step; `permanent` says whether retrying can help (a deleted channel cannot). */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly channel: ChannelRef;
  constructor(message: string, options: { channel: ChannelRef; permanent: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.permanent = options.permanent;
    this.channel = options.channel;
  }
}
