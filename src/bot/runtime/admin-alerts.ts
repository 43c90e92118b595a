import type { Platform } from '../../domain/channel.ts';
import type { DigestPoster } from '../../deliver/digest-poster.ts';
import type { Logger } from '../../log/logger.ts';
import type { SubscriberLookup } from '../../store/ports/operations.ts';

/**
 * Posts an admin alert about a feed to every channel that reads it (paused or not): to its admin channel if set,
 * else to the channel. Channels that do not read the feed hear nothing about it.
 */
export async function alertFeedReaders(
  deps: { store: { subscribers: SubscriberLookup }; posterFor(platform: Platform): DigestPoster | undefined; logger: Logger },
  sourceId: string,
  text: string,
): Promise<void> {
  for (const channel of await deps.store.subscribers.channelsReadingSource(sourceId)) {
    const poster = deps.posterFor(channel.ref.platform);
    if (poster === undefined) continue;
    const target = channel.settings.adminChannelId === null ? channel.ref : { ...channel.ref, channelId: channel.settings.adminChannelId };
    await poster.postAlert(target, text).catch((error: unknown) => deps.logger.warn({ channel: channel.id, err: String(error) }, 'could not post admin alert'));
  }
}
