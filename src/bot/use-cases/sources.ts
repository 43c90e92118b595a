import type { Channel } from '../../domain/channel.ts';
import type { Subscription, SubscriptionKey } from '../../domain/subscription.ts';
import { subscriptionName } from '../../domain/subscription.ts';
import { checkFeedLocation } from '../../rules/feed-location.ts';
import { typedBy, type Actor } from '../actor.ts';
import { subscriptionKey, subscriptionOrigins, type ValueSource } from '../config/provenance.ts';
import { fallbackSourceName } from '../config/sync-config.ts';
import type { BotDeps } from '../deps.ts';
import { invalidInput, managedByConfig } from '../errors.ts';
import { DigestError } from '../../errors.ts';
import { channelsInScope, findSubscription, subscriptionsInScope } from './scope.ts';

/** A subscription as `sources list` shows it: its channel and where each of its values comes from. */
export interface SourceView {
  subscription: Subscription;
  name: string;
  channel: Channel;
  origins: Record<SubscriptionKey, ValueSource>;
  /** The config key when the file gives the channel this source (then only the file can remove it). */
  fileKey: string | undefined;
}

export const MAX_NAME_LENGTH = 100;
export const WEIGHT_RANGE = { min: 0, max: 10 } as const;

/** A change `/digest sources set` makes; a null name goes back to the feed's own title. */
export type SourceChange = { key: 'fullText'; value: boolean } | { key: 'weight'; value: number } | { key: 'name'; value: string | null };

export async function listSources(deps: BotDeps, actor: Actor): Promise<SourceView[]> {
  const subscriptions = await subscriptionsInScope(deps.store, actor);
  const channels = new Map((await deps.store.listChannels()).map((c) => [c.id, c]));
  return subscriptions.flatMap((subscription) => {
    const channel = channels.get(subscription.channelId);
    if (channel === undefined) return [];
    return [{ subscription, channel, name: subscriptionName(subscription), origins: subscriptionOrigins(deps.index, subscription), fileKey: subscriptionKey(deps.index, subscription) }];
  });
}

export interface AddSourceResult {
  subscriptions: Subscription[];
  /** Channels in scope that already read the feed (the operator adds to the rest). */
  alreadyThere: Subscription[];
  title: string;
  itemCount: number;
}

/**
 * Adds a feed to the actor's channel (an operator: to every channel in scope), after fetching it once under the
 * ingest rules; nothing is saved when it cannot be read. Full text follows the configured default
 * (`ingest.fullText`), wherever the source is added from.
 */
export async function addSource(deps: BotDeps, actor: Actor, input: { location: string; name?: string }): Promise<AddSourceResult> {
  const where = typedBy(actor);
  const location = checkFeedLocation(input.location, { typedBy: where, cwd: deps.cwd });
  if (!location.ok) throw invalidInput(`${location.problem}.`, location.hint);
  const name = input.name?.trim();
  if (name !== undefined && (name.length === 0 || name.length > MAX_NAME_LENGTH)) throw invalidInput(`A source name must be 1–${MAX_NAME_LENGTH} characters.`);
  const targets = actor.kind === 'admin' ? [actor.channel] : ((await channelsInScope(deps.store, actor)) ?? (await deps.store.listChannels()));
  if (targets.length === 0) throw invalidInput('There is no channel to add the source to yet.', 'Declare a channel in the config file, or run a /digest command in one.');
  const existing = await deps.store.listSubscriptions({ channelIds: targets.map((c) => c.id) });
  const alreadyThere = existing.filter((s) => s.source.url === location.location);
  if (alreadyThere.length === targets.length) {
    const [first] = alreadyThere;
    throw new DigestError(`That feed is already a source here: \`${first?.id}\` **${first === undefined ? '' : subscriptionName(first)}**. Nothing was changed.`, { code: 'already-exists' });
  }
  const probe = await deps.probeFeed(location.location, { allowLocalFiles: where === 'local' });
  if (!probe.ok) throw new DigestError(`Could not add ${location.location}: ${probe.error}. Nothing was saved.`, { code: 'feed-unreadable', ...(probe.hint === undefined ? {} : { hint: probe.hint }) });
  const missing = targets.filter((c) => !alreadyThere.some((s) => s.channelId === c.id));
  const subscriptions = await deps.store.transaction(async (tx) => {
    const { source } = await tx.addSource({ url: location.location, name: probe.title.trim().slice(0, MAX_NAME_LENGTH) || fallbackSourceName(location.location) });
    const made: Subscription[] = [];
    for (const channel of missing) {
      made.push((await tx.subscribe({
        channelId: channel.id,
        sourceId: source.id,
        origin: 'chat',
        fullText: deps.index.config.ingest.fullText,
        nameOverride: name ?? null,
        chatKeys: name === undefined ? [] : ['name'],
      })).subscription);
    }
    return made;
  });
  return { subscriptions, alreadyThere, title: probe.title, itemCount: probe.itemCount };
}

/** Ends one subscription the actor may act on; the feed and its pieces stay. One the file gives is refused. */
export async function removeSource(deps: BotDeps, actor: Actor, id: string): Promise<Subscription> {
  const subscription = await findSubscription(deps.store, actor, id);
  const key = subscriptionKey(deps.index, subscription);
  if (key !== undefined) throw managedByConfig(`\`${subscription.id}\` **${subscriptionName(subscription)}**`, key, deps.index, 'remove');
  await deps.store.unsubscribe(subscription.id);
  return subscription;
}

/** Pauses or resumes one subscription; `changed` is false when it already was. */
export async function setSourcePaused(deps: BotDeps, actor: Actor, id: string, paused: boolean): Promise<{ subscription: Subscription; changed: boolean }> {
  const subscription = await findSubscription(deps.store, actor, id);
  if (subscription.paused === paused) return { subscription, changed: false };
  const updated = await deps.store.updateSubscription(subscription.id, { paused, chatKeys: [...subscription.chatKeys, 'paused'] });
  return { subscription: updated ?? subscription, changed: true };
}

/** Sets a subscription's full text, weight or name; a value the file states is refused, naming the file and key. */
export async function updateSource(deps: BotDeps, actor: Actor, id: string, change: SourceChange): Promise<Subscription> {
  const subscription = await findSubscription(deps.store, actor, id);
  const origin = subscriptionOrigins(deps.index, subscription)[change.key];
  if (origin.origin === 'file' && origin.key !== undefined) {
    throw managedByConfig(`the ${LABELS[change.key]} of \`${subscription.id}\` **${subscriptionName(subscription)}**`, origin.key, deps.index);
  }
  const patch = patchFor(change);
  const chatKeys = change.key === 'name' && change.value === null
    ? subscription.chatKeys.filter((k) => k !== 'name')
    : [...subscription.chatKeys, change.key];
  const updated = await deps.store.updateSubscription(subscription.id, { ...patch, chatKeys });
  if (updated === undefined) throw invalidInput(`\`${subscription.id}\` was removed meanwhile; nothing was changed.`);
  return updated;
}

const LABELS: Record<SubscriptionKey, string> = { name: 'name', weight: 'weight', fullText: 'full-text setting', paused: 'pause' };

function patchFor(change: SourceChange): { nameOverride?: string | null; weight?: number; fullText?: boolean } {
  switch (change.key) {
    case 'fullText':
      return { fullText: change.value };
    case 'weight':
      if (!Number.isFinite(change.value) || change.value < WEIGHT_RANGE.min || change.value > WEIGHT_RANGE.max) {
        throw invalidInput(`A weight must be a number from ${WEIGHT_RANGE.min} to ${WEIGHT_RANGE.max} (1 is neutral); got ${change.value}.`);
      }
      return { weight: change.value };
    case 'name': {
      const name = change.value?.trim() ?? null;
      if (name !== null && (name.length === 0 || name.length > MAX_NAME_LENGTH)) throw invalidInput(`A source name must be 1–${MAX_NAME_LENGTH} characters.`);
      return { nameOverride: name };
    }
  }
}
