import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../../adapters/slack/map-slack-error.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';

const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
/** What @slack/web-api throws for `{ ok: false, error }`. */
const platformError = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('Slack errors → DeliveryError reasons', () => {
  it.each([
    [platformError('not_in_channel'), 'permission', true],
    [platformError('missing_scope'), 'permission', true],
    [platformError('channel_not_found'), 'not-found', true],
    [platformError('is_archived'), 'not-found', true],
    [platformError('invalid_auth'), 'auth', true],
    [platformError('token_revoked'), 'auth', true],
    [platformError('msg_too_long'), 'rejected', true],
    [platformError('ratelimited'), 'rate-limited', false],
    [platformError('internal_error'), 'transient', false],
    [Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 30 }), 'rate-limited', false],
    [Object.assign(new Error('HTTP 503'), { code: 'slack_webapi_http_error', statusCode: 503 }), 'transient', false],
    [Object.assign(new Error('HTTP 400'), { code: 'slack_webapi_http_error', statusCode: 400 }), 'rejected', true],
    [new Error('A rate limit was exceeded'), 'rate-limited', false],
    [new Error('getaddrinfo ENOTFOUND slack.com'), 'transient', false],
  ] as const)('%s → %s', (error, reason, permanent) => {
    expect(toDeliveryError(error, channel, 'post a message')).toMatchObject({ reason, permanent, code: 'delivery-failed', channel });
  });
});
