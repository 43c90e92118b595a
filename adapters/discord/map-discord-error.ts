import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import type { ChannelRef } from '../../src/domain/channel.ts';
import { DeliveryError } from '../../src/deliver/digest-poster.ts';

/** True for the errors that mean "the bot may not do this here" (so a thread can fall back to replies). */
export function isPermissionError(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.MissingPermissions);
}

/**
 * Turns whatever discord.js threw into a DeliveryError: `permanent` when retrying the same request
 * cannot help (permissions, deleted channel, left guild, a rejected payload), transient otherwise.
 */
export function toDeliveryError(error: unknown, channel: ChannelRef, channelLabel: string, action: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof DiscordAPIError) {
    const permanent = (message: string): DeliveryError => new DeliveryError(message, { channel, permanent: true, cause: error });
    switch (error.code) {
      case RESTJSONErrorCodes.MissingAccess:
      case RESTJSONErrorCodes.MissingPermissions:
        return permanent(`missing permission to ${action} in ${channelLabel} — grant View Channel, Send Messages, Send Messages in Threads, Embed Links and Create Public Threads`);
      case RESTJSONErrorCodes.UnknownChannel:
        return permanent(`${channelLabel} no longer exists (deleted, or the bot cannot see it) — pick another channel for the digest`);
      case RESTJSONErrorCodes.UnknownGuild:
        return permanent(`the bot is no longer in the server of ${channelLabel} — invite it again`);
      default:
        if (error.status === 401) return permanent('Discord rejected the bot token — check DISCORD_TOKEN');
        if (error.status >= 500 || error.status === 429) return new DeliveryError(`Discord failed to ${action} in ${channelLabel} (HTTP ${error.status}); will retry`, { channel, permanent: false, cause: error });
        return permanent(`Discord refused to ${action} in ${channelLabel}: ${error.message} (code ${error.code})`);
    }
  }
  if (error instanceof RateLimitError) {
    return new DeliveryError(`Discord rate-limited the bot for ${Math.ceil(error.retryAfter / 1000)} s while trying to ${action} in ${channelLabel}; will retry`, { channel, permanent: false, cause: error });
  }
  if (error instanceof HTTPError) {
    return new DeliveryError(`Discord failed to ${action} in ${channelLabel} (HTTP ${error.status}); will retry`, { channel, permanent: false, cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`could not ${action} in ${channelLabel}: ${reason}; will retry`, { channel, permanent: false, cause: error });
}
