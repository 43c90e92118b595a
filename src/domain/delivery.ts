/** One (channel, edition): claimed before anything is posted so an edition is delivered once. */
export interface Delivery {
  id: string;
  channelId: string;
  edition: string;
  digestId: string | null;
  status: 'pending' | 'delivered' | 'failed' | 'skipped';
  claimedBy: string;
  claimedAt: Date;
  completedAt: Date | null;
  error: string | null;
}

/** A message the adapter posted for a delivery, recorded as soon as the platform accepted it. */
export interface DeliveredMessage {
  deliveryId: string;
  /** 'header', 'thread', or 'piece:<position>' (plus ':<part>' when a piece was split). */
  slot: string;
  platformMessageId: string;
  postedAt: Date;
}

/** A step the platform refused for good (a piece it will never accept): recorded, not retried, reported to admins. */
export interface FailedStep {
  deliveryId: string;
  /** 'piece:<position>'. */
  slot: string;
  /** What the platform said, as the adapter put it. */
  reason: string;
  failedAt: Date;
}
