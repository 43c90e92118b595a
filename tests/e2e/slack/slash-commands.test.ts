import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../commands/reply.ts';
import { channelIdOf } from '../../../src/domain/channel.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { newStep, sampleDigest } from '../../adapters/digest-poster-contract.ts';
import { snapshot } from '../../commands/test-context.ts';
import type { FakeBlock } from '../../fakes/slack-api.ts';
import { CHANNEL_A, seedDigest as seedStoredDigest, servicesFor, sign, startSlack, type RunningSlack } from './slack-harness.ts';

interface RespondBody {
  response_type?: string;
  text?: string;
  blocks?: FakeBlock[];
}

const blockText = (body: RespondBody): string => (body.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');

describe('/digest through the real Bolt App (HTTP mode) and a fake Slack', () => {
  let store: Store;
  let slack: RunningSlack | undefined;

  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
    await store.close();
  });

  const seedDigest = (overrides: Parameters<typeof seedStoredDigest>[1] = {}) => seedStoredDigest(store, overrides);

  it('acks a signed /digest takeaways 2 with 200 and answers privately through response_url', async () => {
    const digest = await seedDigest();
    slack = await startSlack({ services: servicesFor(store) });
    expect(slack.adapter.health()).toEqual({ ok: true, detail: `listening on port ${slack.adapter.boundPort()}` });
    const { status, id } = await slack.slash({ text: 'takeaways 2' });
    expect(status).toBe(200);
    const post = await slack.fake.waitForResponse(id);
    const body = post.body as RespondBody;
    expect(post.error).toBeUndefined();
    expect(body.response_type).toBe('ephemeral');
    const text = blockText(body);
    expect(text).toContain('*Key takeaways*');
    expect(text).not.toContain('**');
    for (const takeaway of digest.pieces[1]!.summary.keyTakeaways) expect(text).toContain(`• ${takeaway}`);
    for (const block of body.blocks ?? []) expect(block.text?.verbatim).toBe(true);
    expect(body.text).toContain(digest.pieces[1]!.summary.keyTakeaways[0]);
    // Bolt and the WebClient log through the app's logger at debug level here: the token never shows.
    expect(slack.lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(slack.lines)).not.toContain(slack.fake.botToken);
  });

  it('rejects a bad signature with 401 and runs nothing', async () => {
    let ran = 0;
    slack = await startSlack({ services: servicesFor(store), dispatch: async () => {
      ran++;
      return { visibility: 'ephemeral', kind: 'ok', text: 'ran' };
    } });
    const body = slack.slashBody({ text: 'latest', id: 'bad-sig' });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await slack.postSigned(body, { timestamp, signature: sign(body, timestamp, 'the-wrong-secret') });
    expect(response.status).toBe(401);
    // A body changed after signing fails the same way.
    const tampered = await slack.postSigned(body.replace('latest', 'post'), { timestamp, signature: sign(body, timestamp) });
    expect(tampered.status).toBe(401);
    expect(ran).toBe(0);
    expect(slack.fake.responses('bad-sig')).toHaveLength(0);
  });

  it('rejects a correctly signed request whose timestamp is more than five minutes old with 401', async () => {
    let ran = 0;
    slack = await startSlack({ services: servicesFor(store), dispatch: async () => {
      ran++;
      return { visibility: 'ephemeral', kind: 'ok', text: 'ran' };
    } });
    const body = slack.slashBody({ text: 'latest', id: 'stale' });
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await slack.postSigned(body, { timestamp: stale });
    expect(response.status).toBe(401);
    expect(ran).toBe(0);
  });

  it('acts once on a request Slack retried (X-Slack-Retry-Num: 1, same body)', async () => {
    const texts: string[] = [];
    const dispatch = async (text: string): Promise<Reply> => {
      texts.push(text);
      return { visibility: 'in_channel', kind: 'ok', text: 'Posted **the digest**.' };
    };
    slack = await startSlack({ services: servicesFor(store), dispatch });
    const body = slack.slashBody({ text: 'post', id: 'retried' });
    const first = await slack.postSigned(body);
    expect(first.status).toBe(200);
    await slack.fake.waitForResponse('retried');
    const retry = await slack.postSigned(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    // Slack must see the retry acknowledged, or it keeps retrying.
    expect(retry.status).toBe(200);
    // The same body again without the header (e.g. a proxy stripped it) is still a repeat.
    const again = await slack.postSigned(body);
    expect(again.status).toBe(200);
    // A different invocation afterwards is handled, which also proves the repeats were fully processed.
    const { id } = await slack.slash({ text: 'post', triggerId: 'another-trigger' });
    await slack.fake.waitForResponse(id);
    expect(texts).toEqual(['post', 'post']);
    expect(slack.fake.responses('retried')).toHaveLength(1);
    const answer = slack.fake.responses('retried')[0]!.body as RespondBody;
    expect(answer.response_type).toBe('in_channel');
    expect(blockText(answer)).toBe('Posted *the digest*.');
  });

  it('refuses an admin command to a non-admin privately and changes nothing', async () => {
    await seedDigest();
    slack = await startSlack({ services: servicesFor(store), users: [{ id: 'U0MEMBER', name: 'member' }] });
    const before = await snapshot(store);
    const { status, id } = await slack.slash({ text: 'settings pieces 2', user: 'U0MEMBER' });
    expect(status).toBe(200);
    const body = (await slack.fake.waitForResponse(id)).body as RespondBody;
    expect(body.response_type).toBe('ephemeral');
    expect(blockText(body)).toMatch(/admins only/);
    expect(await snapshot(store)).toBe(before);
    expect(slack.fake.calls.filter((c) => c.method === 'users.info').map((c) => c.body['user'])).toEqual(['U0MEMBER']);
    // Nothing was posted in the channel either.
    expect(slack.fake.channelMessages(CHANNEL_A)).toHaveLength(0);
  });

  it('lets a workspace admin (users.info is_admin) and an allowlisted user run admin commands', async () => {
    await seedDigest();
    slack = await startSlack({ services: servicesFor(store), users: [{ id: 'U0ADMIN', is_admin: true }, { id: 'U0OWNER', is_owner: true }], admins: ['U0LISTED'] });
    const channelId = channelIdOf(slack.ref(CHANNEL_A));
    for (const [user, count] of [['U0ADMIN', 2], ['U0OWNER', 3], ['U0LISTED', 5]] as const) {
      const { id } = await slack.slash({ text: `settings pieces ${count}`, user });
      const body = (await slack.fake.waitForResponse(id)).body as RespondBody;
      expect(blockText(body)).toContain(`up to ${count} pieces`);
      expect((await store.getChannel(channelId))?.settings.pieces).toBe(count);
    }
    // The allowlist is checked without asking Slack.
    expect(slack.fake.calls.filter((c) => c.method === 'users.info').map((c) => c.body['user'])).toEqual(['U0ADMIN', 'U0OWNER']);
  });

  it('escapes feed text in an answer so a title cannot ping the channel', async () => {
    await seedDigest({ 2: { title: 'Gotcha <!channel> <@U123> <https://evil.example|click>' } });
    slack = await startSlack({ services: servicesFor(store) });
    const { id } = await slack.slash({ text: 'takeaways 2' });
    const body = (await slack.fake.waitForResponse(id)).body as RespondBody;
    for (const text of [blockText(body), body.text ?? '']) {
      expect(text).toContain('&lt;!channel&gt;');
      expect(text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
    }
  });

  it('falls back to chat.postEphemeral when the response_url has expired', async () => {
    const digest = await seedDigest();
    slack = await startSlack({ services: servicesFor(store) });
    const id = 'expired-one';
    slack.fake.expireResponseUrl(id);
    const response = await slack.postSigned(slack.slashBody({ text: 'takeaways 1', id, user: 'U0MEMBER' }));
    expect(response.status).toBe(200);
    const ephemeral = await slack.fake.waitForMessage((m) => m.ephemeralUser !== undefined);
    expect(slack.fake.messages).toEqual([ephemeral]);
    expect(ephemeral?.ephemeralUser).toBe('U0MEMBER');
    expect(ephemeral?.channel).toBe(CHANNEL_A);
    expect(ephemeral?.blocks.map((b) => b.text?.text).join('\n')).toContain(`• ${digest.pieces[0]!.summary.keyTakeaways[0]}`);
    expect(slack.fake.channelMessages(CHANNEL_A)).toHaveLength(0);
  });

  it('acks before the command finishes, then answers when it does', async () => {
    let release: (reply: Reply) => void = () => undefined;
    const dispatch = (): Promise<Reply> =>
      new Promise<Reply>((resolve) => {
        release = resolve;
      });
    slack = await startSlack({ services: servicesFor(store), dispatch });
    const { status, id } = await slack.slash({ text: 'ask 1 is this slow?' });
    // The HTTP response (the ack) came back while the command is still running.
    expect(status).toBe(200);
    expect(slack.fake.responses(id)).toHaveLength(0);
    release({ visibility: 'ephemeral', kind: 'ok', text: 'Finally.' });
    const body = (await slack.fake.waitForResponse(id)).body as RespondBody;
    expect(blockText(body)).toBe('Finally.');
  });

  it('runs /digest post for an admin: the digest thread lands in the channel and the answer is in-channel', async () => {
    const digest = sampleDigest(2);
    let running: RunningSlack | undefined;
    const services = servicesFor(store, {
      async post(channel) {
        const poster = running!.adapter.poster;
        const header = await poster.postHeader(channel.ref, digest, newStep());
        const thread = await poster.openThread(channel.ref, header, digest, newStep());
        for (const piece of digest.pieces) await poster.postPiece(channel.ref, thread, digest, piece, newStep());
        return { posted: true, digest };
      },
    });
    slack = running = await startSlack({ services, users: [{ id: 'U0ADMIN', is_admin: true }] });
    const { id } = await slack.slash({ text: 'post', user: 'U0ADMIN' });
    const body = (await slack.fake.waitForResponse(id)).body as RespondBody;
    expect(body.response_type).toBe('in_channel');
    expect(blockText(body)).toContain(`Posted *${digest.title}* with 2 pieces`);
    const [parent] = slack.fake.channelMessages(CHANNEL_A);
    expect(parent?.blocks[0]?.text?.text).toBe(digest.title);
    expect(slack.fake.threadReplies(CHANNEL_A, parent!.ts)).toHaveLength(2);
  });

  it('reports a command that throws privately instead of leaving the user waiting', async () => {
    slack = await startSlack({ services: servicesFor(store), dispatch: async () => {
      throw new Error('database on fire');
    } });
    const { status, id } = await slack.slash({ text: 'latest' });
    expect(status).toBe(200);
    const body = (await slack.fake.waitForResponse(id)).body as RespondBody;
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/something went wrong/i);
    expect(body.text).not.toContain('database on fire');
    expect(slack.lines.some((l) => l['msg'] === 'slack command failed')).toBe(true);
  });
});
