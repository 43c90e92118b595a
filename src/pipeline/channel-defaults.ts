import type { ChannelSettings } from '../domain/channel.ts';
import type { ChannelConfig, Config } from '../config/schema.ts';

/** Settings a channel starts with: the channel's own config entry over the deployment defaults. */
export function channelDefaults(config: Config, entry?: ChannelConfig): ChannelSettings {
  return {
    pieces: entry?.pieces ?? config.selection.pieces,
    interests: entry?.interests ?? [],
    language: entry?.language ?? config.summariser.language,
    cron: entry?.cron ?? config.schedule.cron,
    timezone: entry?.timezone ?? config.timezone,
    schedulePaused: false,
    adminChannelId: entry?.adminChannel ?? null,
  };
}

/** The keys a config entry states explicitly; they are re-applied at every start-up. */
export function statedSettings(entry: ChannelConfig): Partial<ChannelSettings> {
  const stated: Partial<ChannelSettings> = {};
  if (entry.pieces !== undefined) stated.pieces = entry.pieces;
  if (entry.interests !== undefined) stated.interests = entry.interests;
  if (entry.language !== undefined) stated.language = entry.language;
  if (entry.cron !== undefined) stated.cron = entry.cron;
  if (entry.timezone !== undefined) stated.timezone = entry.timezone;
  if (entry.adminChannel !== undefined) stated.adminChannelId = entry.adminChannel;
  return stated;
}
