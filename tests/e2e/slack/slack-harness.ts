import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import type { TextDispatcher } from '../../../adapters/slack/handle-slash-command.ts';
import type { CommandServices } from '../../../commands/services.ts';
import { channelIdOf, type ChannelRef, type ChannelSettings } from '../../../src/domain/channel.ts';
import { createLogger, type Logger } from '../../../src/log/logger.ts';
import type { Store } from '../../../src/store/store.ts';
import { sampleDigest } from '../../adapters/digest-poster-contract.ts';
import { testServices, type TestBotOptions } from '../../bot/test-bot.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackUser } from '../../fakes/slack-api.ts';
import { channelSettings } from '../../fixtures/channel-settings.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const CHANNEL_A = 'C0DIGESTA';
export const CHANNEL_B = 'C0DIGESTB';

export const DEFAULTS: ChannelSettings = channelSettings();

/** A logger that keeps its JSON lines for assertions. */
/** Stores a three-piece digest as channel A's latest, for follow-up commands to answer from. */
export async function seedDigest(store: Store, overrides: Parameters<typeof sampleDigest>[1] = {}): Promise<ReturnType<typeof sampleDigest>> {
  const ref = { platform: 'slack' as const, workspaceId: 'T0FAKE', channelId: CHANNEL_A };
  await store.ensureChannel(ref, DEFAULTS);
  const digest = { ...sampleDigest(3, overrides), channelId: channelIdOf(ref) };
  await store.saveDigest(digest);
  return digest;
}

export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ destination, pretty: false, level: 'debug', secrets: [SIGNING_SECRET] }), lines };
}

/** Real use cases on the test's store, the harness's defaults, and fakes for probing and posting. */
export function servicesFor(store: Store, options: Omit<TestBotOptions, 'config'> = {}): CommandServices {
  return testServices(store, { config: HARNESS_CONFIG, now: () => new Date('2026-03-30T10:00:00.000Z'), probe: () => ({ ok: false, error: 'not used here' }), post: () => ({ posted: false, reason: 'no sources yet' }), ...options }).services;
}

/** A config whose defaults are DEFAULTS. */
export const HARNESS_CONFIG = { schedule: { cron: '0 9 * * 1' } };

/** Signs a raw body the way Slack does: v0=hex(HMAC-SHA256(secret, `v0:{ts}:{body}`)). */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashInput {
  text: string;
  user?: string;
  channel?: string;
  triggerId?: string;
}

export interface RunningSlack {
  fake: FakeSlack;
  adapter: SlackAdapter;
  lines: Record<string, unknown>[];
  /** `http://127.0.0.1:P/slack/events` of the real Bolt App. */
  eventsUrl: string;
  ref(channelId: string): ChannelRef;
  /** The form body Slack would send for `/digest <text>`; `id` names its response_url. */
  slashBody(input: SlashInput & { id: string }): string;
  /** POSTs a form body with Slack's headers; signed correctly unless told otherwise. */
  postSigned(body: string, options?: { timestamp?: number; signature?: string; headers?: Record<string, string> }): Promise<Response>;
  /** Runs `/digest <text>` and returns the HTTP status and the response_url id to wait on. */
  slash(input: SlashInput): Promise<{ status: number; id: string }>;
  close(): Promise<void>;
}

let counter = 0;

/** The real Bolt App in HTTP mode on 127.0.0.1 port 0, its WebClient pointed at a fake Slack. Always close(). */
export async function startSlack(options: {
  services: CommandServices;
  users?: FakeSlackUser[];
  admins?: string[];
  dispatch?: TextDispatcher;
  /** The WebClient's retries; 'production' keeps its default policy (ten retries in about 30 minutes). */
  retries?: number | 'production';
}): Promise<RunningSlack> {
  const fake = await startFakeSlack({ users: options.users ?? [] });
  const { logger, lines } = captureLogger();
  const adapter = createSlackAdapter({
    mode: 'http',
    botToken: fake.botToken,
    signingSecret: SIGNING_SECRET,
    port: 0,
    host: '127.0.0.1',
    admins: options.admins ?? [],
    services: options.services,
    logger,
    // A small policy so a 429 with Retry-After: 1 is retried once, quickly.
    clientOptions: options.retries === 'production'
      ? { slackApiUrl: fake.apiUrl }
      : { slackApiUrl: fake.apiUrl, retryConfig: { retries: options.retries ?? 2, factor: 1, minTimeout: 10, maxTimeout: 20 } },
    ...(options.dispatch ? { dispatch: options.dispatch } : {}),
  });
  const close = async (): Promise<void> => {
    await adapter.stop();
    await fake.close();
  };
  try {
    await adapter.start();
  } catch (error) {
    await close();
    throw error;
  }
  const port = adapter.boundPort();
  if (port === undefined) {
    await close();
    throw new Error('the Slack app did not report a bound port');
  }
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;

  const slashBody = (input: SlashInput & { id: string }): string =>
    new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: fake.teamId,
      team_domain: 'fake',
      channel_id: input.channel ?? CHANNEL_A,
      channel_name: 'digest',
      user_id: input.user ?? 'U0MEMBER',
      user_name: 'member',
      command: '/digest',
      text: input.text,
      api_app_id: 'A0APP',
      is_enterprise_install: 'false',
      response_url: fake.responseUrl(input.id),
      trigger_id: input.triggerId ?? `trigger-${input.id}`,
    }).toString();

  const postSigned: RunningSlack['postSigned'] = (body, postOptions = {}) => {
    const timestamp = postOptions.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': postOptions.signature ?? sign(body, timestamp),
        ...postOptions.headers,
      },
      body,
    });
  };

  return {
    fake,
    adapter,
    lines,
    eventsUrl,
    ref: (channelId) => ({ platform: 'slack', workspaceId: fake.teamId, channelId }),
    slashBody,
    postSigned,
    async slash(input) {
      const id = `r${++counter}`;
      const response = await postSigned(slashBody({ ...input, id }));
      await response.text();
      return { status: response.status, id };
    },
    close,
  };
}
