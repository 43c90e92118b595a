import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../../adapters/discord/map-discord-error.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';

const channel: ChannelRef = { platform: 'discord', workspaceId: '1', channelId: '2' };
const apiError = (code: number, status: number): DiscordAPIError => new DiscordAPIError({ code, message: 'refused' }, code, status, 'POST', 'https://discord.test/api/v10/channels/2/messages', { body: undefined, files: undefined });
const map = (error: unknown) => toDeliveryError(error, channel, '#digest', 'post the digest');

describe('Discord errors → DeliveryError reasons', () => {
  it.each([
    [apiError(RESTJSONErrorCodes.MissingPermissions, 403), 'permission', true],
    [apiError(RESTJSONErrorCodes.MissingAccess, 403), 'permission', true],
    [apiError(RESTJSONErrorCodes.UnknownChannel, 404), 'not-found', true],
    [apiError(RESTJSONErrorCodes.UnknownGuild, 404), 'not-found', true],
    [apiError(0, 401), 'auth', true],
    [apiError(50035, 400), 'rejected', true],
    [apiError(0, 429), 'rate-limited', false],
    [apiError(0, 502), 'transient', false],
    [new HTTPError(503, 'Service Unavailable', 'POST', 'https://discord.test', { body: undefined, files: undefined }), 'transient', false],
    [new RateLimitError({ timeToReset: 5_000, limit: 5, method: 'POST', hash: 'h', url: 'https://discord.test', route: '/channels/:id/messages', majorParameter: '2', global: false, retryAfter: 5_000, sublimitTimeout: 0, scope: 'user' }),
      'rate-limited', false],
    [new Error('socket hang up'), 'transient', false],
  ] as const)('%s → %s', (error, reason, permanent) => {
    const mapped = map(error);
    expect(mapped).toMatchObject({ reason, permanent, code: 'delivery-failed', channel });
    expect(mapped.cause).toBe(error);
  });
});
