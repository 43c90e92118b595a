import { Client, GatewayIntentBits, type RateLimitData } from 'discord.js';

export interface DiscordClientOptions {
  token: string;
  /** Base API URL without version, e.g. a fake's `http://127.0.0.1:P/api`; Discord's by default. */
  apiUrl?: string;
  /** A rate limit longer than this fails the request (a transient DeliveryError) instead of queueing it. */
  maxRateLimitWaitMs?: number;
  /** Gateway intents; Guilds only by default (reader discussion adds message and reaction intents: thread-events.ts). */
  intents?: readonly GatewayIntentBits[];
}

/**
 * A Client with the Guilds intent only unless told otherwise, and no mention parsing anywhere,
 * so text from a feed can never ping a server. The token goes to REST at once so posting works
 * before the gateway is up.
 */
export function createDiscordClient(options: DiscordClientOptions): Client {
  const maxWait = options.maxRateLimitWaitMs ?? 60_000;
  const client = new Client({
    intents: [...(options.intents ?? [GatewayIntentBits.Guilds])],
    allowedMentions: { parse: [] },
    rest: {
      ...(options.apiUrl === undefined ? {} : { api: options.apiUrl }),
      rejectOnRateLimit: (data: RateLimitData) => data.retryAfter > maxWait,
    },
  });
  client.rest.setToken(options.token);
  return client;
}
