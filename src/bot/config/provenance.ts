import type { Channel, ChannelSettings } from '../../domain/channel.ts';
import type { Subscription, SubscriptionKey, ValueOrigin } from '../../domain/subscription.ts';
import type { ConfigIndex } from './config-index.ts';

/** Where one value comes from, and the config key when it is the file. */
export interface ValueSource {
  origin: ValueOrigin;
  key?: string;
}

const SETTING_KEYS: readonly (keyof ChannelSettings)[] = ['pieces', 'interests', 'language', 'cron', 'timezone', 'schedulePaused', 'adminChannelId', 'filters'];
const SUBSCRIPTION_KEYS: readonly SubscriptionKey[] = ['name', 'weight', 'fullText', 'paused'];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Where each of a channel's settings comes from: the file when it states it, chat when a command set it, else the default. */
export function settingOrigins(index: ConfigIndex, channel: Pick<Channel, 'id' | 'settings' | 'settingsSetInChat'>): Record<keyof ChannelSettings, ValueSource> {
  const stated = index.statedSettings(channel.id);
  const chat = new Set(channel.settingsSetInChat ?? []);
  const origins = {} as Record<keyof ChannelSettings, ValueSource>;
  for (const key of SETTING_KEYS) {
    const file = stated.get(key);
    origins[key] = file !== undefined ? { origin: 'file', key: file.key } : chat.has(key) ? { origin: 'chat' } : { origin: 'default' };
  }
  return origins;
}

/**
 * The settings a channel should have: the file's stated values, then what chat set, then the defaults. A channel
 * from before chat was tracked (null) keeps every value that differs from the default as chat's, so an upgrade
 * reverts nothing an admin changed.
 */
export function resolveSettings(index: ConfigIndex, channel: Pick<Channel, 'id' | 'settings' | 'settingsSetInChat'>): { settings: ChannelSettings; setInChat: (keyof ChannelSettings)[] } {
  const stated = index.statedSettings(channel.id);
  const chat = channel.settingsSetInChat === null
    ? SETTING_KEYS.filter((key) => !stated.has(key) && !same(channel.settings[key], index.defaults[key]))
    : channel.settingsSetInChat.filter((key) => !stated.has(key));
  const settings = { ...channel.settings };
  for (const key of SETTING_KEYS) {
    const file = stated.get(key);
    const value = file !== undefined ? file.value : chat.includes(key) ? channel.settings[key] : index.defaults[key];
    (settings as Record<string, unknown>)[key] = value;
  }
  return { settings, setInChat: [...chat].sort() };
}

/** The config keys the file states for a subscription it gives a channel. */
function statedFor(index: ConfigIndex, subscription: Pick<Subscription, 'origin' | 'source'>): Map<SubscriptionKey, { value: unknown; key: string }> {
  const stated = new Map<SubscriptionKey, { value: unknown; key: string }>();
  if (subscription.origin !== 'file') return stated;
  const declared = index.source(subscription.source.url);
  if (declared === undefined) return stated;
  if (declared.entry.name !== undefined) stated.set('name', { value: declared.entry.name, key: `${declared.key}.name` });
  if (declared.entry.weight !== undefined) stated.set('weight', { value: declared.entry.weight, key: `${declared.key}.weight` });
  if (declared.entry.fullText !== undefined) stated.set('fullText', { value: declared.entry.fullText, key: `${declared.key}.fullText` });
  return stated;
}

/** Where each of a subscription's values comes from. */
export function subscriptionOrigins(index: ConfigIndex, subscription: Pick<Subscription, 'origin' | 'source' | 'chatKeys'>): Record<SubscriptionKey, ValueSource> {
  const stated = statedFor(index, subscription);
  const chat = new Set(subscription.chatKeys);
  const origins = {} as Record<SubscriptionKey, ValueSource>;
  for (const key of SUBSCRIPTION_KEYS) {
    const file = stated.get(key);
    origins[key] = file !== undefined ? { origin: 'file', key: file.key } : chat.has(key) ? { origin: 'chat' } : { origin: 'default' };
  }
  return origins;
}

/** The values a subscription should have: the file's (for one the file gives), then chat's, then the defaults. */
export function resolveSubscription(index: ConfigIndex,
  subscription: Pick<Subscription, 'origin' | 'source' | 'chatKeys' | 'nameOverride' | 'weight' | 'fullText' | 'paused'>): Pick<Subscription, 'nameOverride' | 'weight' | 'fullText' | 'paused' | 'chatKeys'>
{
  const stated = statedFor(index, subscription);
  const chatKeys = subscription.chatKeys.filter((key) => !stated.has(key));
  const chat = new Set(chatKeys);
  const pick = <T>(key: SubscriptionKey, current: T, fallback: T): T => {
    const file = stated.get(key);
    if (file !== undefined) return file.value as T;
    return chat.has(key) ? current : fallback;
  };
  return {
    nameOverride: pick<string | null>('name', subscription.nameOverride, null),
    weight: pick('weight', subscription.weight, 1),
    fullText: pick('fullText', subscription.fullText, index.config.ingest.fullText),
    paused: pick('paused', subscription.paused, false),
    chatKeys: [...chatKeys].sort(),
  };
}

/** Where a subscription's existence is managed: the file's key when the file gives the channel this source. */
export function subscriptionKey(index: ConfigIndex, subscription: Pick<Subscription, 'origin' | 'source' | 'channelId'>): string | undefined {
  if (subscription.origin !== 'file') return undefined;
  const channel = index.channel(subscription.channelId);
  if (channel?.entry?.sources !== undefined) return `${channel.key}.sources`;
  return index.source(subscription.source.url)?.key ?? 'sources';
}
