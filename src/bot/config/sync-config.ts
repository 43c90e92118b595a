import path from 'node:path';
import type { Source } from '../../domain/source.ts';
import type { Subscription } from '../../domain/subscription.ts';
import type { Store, TransactionStore } from '../../store/store.ts';
import type { ConfigIndex, DeclaredChannel } from './config-index.ts';
import { resolveSettings, resolveSubscription } from './provenance.ts';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Brings the store in line with the config file, in one transaction, at every start-up (docs/configuration.md):
 * - the file's sources exist; each declared channel exists and reads the sources the file gives it (the console
 *   channel, when the file does not list it, reads them all), with the values the file states for them;
 * - a subscription the file gave and no longer gives is ended; chat's own subscriptions are left alone;
 * - every setting and subscription value the file does not state keeps what chat set, or follows the default.
 * Nothing chat set is reverted unless the file now states that value.
 */
export async function syncConfig(store: Store, index: ConfigIndex): Promise<void> {
  await store.transaction(async (tx) => {
    const feedFor = feedsOf(tx);
    for (const entry of index.config.sources) await feedFor(entry.url);

    const subscriptions = await tx.listSubscriptions();
    const byChannel = new Map<string, Subscription[]>();
    for (const s of subscriptions) byChannel.set(s.channelId, [...(byChannel.get(s.channelId) ?? []), s]);

    for (const declared of index.channels) {
      // The console channel the file does not list is made on first use (consoleChannel), not at every start.
      if (declared.entry === null && (await tx.getChannel(declared.id)) === undefined) continue;
      await syncDeclaredChannel(tx, index, declared, byChannel.get(declared.id) ?? [], feedFor);
      byChannel.delete(declared.id);
    }
    for (const channel of await tx.listChannels()) {
      if (index.channel(channel.id) !== undefined) continue;
      await applySettings(tx, index, channel);
      // A channel the file no longer declares keeps only what chat gave it.
      for (const s of byChannel.get(channel.id) ?? []) {
        if (s.origin === 'file') await tx.unsubscribe(s.id);
        else await applySubscription(tx, index, s);
      }
    }
  });
}

/**
 * Makes one channel the file declares (or the console channel) and gives it what the file says, in one
 * transaction: what `digest preview` and `digest command` do on first use of the console channel.
 */
export async function syncDeclaredChannelById(store: Store, index: ConfigIndex, channelId: string): Promise<void> {
  const declared = index.channel(channelId);
  if (declared === undefined) return;
  await store.transaction(async (tx) => {
    await syncDeclaredChannel(tx, index, declared, await tx.listSubscriptions({ channelIds: [channelId] }), feedsOf(tx));
  });
}

/** Finds or adds the feed of a URL, once per sync. */
function feedsOf(tx: TransactionStore): (url: string) => Promise<Source> {
  const feeds = new Map<string, Source>();
  return async (url) => {
    let feed = feeds.get(url);
    if (feed === undefined) {
      feed = (await tx.addSource({ url, name: fallbackSourceName(url) })).source;
      feeds.set(url, feed);
    }
    return feed;
  };
}

async function syncDeclaredChannel(
  tx: TransactionStore,
  index: ConfigIndex,
  declared: DeclaredChannel,
  current: Subscription[],
  feedFor: (url: string) => Promise<Source>,
): Promise<void> {
  const channel = await tx.ensureChannel(declared.ref, index.defaults);
  await applySettings(tx, index, channel);
  const wanted = new Set<string>();
  for (const { entry } of index.sourcesOf(declared)) {
    const feed = await feedFor(entry.url);
    wanted.add(feed.id);
    const existing = current.find((s) => s.source.id === feed.id);
    if (existing === undefined) {
      const values = resolveSubscription(index, { origin: 'file', source: feed, chatKeys: [], nameOverride: null, weight: 1, fullText: true, paused: false });
      await tx.subscribe({ channelId: channel.id, sourceId: feed.id, origin: 'file', ...values });
    } else {
      // A source chat added that the file now gives too becomes the file's; what chat set on it stays.
      await applySubscription(tx, index, { ...existing, origin: 'file' }, existing.origin !== 'file');
    }
  }
  for (const s of current) if (s.origin === 'file' && !wanted.has(s.source.id)) await tx.unsubscribe(s.id);
}

async function applySettings(tx: TransactionStore, index: ConfigIndex, channel: Parameters<typeof resolveSettings>[1]): Promise<void> {
  const { settings, setInChat } = resolveSettings(index, channel);
  if (!same(settings, channel.settings) || !same(setInChat, channel.settingsSetInChat)) await tx.updateChannelSettings(channel.id, settings, { setInChat });
}

async function applySubscription(tx: TransactionStore, index: ConfigIndex, subscription: Subscription, originChanged = false): Promise<void> {
  const values = resolveSubscription(index, subscription);
  const changed = originChanged || (Object.keys(values) as (keyof typeof values)[]).some((key) => !same(values[key], subscription[key]));
  if (changed) await tx.updateSubscription(subscription.id, { ...values, origin: subscription.origin });
}

/** A readable name until the feed's own title is known: the host, or the file's name. */
export function fallbackSourceName(url: string): string {
  if (/^https?:/i.test(url)) {
    try {
      return new URL(url).hostname.replace(/^www\./, '');
    } catch {
      return url;
    }
  }
  return path.basename(url.replace(/^file:\/\//, '')).replace(/\.(xml|rss|atom)$/i, '');
}
