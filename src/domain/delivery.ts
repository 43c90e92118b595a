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
