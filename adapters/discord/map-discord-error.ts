import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import type { ChannelRef } from '../../src/domain/channel.ts';
import { DeliveryError, type DeliveryFailureReason } from '../../src/deliver/digest-poster.ts';

/** True for the errors that mean "the bot may not do this here" (so a thread can fall back to replies). */
export function isPermissionError(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.MissingPermissions);
}

/**
 * Turns whatever discord.js threw into a DeliveryError with its reason: permission, not-found (deleted channel,
 * left guild), auth and rejected (a refused payload) are permanent; rate-limited and transient are retried.
 */
export function toDeliveryError(error: unknown, channel: ChannelRef, channelLabel: string, action: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof DiscordAPIError) {
    const refused = (reason: DeliveryFailureReason, message: string): DeliveryError => new DeliveryError(message, { channel, reason, cause: error });
    switch (error.code) {
      case RESTJSONErrorCodes.MissingAccess:
      case RESTJSONErrorCodes.MissingPermissions:
        return refused('permission', `missing permission to ${action} in ${channelLabel} — grant View Channel, Send Messages, Send Messages in Threads, Embed Links and Create Public Threads`);
      case RESTJSONErrorCodes.UnknownChannel:
        return refused('not-found', `${channelLabel} no longer exists (deleted, or the bot cannot see it) — pick another channel for the digest`);
      case RESTJSONErrorCodes.UnknownGuild:
        return refused('not-found', `the bot is no longer in the server of ${channelLabel} — invite it again`);
      default:
        if (error.status === 401) return refused('auth', 'Discord rejected the bot token — check DISCORD_TOKEN');
        if (error.status === 429) return refused('rate-limited', `Discord rate-limited the bot while trying to ${action} in ${channelLabel} (HTTP 429); will retry`);
        if (error.status >= 500) return refused('transient', `Discord failed to ${action} in ${channelLabel} (HTTP ${error.status}); will retry`);
        return refused('rejected', `Discord refused to ${action} in ${channelLabel}: ${error.message} (code ${error.code})`);
    }
  }
  if (error instanceof RateLimitError) {
    return new DeliveryError(`Discord rate-limited the bot for ${Math.ceil(error.retryAfter / 1000)} s while trying to ${action} in ${channelLabel}; will retry`, { channel, reason: 'rate-limited', cause: error });
  }
  if (error instanceof HTTPError) {
    return new DeliveryError(`Discord failed to ${action} in ${channelLabel} (HTTP ${error.status}); will retry`, { channel, reason: 'transient', cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`could not ${action} in ${channelLabel}: ${reason}; will retry`, { channel, reason: 'transient', cause: error });
}
