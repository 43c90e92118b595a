import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import type { Store } from '../../../src/store/store.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import { buildCommandInteraction, startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';
import { captureLogger as captureDiscordLogger, CHANNEL_A, GUILD_ID, GUILDS } from '../discord/discord-harness.ts';
import { servicesFor, startSlack, type RunningSlack } from '../slack/slack-harness.ts';

/** Text that only ever travels in a request body: if it shows up in a log line, a body was logged. */
const BODY_MARKER = 'reply-body-marker-7f3a';

const MANAGE_GUILD = '32';

/**
 * Each platform error path is forced against the fakes; the captured log lines must name the failure
 * but never the interaction token, the webhook or response_url, the bot token or the request body.
 */
describe('logs carry no secrets when a platform call fails', () => {
  let fake: FakeDiscord | undefined;
  let adapter: DiscordAdapter | undefined;
  let store: Store | undefined;
  let slack: RunningSlack | undefined;
  afterEach(async () => {
    await adapter?.stop();
    await fake?.close();
    await slack?.close();
    await store?.close();
    adapter = undefined;
    fake = undefined;
    slack = undefined;
    store = undefined;
  });

  const startDiscord = async (): Promise<Record<string, unknown>[]> => {
    fake = await startFakeDiscord({ guilds: GUILDS });
    store = await createSqliteStore({ path: ':memory:' });
    const { logger, lines } = captureDiscordLogger();
    adapter = createDiscordAdapter({
      token: fake.token,
      apiUrl: fake.apiUrl,
      guildIds: [GUILD_ID],
      services: servicesFor(store),
      logger,
      dispatch: async () => ({ visibility: 'ephemeral', kind: 'ok', text: `answer ${BODY_MARKER}` }),
    });
    await adapter.start();
    return lines;
  };

  const interact = (subcommand: string, token: string): void => {
    fake!.dispatchInteraction(buildCommandInteraction({ applicationId: fake!.applicationId, guildId: GUILD_ID, channelId: CHANNEL_A, token, subcommand, permissions: MANAGE_GUILD }));
  };

  const expectClean = (lines: Record<string, unknown>[], secrets: string[]): void => {
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of secrets) expect(text, `log lines contain ${secret}`).not.toContain(secret);
    expect(text).not.toContain(BODY_MARKER);
  };

  it('Discord: a refused interaction callback logs neither the interaction token nor the reply body', async () => {
    const lines = await startDiscord();
    const token = 'interaction-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    // The answer and the "something went wrong" notice both fail, so both failures are logged.
    fake!.failNext({ method: 'POST', path: /\/callback$/ }, { status: 400, code: 50035, message: 'Invalid Form Body', times: 2 });
    interact('latest', token);
    await fake!.waitForCall((c) => c.path.endsWith('/callback') && c.status === 400);
    await expect.poll(() => lines.filter((l) => l['level'] === 40 && /could not tell the user/.test(String(l['msg']))).length).toBe(1);
    const failure = lines.find((l) => /discord interaction failed/.test(String(l['msg'])));
    expect(JSON.stringify(failure)).toMatch(/Invalid Form Body/);
    expectClean(lines, [token, fake!.token]);
  });

  it('Discord: a refused edit of a deferred reply (webhook route) logs neither the token nor the body', async () => {
    const lines = await startDiscord();
    const token = 'interaction-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    fake!.failNext({ method: 'PATCH', path: /\/webhooks\// }, { status: 404, code: 10015, message: 'Unknown Webhook' });
    fake!.failNext({ method: 'POST', path: /\/webhooks\// }, { status: 404, code: 10015, message: 'Unknown Webhook' });
    interact('post', token);
    await expect.poll(() => lines.filter((l) => /could not tell the user/.test(String(l['msg']))).length).toBe(1);
    expect(JSON.stringify(lines)).toMatch(/Unknown Webhook/);
    expectClean(lines, [token, `/webhooks/${fake!.applicationId}/${token}`]);
  });

  it('Slack: an expired response_url and a failed fallback post log neither the response_url nor the body', async () => {
    store = await createSqliteStore({ path: ':memory:' });
    slack = await startSlack({
      services: servicesFor(store),
      dispatch: async () => ({ visibility: 'ephemeral', kind: 'ok', text: `answer ${BODY_MARKER}` }),
      retries: 0,
    });
    slack.fake.failNext('chat.postEphemeral', { error: 'internal_error', status: 500 });
    slack.fake.failNext('chat.postEphemeral', { error: 'internal_error', status: 500 });
    const { id } = await slack.slash({ text: 'latest', triggerId: 'T1' });
    slack.fake.expireResponseUrl(id);
    const { id: second } = await slack.slash({ text: 'latest', triggerId: 'T2' });
    slack.fake.expireResponseUrl(second);
    await expect.poll(() => slack!.lines.filter((l) => /could not tell the user|slack command failed/.test(String(l['msg']))).length).toBeGreaterThan(0);
    expect(JSON.stringify(slack.lines)).toMatch(/expired_url|404/);
    expectClean(slack.lines, [slack.fake.responseUrl(id), slack.fake.responseUrl(second), slack.fake.botToken]);
  });

  it('Slack: a failing users.info during an admin check logs neither the bot token nor the request', async () => {
    store = await createSqliteStore({ path: ':memory:' });
    slack = await startSlack({ services: servicesFor(store), retries: 0 });
    slack.fake.failNext('users.info', { error: 'internal_error', status: 500 });
    const { id } = await slack.slash({ text: 'settings pieces 5' });
    await slack.fake.waitForResponse(id);
    expect(slack.lines.some((l) => /admin check/.test(String(l['msg'])))).toBe(true);
    expectClean(slack.lines, [slack.fake.botToken, slack.fake.responseUrl(id)]);
  });
});
