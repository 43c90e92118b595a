import type { Source } from '../../domain/source.ts';
import type { NewSubscription, Subscription, SubscriptionPatch } from '../../domain/subscription.ts';

/** Which channels read which feeds, each with its own state of the feed (docs/adr/0007-subscriptions-and-ownership.md). */
export interface SubscriptionStore {
  /** Subscribes a channel to a feed under a new id; the existing subscription, unchanged, when there is one. */
  subscribe(input: NewSubscription): Promise<{ subscription: Subscription; created: boolean }>;
  getSubscription(id: string): Promise<Subscription | undefined>;
  /** In the order they were made; only those of the given channels, or of one feed, when asked. */
  listSubscriptions(filter?: { channelIds?: readonly string[]; sourceId?: string }): Promise<Subscription[]>;
  updateSubscription(id: string, patch: SubscriptionPatch): Promise<Subscription | undefined>;
  /** Ends a subscription; the feed and its pieces stay. True when there was one. */
  unsubscribe(id: string): Promise<boolean>;
  /**
   * The feeds a channel reads, as that channel sees them: the feed's id, URL and fetch state with the
   * subscription's name, weight, full-text switch and pause. Selection reads sources through this.
   */
  listChannelSources(channelId: string): Promise<Source[]>;
}
