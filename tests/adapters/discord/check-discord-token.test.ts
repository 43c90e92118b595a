import { afterEach, describe, expect, it } from 'vitest';
import { checkDiscordToken } from '../../../adapters/discord/check-discord-token.ts';
import { toDiscordConnectError } from '../../../adapters/discord/discord-connect-error.ts';
import { PlatformConnectError } from '../../../src/connect/platform-error.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';
import { freePort } from '../../e2e/run/run-process.ts';

describe('the Discord token check (GET /users/@me, once)', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('returns the bot user for a good token', async () => {
    fake = await startFakeDiscord();
    expect(await checkDiscordToken({ token: fake.token, apiUrl: fake.apiUrl })).toEqual({ id: fake.botUserId, username: 'digest-bot' });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: '/users/@me', status: 200 });
  });

  it('classifies each failure with a code, naming DISCORD_TOKEN only when the token is at fault', async () => {
    fake = await startFakeDiscord();
    await expect(checkDiscordToken({ token: 'wrong', apiUrl: fake.apiUrl })).rejects.toMatchObject({ kind: 'token_rejected', variable: 'DISCORD_TOKEN', retryable: false, message: 'Discord rejected DISCORD_TOKEN (401 Unauthorized)' });
    fake.failNext({ path: '/users/@me' }, { status: 502 });
    await expect(checkDiscordToken({ token: fake.token, apiUrl: fake.apiUrl })).rejects.toMatchObject({ kind: 'server_error', variable: undefined, retryable: true });
    fake.failNext({ path: '/users/@me' }, { status: 429, retryAfter: 7 });
    await expect(checkDiscordToken({ token: fake.token, apiUrl: fake.apiUrl })).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 7, retryable: true });
    fake.failNext({ path: '/users/@me' }, { status: 403, message: 'Forbidden' });
    await expect(checkDiscordToken({ token: fake.token, apiUrl: fake.apiUrl })).rejects.toMatchObject({ kind: 'refused', retryable: false });
    const closed = await freePort();
    await expect(checkDiscordToken({ token: fake.token, apiUrl: `http://127.0.0.1:${closed}/api` })).rejects.toMatchObject({ kind: 'unreachable', retryable: true, reason: expect.stringContaining('connection refused') });
  });

  it('maps discord.js login failures to coded errors', () => {
    const invalid = Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' });
    expect(toDiscordConnectError(invalid)).toMatchObject({ kind: 'token_rejected', variable: 'DISCORD_TOKEN' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toDiscordConnectError(refused)).toBeInstanceOf(PlatformConnectError);
    expect(toDiscordConnectError(refused)).toMatchObject({ kind: 'unreachable' });
    const bug = new TypeError('x is not a function');
    expect(toDiscordConnectError(bug)).toBe(bug);
  });
});
