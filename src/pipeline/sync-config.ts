import path from 'node:path';
import type { Channel } from '../domain/channel.ts';
import type { Source } from '../domain/source.ts';
import type { Config } from '../config/schema.ts';
import type { Store } from '../store/store.ts';
import { channelDefaults, statedSettings } from './channel-defaults.ts';

export interface SyncedConfig {
  sources: Source[];
  channels: Channel[];
}

/**
 * Brings the store in line with the config file: its sources exist (with the stated name, weight
 * and full-text switch), its channels exist with the settings the file states, and each channel is
 * subscribed to its sources. Sources and settings added from chat are left alone: the file only adds.
 */
export async function syncConfig(store: Store, config: Config): Promise<SyncedConfig> {
  const sources: Source[] = [];
  for (const entry of config.sources) {
    const { source } = await store.addSource({ url: entry.url, name: entry.name ?? fallbackSourceName(entry.url), weight: entry.weight, fullText: entry.fullText });
    const patch = { ...(entry.name !== undefined && entry.name !== source.name ? { name: entry.name } : {}), ...(entry.weight !== source.weight ? { weight: entry.weight } : {}), ...(entry.fullText !== source.fullText ? { fullText: entry.fullText } : {}) };
    sources.push(Object.keys(patch).length > 0 ? ((await store.updateSource(source.id, patch)) ?? source) : source);
  }
  const byUrl = new Map(sources.map((s) => [s.url, s]));

  const channels: Channel[] = [];
  for (const entry of config.channels) {
    const ref = { platform: entry.platform, workspaceId: entry.workspace, channelId: entry.channel };
    let channel = await store.ensureChannel(ref, channelDefaults(config, entry));
    const stated = statedSettings(entry);
    const differs = Object.entries(stated).some(([key, value]) => JSON.stringify(value) !== JSON.stringify(channel.settings[key as keyof typeof stated]));
    if (differs) channel = (await store.updateChannelSettings(channel.id, { ...channel.settings, ...stated })) ?? channel;
    const wanted = entry.sources === undefined ? sources : entry.sources.map((url) => byUrl.get(url)).filter((s): s is Source => s !== undefined);
    for (const source of wanted) {
      const stated = config.sources.find((s) => s.url === source.url);
      const values = { weight: stated?.weight ?? 1, fullText: stated?.fullText ?? true };
      const { subscription, created } = await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'file', ...values });
      if (!created && (subscription.weight !== values.weight || subscription.fullText !== values.fullText || subscription.origin !== 'file')) {
        await store.updateSubscription(subscription.id, { ...values, origin: 'file' });
      }
    }
    channels.push(channel);
  }
  return { sources, channels };
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
