import type { Source } from './source.ts';

/** The per-channel values of a subscription an admin can change. */
export type SubscriptionKey = 'name' | 'weight' | 'fullText' | 'paused';

/** Where a value comes from: the config file, a chat (or CLI) command, or the deployment default. */
export type ValueOrigin = 'file' | 'chat' | 'default';

/**
 * One channel reading one feed (docs/adr/0007-subscriptions-and-ownership.md). The feed (`source`: URL, fetch state) is shared by
 * every channel that reads it and fetched once per cycle; everything here belongs to this channel alone.
 */
export interface Subscription {
  /** Short id an admin types (`/digest sources pause 3f9a12bc`); unique, and looked up only within the caller's channels. */
  id: string;
  channelId: string;
  source: Source;
  /** The channel's own display name, or null to use the feed's name. */
  nameOverride: string | null;
  /** Selection weight in this channel; 1 is neutral. */
  weight: number;
  /** Whether this channel wants the article page fetched when an item carries only an excerpt. */
  fullText: boolean;
  paused: boolean;
  /** Who manages the subscription's existence: the config file (removed there) or chat (removed from chat). */
  origin: 'file' | 'chat';
  /** The values a chat or CLI command set; the others follow the file or the default. */
  chatKeys: SubscriptionKey[];
  createdAt: Date;
}

export interface NewSubscription {
  channelId: string;
  sourceId: string;
  origin: 'file' | 'chat';
  nameOverride?: string | null;
  weight?: number;
  fullText: boolean;
  paused?: boolean;
  chatKeys?: SubscriptionKey[];
}

export type SubscriptionPatch = Partial<Pick<Subscription, 'nameOverride' | 'weight' | 'fullText' | 'paused' | 'origin' | 'chatKeys'>>;

/** The name a channel shows for a subscription. */
export function subscriptionName(subscription: Subscription): string {
  return subscription.nameOverride ?? subscription.source.name;
}
