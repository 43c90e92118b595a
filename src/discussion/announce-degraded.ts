import type { Channel, Platform } from '../domain/channel.ts';
import type { DigestPoster } from '../deliver/digest-poster.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';

const FAMILY = 'discord-message-content';

/** What admins are told, once, when Discord refused the Message Content intent. */
export const MESSAGE_CONTENT_NOTICE =
  'The bot cannot read replies in digest threads: Discord refused the Message Content intent, so discussion digests only see mentions of the bot and reactions. To fix it, enable "Message Content Intent" under Bot → Privileged Gateway Intents in the Discord Developer Portal and restart the bot (docs/discord.md, "Reader discussion").';

/**
 * Tells each guild's admins once that the bot reads mentions and reactions only: one alert state per guild, claimed
 * in the store, so several instances (and restarts) announce it once until the intent is back.
 */
export async function announceMissingMessageContent(options: {
  store: Store;
  posterFor: (platform: Platform) => DigestPoster | undefined;
  guildIds: readonly string[];
  now: () => Date;
  logger: Logger;
}): Promise<number> {
  const { store } = options;
  const poster = options.posterFor('discord');
  if (poster === undefined) return 0;
  let posted = 0;
  for (const guildId of options.guildIds) {
    const key = { workspace: `discord:${guildId}` as const, family: FAMILY, subject: 'intent' };
    await store.alertStates.observeAlertState(key, 'missing', {}, options.now());
    if (!(await store.alertStates.claimAnnouncement(key, 'ok', 'missing', options.now()))) continue;
    const channels: Channel[] = await store.subscribers.channelsOfWorkspace('discord', guildId);
    const targets = new Map(channels.map((c) => {
      const ref = c.settings.adminChannelId === null ? c.ref : { ...c.ref, channelId: c.settings.adminChannelId };
      return [ref.channelId, ref] as const;
    }));
    try {
      for (const ref of targets.values()) await poster.postAlert(ref, MESSAGE_CONTENT_NOTICE);
      posted += targets.size;
    } catch (error) {
      options.logger.warn({ guild: guildId, err: error instanceof Error ? error.message : String(error) }, 'could not tell admins the Message Content intent is missing; telling them on the next start');
      await store.alertStates.claimAnnouncement(key, 'missing', 'ok', options.now());
    }
  }
  return posted;
}

/** Once the intent is back, the next refusal is announced again. */
export async function messageContentRestored(store: Store, guildIds: readonly string[], now: Date): Promise<void> {
  for (const guildId of guildIds) {
    const key = { workspace: `discord:${guildId}` as const, family: FAMILY, subject: 'intent' };
    const state = await store.alertStates.getAlertState(key);
    if (state === undefined) continue;
    await store.alertStates.observeAlertState(key, 'ok', {}, now);
    await store.alertStates.claimAnnouncement(key, state.announced, 'ok', now);
  }
}
