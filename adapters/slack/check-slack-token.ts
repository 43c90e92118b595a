import { describeNetworkError, PlatformConnectError, type PlatformErrorKind } from '../../src/connect/platform-error.ts';

/** Slack's Web API base; what SLACK_API_URL overrides. */
export const SLACK_API = 'https://slack.com/api/';

export const SLACK_BOT_TOKEN_HINT = 'Set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…) from the app’s OAuth & Permissions page; reinstall the app to the workspace if it was revoked.';
export const SLACK_APP_TOKEN_HINT = 'Set SLACK_APP_TOKEN to an app-level token (xapp-…) with the connections:write scope (the app’s Basic Information page → App-Level Tokens), with Socket Mode turned on; or use slack.mode: http.';

/** Error strings meaning the credential itself is bad: fixing the variable is the only cure. */
export const SLACK_BAD_TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type', 'invalid_token']);

export interface SlackIdentity {
  teamId: string;
  team: string;
  userId: string;
  botId: string | undefined;
  scopes: string[] | undefined;
}

type Variable = 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';

/** Maps a Slack `error` string (or an HTTP status) to a PlatformConnectError naming the variable at fault. */
export function slackConnectError(options: { error?: string; status?: number; retryAfterSeconds?: number; variable: Variable; method: string; cause?: unknown }): PlatformConnectError {
  const { error, status, variable, method } = options;
  const make = (kind: PlatformErrorKind, reason: string, message: string, hint?: string) =>
    new PlatformConnectError({
      platform: 'slack',
      kind,
      reason,
      message,
      ...(hint === undefined ? {} : { hint }),
      ...(kind === 'token_rejected' ? { variable } : {}),
      ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
      cause: options.cause,
    });
  const hint = variable === 'SLACK_BOT_TOKEN' ? SLACK_BOT_TOKEN_HINT : SLACK_APP_TOKEN_HINT;
  if (error !== undefined && SLACK_BAD_TOKEN_ERRORS.has(error)) return make('token_rejected', error, `Slack rejected ${variable} (${error})`, hint);
  if (error === 'ratelimited' || status === 429) return make('rate_limited', error ?? 'HTTP 429', `Slack is rate-limiting ${method} (429)`);
  if (status !== undefined && status >= 500) return make('server_error', `HTTP ${status}`, `Slack answered HTTP ${status} to ${method} (a Slack outage)`, 'Slack’s status page says whether it is down; the bot keeps retrying.');
  if (error === 'internal_error' || error === 'fatal_error' || error === 'service_unavailable' || error === 'request_timeout') {
    return make('server_error', error, `Slack failed ${method} (${error})`, 'Slack’s status page says whether it is down; the bot keeps retrying.');
  }
  return make('refused', error ?? `HTTP ${status ?? '?'}`, `Slack refused ${method}: ${error ?? `HTTP ${status ?? '?'}`}`, hint);
}

/**
 * One Web API call with a token, once, no retries, classified: the JSON answer and headers when Slack says ok,
 * otherwise a PlatformConnectError (rejected token, unreachable, 5xx, 429, refused).
 */
export async function callSlackOnce(options: { method: string; token: string; variable: Variable; apiUrl?: string; timeoutMs?: number }): Promise<{ body: Record<string, unknown>; headers: Headers }> {
  const base = (options.apiUrl ?? SLACK_API).replace(/\/*$/, '/');
  let response: Response;
  try {
    response = await fetch(`${base}${options.method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const reason = describeNetworkError(error);
    throw new PlatformConnectError({ platform: 'slack', kind: 'unreachable', reason, message: `Slack is unreachable at ${base}: ${reason}`, hint: 'Check this machine’s network and DNS (and SLACK_API_URL, if set).', cause: error });
  }
  const retryAfter = Number(response.headers.get('retry-after') ?? 'NaN');
  const retry = Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {};
  let body: Record<string, unknown> | undefined;
  try {
    body = await response.json() as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const error = typeof body?.['error'] === 'string' ? body['error'] : undefined;
  if (response.status !== 200 || body === undefined || body['ok'] !== true) {
    throw slackConnectError({ ...(error === undefined ? {} : { error }), status: response.status, ...retry, variable: options.variable, method: options.method });
  }
  return { body, headers: response.headers };
}

/** auth.test with the bot token: who the bot is, in which workspace, and its granted scopes (Slack's x-oauth-scopes). */
export async function checkSlackBotToken(options: { token: string; apiUrl?: string; timeoutMs?: number }): Promise<SlackIdentity> {
  const { body, headers } = await callSlackOnce({ ...options, method: 'auth.test', variable: 'SLACK_BOT_TOKEN' });
  const scopes = headers.get('x-oauth-scopes');
  return {
    teamId: String(body['team_id'] ?? ''),
    team: String(body['team'] ?? ''),
    userId: String(body['user_id'] ?? ''),
    botId: typeof body['bot_id'] === 'string' ? body['bot_id'] : undefined,
    scopes: scopes === null ? undefined : scopes.split(',').map((s) => s.trim()).filter(Boolean),
  };
}
