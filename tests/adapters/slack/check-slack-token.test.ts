import { afterEach, describe, expect, it } from 'vitest';
import { callSlackOnce, checkSlackBotToken } from '../../../adapters/slack/check-slack-token.ts';
import { freePort } from '../../e2e/run/run-process.ts';
import { MANIFEST_SCOPES, startFakeSlack, type FakeSlack } from '../../fakes/slack-api.ts';

describe('the Slack token check (auth.test, once)', () => {
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('returns the workspace, the bot and its granted scopes', async () => {
    fake = await startFakeSlack({ scopes: ['chat:write', 'commands'] });
    expect(await checkSlackBotToken({ token: fake.botToken, apiUrl: fake.apiUrl })).toEqual({ teamId: fake.teamId, team: 'Fake Team', userId: expect.any(String), botId: 'B0BOT', scopes: ['chat:write', 'commands'] });
    expect(MANIFEST_SCOPES.length).toBeGreaterThan(2);
  });

  it('classifies each failure with a code, naming the variable only when the token is at fault', async () => {
    fake = await startFakeSlack();
    await expect(checkSlackBotToken({ token: 'xoxb-wrong', apiUrl: fake.apiUrl })).rejects.toMatchObject({ kind: 'token_rejected', variable: 'SLACK_BOT_TOKEN', message: 'Slack rejected SLACK_BOT_TOKEN (invalid_auth)' });
    fake.failNext('auth.test', { error: 'internal_error', status: 503 });
    await expect(checkSlackBotToken({ token: fake.botToken, apiUrl: fake.apiUrl })).rejects.toMatchObject({ kind: 'server_error', variable: undefined, retryable: true });
    fake.failNext('auth.test', { error: 'ratelimited', retryAfter: 12 });
    await expect(checkSlackBotToken({ token: fake.botToken, apiUrl: fake.apiUrl })).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 12 });
    // A bot token where the app-level token belongs.
    await expect(callSlackOnce({ method: 'apps.connections.open', token: fake.botToken, variable: 'SLACK_APP_TOKEN', apiUrl: fake.apiUrl })).rejects.toMatchObject({ kind: 'token_rejected', variable: 'SLACK_APP_TOKEN',
      reason: 'not_allowed_token_type' });
    const closed = await freePort();
    await expect(checkSlackBotToken({ token: fake.botToken, apiUrl: `http://127.0.0.1:${closed}/api/` })).rejects.toMatchObject({ kind: 'unreachable', retryable: true });
  });
});
