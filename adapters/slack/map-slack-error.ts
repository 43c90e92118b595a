import type { ChannelRef } from '../../src/domain/channel.ts';
import { DeliveryError, type DeliveryFailureReason } from '../../src/deliver/digest-poster.ts';

/** The fix a user needs when the bot is not a member of a channel. */
export const INVITE_HINT = 'invite the bot with /invite @Research Digest';

/** Slack errors that clear up by themselves. */
const RATE_LIMITED = new Set(['ratelimited', 'rate_limited']);
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);
const BAD_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

/** The `error` string of a Slack platform error (`{ ok: false, error }`), if that is what was thrown. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // Checked by shape, not instanceof: a second copy of @slack/web-api would break instanceof.
  const { code, data } = error as { code?: unknown; data?: { error?: unknown } };
  return code === 'slack_webapi_platform_error' && typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Turns whatever the WebClient threw into a DeliveryError with its reason: permission (not in the channel, a
 * missing scope), not-found (channel gone or archived), auth (a revoked token) and rejected (a refused payload) are
 * permanent; rate-limited (limits that outlasted the client's retries) and transient (outages, network) are retried.
 */
export function toDeliveryError(error: unknown, channel: ChannelRef, action: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const where = `channel ${channel.channelId}`;
  const refused = (reason: DeliveryFailureReason, message: string): DeliveryError => new DeliveryError(message, { channel, reason, cause: error });
  const code = slackErrorCode(error);
  if (code !== undefined) {
    if (code === 'not_in_channel') return refused('permission', `the bot is not a member of ${where} — ${INVITE_HINT}`);
    if (code === 'channel_not_found') return refused('not-found', `${where} was not found (deleted, or private without the bot) — check the channel id in the config, or ${INVITE_HINT}`);
    if (code === 'is_archived') return refused('not-found', `${where} is archived — unarchive it or point the digest at another channel`);
    if (BAD_TOKEN.has(code)) return refused('auth', `Slack rejected the bot token (${code}) — check SLACK_BOT_TOKEN (xoxb-…) and reinstall the app`);
    if (code === 'missing_scope') {
      return refused('permission', `the Slack app lacks a scope to ${action} — add the bot scopes in adapters/slack/manifest.yaml (chat:write, commands, users:read, channels:history, groups:history), then reinstall it`);
    }
    if (RATE_LIMITED.has(code)) return refused('rate-limited', `Slack rate-limited the bot while trying to ${action} in ${where} (${code}); will retry`);
    if (TRANSIENT.has(code)) return refused('transient', `Slack could not ${action} in ${where} (${code}); will retry`);
    return refused('rejected', `Slack refused to ${action} in ${where}: ${code}`);
  }
  const shaped = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; statusCode?: unknown; retryAfter?: unknown };
  if (shaped.code === 'slack_webapi_rate_limited_error') {
    return refused('rate-limited', `Slack rate-limited the bot for ${String(shaped.retryAfter)} s while trying to ${action} in ${where}; will retry`);
  }
  if (shaped.code === 'slack_webapi_http_error' && typeof shaped.statusCode === 'number') {
    if (shaped.statusCode >= 500) return refused('transient', `Slack failed to ${action} in ${where} (HTTP ${shaped.statusCode}); will retry`);
    return refused('rejected', `Slack refused to ${action} in ${where} (HTTP ${shaped.statusCode})`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  // What the WebClient throws once its own rate-limit retries run out is a plain Error.
  if (/rate limit/i.test(reason)) return refused('rate-limited', `Slack kept rate-limiting the bot while trying to ${action} in ${where}; will retry`);
  return refused('transient', `could not ${action} in ${where}: ${reason}; will retry`);
}
