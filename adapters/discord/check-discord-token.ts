import { describeNetworkError, PlatformConnectError, type PlatformErrorKind } from '../../src/connect/platform-error.ts';

/** Discord's REST base without version; what DISCORD_API_URL overrides. */
export const DISCORD_API = 'https://discord.com/api';

export const DISCORD_TOKEN_HINT = 'Set DISCORD_TOKEN to the bot token from the Discord Developer Portal (your application → Bot → Reset Token), without a "Bot " prefix.';

/**
 * GET /users/@me with the bot token, once, no retries: the bot's user when Discord accepts the token, otherwise a
 * PlatformConnectError saying why (rejected token, unreachable, 5xx, 429). Run before the gateway login, whose own
 * failure on a bad token is an unhelpful exception, and by `digest doctor`.
 */
export async function checkDiscordToken(options: { token: string; apiUrl?: string; timeoutMs?: number }): Promise<{ id: string; username: string }> {
  const base = (options.apiUrl ?? DISCORD_API).replace(/\/+$/, '');
  const fail = (kind: PlatformErrorKind, reason: string, message: string, extra: { hint?: string; retryAfterSeconds?: number; cause?: unknown } = {}) =>
    new PlatformConnectError({ platform: 'discord', kind, reason, message, ...(kind === 'token_rejected' ? { variable: 'DISCORD_TOKEN' } : {}), ...extra });
  let response: Response;
  try {
    response = await fetch(`${base}/v10/users/@me`, { headers: { authorization: `Bot ${options.token}` }, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  } catch (error) {
    const reason = describeNetworkError(error);
    throw fail('unreachable', reason, `Discord is unreachable at ${base}: ${reason}`, { hint: 'Check this machine’s network and DNS (and DISCORD_API_URL, if set).', cause: error });
  }
  const text = await response.text().catch(() => '');
  if (response.status === 401) {
    throw fail('token_rejected', 'HTTP 401 Unauthorized', 'Discord rejected DISCORD_TOKEN (401 Unauthorized)', { hint: DISCORD_TOKEN_HINT });
  }
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after') ?? 'NaN');
    throw fail('rate_limited', 'HTTP 429', 'Discord is rate-limiting this bot (429)', Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {});
  }
  if (response.status >= 500) throw fail('server_error', `HTTP ${response.status}`, `Discord answered HTTP ${response.status} (a Discord outage)`, { hint: 'Discord’s status page says whether it is down; the bot keeps retrying.' });
  if (!response.ok) throw fail('refused', `HTTP ${response.status}`, `Discord refused the token check: HTTP ${response.status} ${text.slice(0, 200)}`, { hint: `Check DISCORD_API_URL (${base}) points at Discord’s API.` });
  let user: { id?: unknown; username?: unknown; bot?: unknown };
  try {
    user = JSON.parse(text) as typeof user;
  } catch {
    throw fail('refused', 'not JSON', `${base}/v10/users/@me did not answer JSON`, { hint: `Check DISCORD_API_URL (${base}) points at Discord’s API.` });
  }
  if (typeof user.id !== 'string') throw fail('refused', 'no user', `${base}/v10/users/@me answered no user`, { hint: `Check DISCORD_API_URL (${base}) points at Discord’s API.` });
  if (user.bot !== true) throw fail('token_rejected', 'not a bot token', 'DISCORD_TOKEN is a user token, not a bot token', { hint: DISCORD_TOKEN_HINT });
  return { id: user.id, username: typeof user.username === 'string' ? user.username : user.id };
}
