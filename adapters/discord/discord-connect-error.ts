import { DiscordAPIError, DiscordjsErrorCodes, HTTPError, RateLimitError } from 'discord.js';
import { describeNetworkError, PlatformConnectError } from '../../src/connect/platform-error.ts';
import { DISCORD_TOKEN_HINT } from './check-discord-token.ts';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** What discord.js threw while logging in, as a coded PlatformConnectError; anything unrecognised is returned as it is. */
export function toDiscordConnectError(error: unknown): unknown {
  if (error instanceof PlatformConnectError) return error;
  const base = { platform: 'discord', cause: error } as const;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === DiscordjsErrorCodes.TokenInvalid || code === DiscordjsErrorCodes.TokenMissing || (error instanceof DiscordAPIError && error.status === 401)) {
    return new PlatformConnectError({ ...base, kind: 'token_rejected', variable: 'DISCORD_TOKEN', reason: String(code ?? 'HTTP 401'), message: 'Discord rejected DISCORD_TOKEN', hint: DISCORD_TOKEN_HINT });
  }
  if (code === DiscordjsErrorCodes.DisallowedIntents) {
    return new PlatformConnectError({ ...base, kind: 'refused', reason: String(code), message: 'Discord refused the gateway intents the bot asks for',
      hint: 'The bot needs only the Guilds intent; check the application’s Bot settings in the Developer Portal.' });
  }
  if (error instanceof RateLimitError) {
    return new PlatformConnectError({ ...base, kind: 'rate_limited', reason: 'HTTP 429', message: 'Discord is rate-limiting the login (429)', retryAfterSeconds: Math.ceil(error.retryAfter / 1000) });
  }
  if ((error instanceof DiscordAPIError || error instanceof HTTPError) && error.status >= 500) {
    return new PlatformConnectError({ ...base, kind: 'server_error', reason: `HTTP ${error.status}`, message: `Discord answered HTTP ${error.status} at login (a Discord outage)` });
  }
  const causeCode = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if ((typeof code === 'string' && NETWORK_CODES.has(code)) || (typeof causeCode === 'string' && NETWORK_CODES.has(causeCode)) || (error instanceof TypeError && error.message === 'fetch failed')) {
    const reason = describeNetworkError(typeof causeCode === 'string' ? error : { cause: error });
    return new PlatformConnectError({ ...base, kind: 'unreachable', reason, message: `Discord’s gateway is unreachable: ${reason}`, hint: 'Check this machine’s network and DNS (and DISCORD_API_URL, if set).' });
  }
  return error;
}
