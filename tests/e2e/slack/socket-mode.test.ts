import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../commands/reply.ts';
import type { CommandServices } from '../../../commands/services.ts';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import type { TextDispatcher } from '../../../adapters/slack/handle-slash-command.ts';
import { channelIdOf } from '../../../src/domain/channel.ts';
import { DigestError } from '../../../src/errors.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { snapshot } from '../../commands/test-context.ts';
import { startFakeSlack, type FakeBlock, type FakeSlack, type FakeSlackUser } from '../../fakes/slack-api.ts';
import { ACK_DEADLINE_MS, startFakeSocketMode, type FakeSocketMode, type SlashCommandFields, type SocketModeAck } from '../../fakes/slack-socket-mode.ts';
import { captureLogger, CHANNEL_A, seedDigest as seedStoredDigest, servicesFor } from './slack-harness.ts';

interface RespondBody {
  response_type?: string;
  text?: string;
  blocks?: FakeBlock[];
}

const blockText = (body: RespondBody): string => (body.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');

interface RunningSocketSlack {
  fake: FakeSlack;
  socket: FakeSocketMode;
  adapter: SlackAdapter;
  lines: Record<string, unknown>[];
  clientOptions: { slackApiUrl: string; retryConfig: { retries: number } };
  /** Delivers `/digest <text>` over the socket; resolves with the ack and the response_url id to wait on. */
  slash(input: { text: string; user?: string; triggerId?: string }): Promise<{ ack: SocketModeAck; id: string; fields: SlashCommandFields }>;
  close(): Promise<void>;
}

let counter = 0;

/** The real Bolt App in Socket Mode: its Web API and Socket Mode clients both pointed at the fakes by clientOptions.slackApiUrl. */
async function startSocketSlack(options: { services: CommandServices; users?: FakeSlackUser[]; admins?: string[]; dispatch?: TextDispatcher; appToken?: string }): Promise<RunningSocketSlack> {
  const socket = await startFakeSocketMode();
  const fake = await startFakeSlack({ users: options.users ?? [], socketMode: socket });
  const { logger, lines } = captureLogger();
  const clientOptions = { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } };
  const adapter = createSlackAdapter({
    mode: 'socket',
    botToken: fake.botToken,
    appToken: options.appToken ?? socket.appToken,
    port: 0,
    admins: options.admins ?? [],
    services: options.services,
    logger,
    clientOptions,
    ...(options.dispatch ? { dispatch: options.dispatch } : {}),
  });
  const close = async (): Promise<void> => {
    await adapter.stop();
    await socket.close();
    await fake.close();
  };
  return {
    fake,
    socket,
    adapter,
    lines,
    clientOptions,
    async slash(input) {
      const id = `s${++counter}`;
      const fields: SlashCommandFields = {
        command: '/digest',
        text: input.text,
        user_id: input.user ?? 'U0MEMBER',
        channel_id: CHANNEL_A,
        team_id: fake.teamId,
        response_url: fake.responseUrl(id),
        trigger_id: input.triggerId ?? `trigger-${id}`,
      };
      return { ack: await socket.sendSlashCommand(fields), id, fields };
    },
    close,
  };
}

/** start() must connect well within this, or fail. */
const CONNECT_DEADLINE_MS = 4000;

async function started(running: RunningSocketSlack): Promise<RunningSocketSlack> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const opens = running.fake.calls.filter((c) => c.method === 'apps.connections.open').length;
      reject(new Error(`the adapter did not connect within ${CONNECT_DEADLINE_MS} ms; apps.connections.open calls reaching the fake: ${opens}`));
    }, CONNECT_DEADLINE_MS);
  });
  try {
    await Promise.race([running.adapter.start(), deadline]);
  } finally {
    clearTimeout(timer);
  }
  return running;
}

describe('/digest through the real Bolt App in Socket Mode, a fake Socket Mode endpoint and a fake Slack API', () => {
  let store: Store;
  let slack: RunningSocketSlack | undefined;

  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
    await store.close();
  });

  const seedDigest = (overrides: Parameters<typeof seedStoredDigest>[1] = {}) => seedStoredDigest(store, overrides);

  it('connects through the configured Slack API URL: apps.connections.open with the app token only, then the socket it returned', async () => {
    slack = await startSocketSlack({ services: servicesFor(store) });
    const { fake, socket, adapter } = await started(slack);
    expect(adapter.health()).toEqual({ ok: true, detail: 'socket mode connected' });
    const opens = fake.calls.filter((c) => c.method === 'apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ token: socket.appToken, status: 200, error: undefined });
    // The bot token is never sent to apps.connections.open, and the app token never to anything else.
    // (auth.test twice: the adapter's own single-shot token check, then Bolt's init.)
    expect(fake.calls.filter((c) => c.token === fake.botToken).map((c) => c.method)).toEqual(['auth.test', 'auth.test']);
    expect(fake.calls.filter((c) => c.token === socket.appToken).map((c) => c.method)).toEqual(['apps.connections.open']);
    // The one ticket apps.connections.open handed out is the connection the client made.
    expect(socket.connections).toHaveLength(1);
    expect(socket.issued[0]).toContain(socket.connections[0]!.ticket);
    expect(socket.openConnections()).toHaveLength(1);
    // The caller's options are not written into by Bolt or the Socket Mode client.
    expect(slack.clientOptions).toEqual({ slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect(JSON.stringify(slack.lines)).not.toContain(socket.appToken);
    expect(JSON.stringify(slack.lines)).not.toContain(fake.botToken);
  });

  it('acks /digest takeaways 2 within Slack’s 3 s and answers privately through response_url', async () => {
    const digest = await seedDigest();
    slack = await started(await startSocketSlack({ services: servicesFor(store) }));
    const { ack, id } = await slack.slash({ text: 'takeaways 2' });
    expect(ack.afterMs).toBeLessThan(ACK_DEADLINE_MS);
    // A bare ack: the answer goes through response_url, not the ack payload.
    expect(ack.payload).toEqual({});
    const post = await slack.fake.waitForResponse(id);
    const body = post.body as RespondBody;
    expect(post.error).toBeUndefined();
    expect(body.response_type).toBe('ephemeral');
    const text = blockText(body);
    expect(text).toContain('*Key takeaways*');
    for (const takeaway of digest.pieces[1]!.summary.keyTakeaways) expect(text).toContain(`• ${takeaway}`);
    expect(slack.fake.channelMessages(CHANNEL_A)).toHaveLength(0);
  });

  it('answers /digest help', async () => {
    slack = await started(await startSocketSlack({ services: servicesFor(store) }));
    const { ack, id } = await slack.slash({ text: 'help' });
    expect(ack.afterMs).toBeLessThan(ACK_DEADLINE_MS);
    const body = (await slack.fake.waitForResponse(id)).body as RespondBody;
    expect(body.response_type).toBe('ephemeral');
    expect(blockText(body)).toContain('takeaways');
  });

  it('acks before a slow command finishes, then answers when it does', async () => {
    let release: (reply: Reply) => void = () => undefined;
    const dispatch = (): Promise<Reply> =>
      new Promise<Reply>((resolve) => {
        release = resolve;
      });
    slack = await started(await startSocketSlack({ services: servicesFor(store), dispatch }));
    const { ack, id } = await slack.slash({ text: 'ask 1 is this slow?' });
    expect(ack.afterMs).toBeLessThan(ACK_DEADLINE_MS);
    expect(slack.fake.responses(id)).toHaveLength(0);
    release({ visibility: 'ephemeral', kind: 'ok', text: 'Finally.' });
    expect(blockText((await slack.fake.waitForResponse(id)).body as RespondBody)).toBe('Finally.');
  });

  it('refuses an admin command to a non-admin privately and changes nothing', async () => {
    await seedDigest();
    slack = await started(await startSocketSlack({ services: servicesFor(store), users: [{ id: 'U0MEMBER', name: 'member' }] }));
    const before = await snapshot(store);
    const { ack, id } = await slack.slash({ text: 'settings pieces 2', user: 'U0MEMBER' });
    expect(ack.afterMs).toBeLessThan(ACK_DEADLINE_MS);
    const body = (await slack.fake.waitForResponse(id)).body as RespondBody;
    expect(body.response_type).toBe('ephemeral');
    expect(blockText(body)).toMatch(/admins only/);
    expect(await snapshot(store)).toBe(before);
    expect(slack.fake.calls.filter((c) => c.method === 'users.info').map((c) => c.body['user'])).toEqual(['U0MEMBER']);
    expect(slack.fake.channelMessages(CHANNEL_A)).toHaveLength(0);
  });

  it('lets a workspace admin run an admin command over the socket', async () => {
    await seedDigest();
    slack = await started(await startSocketSlack({ services: servicesFor(store), users: [{ id: 'U0ADMIN', is_admin: true }] }));
    const { id } = await slack.slash({ text: 'settings pieces 2', user: 'U0ADMIN' });
    expect(blockText((await slack.fake.waitForResponse(id)).body as RespondBody)).toContain('up to 2 pieces');
    expect((await store.getChannel(channelIdOf({ platform: 'slack', workspaceId: 'T0FAKE', channelId: CHANNEL_A })))?.settings.pieces).toBe(2);
  });

  it('acks a redelivered envelope (same envelope_id, retry_attempt 1) and does not act on it twice', async () => {
    const texts: string[] = [];
    const dispatch = async (text: string): Promise<Reply> => {
      texts.push(text);
      return { visibility: 'in_channel', kind: 'ok', text: 'Posted the digest.' };
    };
    slack = await started(await startSocketSlack({ services: servicesFor(store), dispatch }));
    const { ack, id, fields } = await slack.slash({ text: 'post' });
    await slack.fake.waitForResponse(id);
    // Slack redelivers the envelope it thinks went unacknowledged: same id and payload, retry_attempt set.
    const redelivered = await slack.socket.sendSlashCommand(fields, { envelopeId: ack.envelope_id, retryAttempt: 1, retryReason: 'timeout' });
    expect(redelivered.envelope_id).toBe(ack.envelope_id);
    expect(redelivered.afterMs).toBeLessThan(ACK_DEADLINE_MS);
    // The same payload in a fresh envelope without retry fields is still the same invocation (same trigger_id).
    await slack.socket.sendSlashCommand(fields);
    // A different invocation afterwards is handled, which also shows the repeats were fully processed.
    const next = await slack.slash({ text: 'post', triggerId: 'another-trigger' });
    await slack.fake.waitForResponse(next.id);
    expect(texts).toEqual(['post', 'post']);
    expect(slack.fake.responses(id)).toHaveLength(1);
    expect(slack.lines.filter((l) => l['msg'] === 'ignoring a repeated slack command request').map((l) => l['retryNum'])).toEqual([1, undefined]);
  });

  it('runs a redelivered envelope whose first delivery never reached the bot, once', async () => {
    const texts: string[] = [];
    const dispatch = async (text: string): Promise<Reply> => {
      texts.push(text);
      return { visibility: 'in_channel', kind: 'ok', text: `ran ${text}` };
    };
    slack = await started(await startSocketSlack({ services: servicesFor(store), dispatch }));
    const id = 'socket-lost-first';
    const fields: SlashCommandFields = {
      command: '/digest',
      text: 'post',
      user_id: 'U0MEMBER',
      channel_id: CHANNEL_A,
      team_id: slack.fake.teamId,
      response_url: slack.fake.responseUrl(id),
      trigger_id: 'trigger-lost-first',
    };
    // The first copy the bot sees is Slack's redelivery (retry_attempt 1): it is the only copy, so it runs.
    await slack.socket.sendSlashCommand(fields, { retryAttempt: 1, retryReason: 'timeout' });
    await slack.fake.waitForResponse(id);
    await slack.socket.sendSlashCommand(fields, { retryAttempt: 2, retryReason: 'timeout' });
    const next = await slack.slash({ text: 'latest', triggerId: 'after-lost-first' });
    await slack.fake.waitForResponse(next.id);
    expect(texts).toEqual(['post', 'latest']);
    expect(slack.fake.responses(id)).toHaveLength(1);
  });

  it('reconnects through apps.connections.open on the configured URL after Slack asks for a refresh', async () => {
    const digest = await seedDigest();
    slack = await started(await startSocketSlack({ services: servicesFor(store) }));
    const { socket, fake } = slack;
    const first = socket.connections[0]!;
    socket.disconnect('refresh_requested');
    // The client closes the old connection itself, normally.
    expect(await first.closed).toBe(1000);
    // Between the two connections /healthz says so rather than reporting a socket that is gone.
    expect(slack.adapter.health()).toEqual({ ok: false, detail: 'socket mode reconnecting' });
    // @slack/socket-mode waits its client ping timeout (5 s) before reconnecting; Bolt does not expose it.
    const second = await socket.waitForConnection(2, 8000);
    expect(second.ticket).not.toBe(first.ticket);
    const opens = fake.calls.filter((c) => c.method === 'apps.connections.open');
    expect(opens.map((c) => c.token)).toEqual([socket.appToken, socket.appToken]);
    const { ack, id } = await slack.slash({ text: 'takeaways 1' });
    expect(ack.connection).toBe(2);
    expect(blockText((await fake.waitForResponse(id)).body as RespondBody)).toContain(`• ${digest.pieces[0]!.summary.keyTakeaways[0]}`);
    expect(slack.adapter.health()).toEqual({ ok: true, detail: 'socket mode connected' });
  }, 15_000);

  it('stop() closes the socket normally and does not reconnect', async () => {
    slack = await started(await startSocketSlack({ services: servicesFor(store) }));
    const { socket, fake, adapter } = slack;
    await adapter.stop();
    expect(await socket.connections[0]!.closed).toBe(1000);
    expect(adapter.health()).toEqual({ ok: false, detail: 'not started' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socket.openConnections()).toHaveLength(0);
    expect(fake.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(1);
    await expect(socket.sendSlashCommand({ command: '/digest', text: 'help', user_id: 'U0MEMBER', channel_id: CHANNEL_A, team_id: fake.teamId, response_url: fake.responseUrl('late'), trigger_id: 'late' })).rejects.toThrow(
      /no open connection/,
    );
  });

  it('fails start() with a DigestError naming SLACK_APP_TOKEN when Slack refuses the app token', async () => {
    slack = await startSocketSlack({ services: servicesFor(store), appToken: 'xapp-1-A0APP-1-revoked' });
    const error = await slack.adapter.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestError);
    expect((error as DigestError).message).toContain('invalid_auth');
    expect((error as DigestError).hint).toContain('SLACK_APP_TOKEN');
    expect(slack.socket.connections).toHaveLength(0);
    expect(slack.adapter.health().ok).toBe(false);
  });
});

describe('the fake Slack API’s apps.connections.open', () => {
  it('answers a ws URL with a single-use ticket for the app token, and not_allowed_token_type for a bot token, as Slack does', async () => {
    const socket = await startFakeSocketMode();
    const fake = await startFakeSlack({ socketMode: socket });
    try {
      const open = async (token: string): Promise<Record<string, unknown>> => {
        const response = await fetch(`${fake.apiUrl}apps.connections.open`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
        return (await response.json()) as Record<string, unknown>;
      };
      const ok = await open(socket.appToken);
      expect(ok).toMatchObject({ ok: true });
      expect(String(ok['url'])).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[\w-]+&app_id=A0APP$/);
      expect(await open(fake.botToken)).toEqual({ ok: false, error: 'not_allowed_token_type' });
      expect(await open('xapp-1-someone-else')).toEqual({ ok: false, error: 'invalid_auth' });
      // The ticket works once: a second connection with it is refused at the handshake.
      const url = String(ok['url']);
      const connect = (): Promise<string> =>
        new Promise((resolve) => {
          const ws = new WebSocket(url);
          ws.addEventListener('message', (event) => {
            resolve(String(event.data));
            ws.close();
          });
          ws.addEventListener('error', () => resolve('refused'));
        });
      const hello = JSON.parse(await connect()) as Record<string, unknown>;
      expect(hello).toMatchObject({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' } });
      expect(await connect()).toBe('refused');
    } finally {
      await socket.close();
      await fake.close();
    }
  });
});
