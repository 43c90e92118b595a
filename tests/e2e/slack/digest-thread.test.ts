import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { DeliveryError } from '../../../src/deliver/digest-poster.ts';
import { DigestError } from '../../../src/errors.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { newStep, postWholeDigest, sampleDigest } from '../../adapters/digest-poster-contract.ts';
import { allTexts, BLOCK_LIMITS, blocksProblem, messageText, startFakeSlack, type FakeSlackMessage } from '../../fakes/slack-api.ts';
import { CHANNEL_A, CHANNEL_B, servicesFor, startSlack, type RunningSlack } from './slack-harness.ts';

const INJECTION = '<!channel> <@U123> <https://evil.example|click>';

describe('digest threads posted by the real Bolt App client to a fake Slack', () => {
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

  const start = async (): Promise<RunningSlack> => (slack = await startSlack({ services: servicesFor(store) }));

  it('posts a parent message of the right shape and one threaded reply per piece', async () => {
    const { fake, adapter, ref } = await start();
    const digest = sampleDigest(4);
    await postWholeDigest(adapter.poster, ref(CHANNEL_A), digest);

    const [parent, ...others] = fake.channelMessages(CHANNEL_A);
    expect(others).toHaveLength(0);
    expect(parent!.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'section']);
    expect(parent!.blocks[0]!.text).toEqual({ type: 'plain_text', text: digest.title, emoji: false });
    expect(parent!.blocks[1]!.text?.text).toBe(digest.headerLine);
    expect(parent!.blocks[2]!.elements?.[0]?.text).toContain(`${digest.readMinutes} min read`);
    const list = parent!.blocks[3]!.text?.text ?? '';
    for (const piece of digest.pieces) expect(list).toContain(`${piece.position}. *<${piece.url}|${piece.title}>*`);
    expect(parent!.hadFallbackText).toBe(true);
    expect(parent!.text).toContain(digest.title);
    expect(parent!.unfurlLinks).toBe('false');
    expect(parent!.unfurlMedia).toBe('false');

    const replies = fake.threadReplies(CHANNEL_A, parent!.ts);
    expect(replies).toHaveLength(4);
    replies.forEach((reply, i) => {
      const piece = digest.pieces[i]!;
      const text = messageText(reply);
      expect(text.indexOf(`*${piece.position}. ${piece.title}*`)).toBe(0);
      const order = [piece.summary.summary.split('\n')[0]!, '*Why it matters*', '*What you can build with this*', '*Key takeaways*', `<${piece.url}|Read the original>`];
      const positions = order.map((part) => text.indexOf(part));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      for (const takeaway of piece.summary.keyTakeaways) expect(text).toContain(`• ${takeaway}`);
      expect(reply.hadFallbackText).toBe(true);
      expect(reply.text).toContain(piece.title);
      for (const block of reply.blocks) {
        const objects = [block.text, ...(block.elements ?? [])].filter((o) => o?.type === 'mrkdwn');
        for (const object of objects) expect(object?.verbatim).toBe(true);
      }
    });
  });

  it('lets only the configured user group ping in an alert: channel links render, feed text stays escaped', async () => {
    const { fake, adapter, ref } = await start();
    await adapter.poster.postAlert(ref(CHANNEL_B), { parts: [`Source "${INJECTION} <!subteam^S0EVIL>" is failing for `, { channel: CHANNEL_A }], mention: { kind: 'user-group', id: 'S0ADMINS' } });
    const [message] = fake.channelMessages(CHANNEL_B);
    expect(message!.text).toBe(`<!subteam^S0ADMINS> Source "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &lt;!subteam^S0EVIL&gt;" is failing for <#${CHANNEL_A}>`);
    await adapter.poster.postAlert(ref(CHANNEL_B), { parts: ['y'], mention: { kind: 'user', id: 'U0OPS' } });
    expect(fake.channelMessages(CHANNEL_B)[1]!.text).toBe('<@U0OPS> y');
  });

  it('escapes injection text in a title and summary in every block and in the fallback text', async () => {
    const { fake, adapter, ref } = await start();
    const digest = sampleDigest(2, {
      1: { title: `Title ${INJECTION}`, sourceName: `Source ${INJECTION}`, reason: `reason ${INJECTION}`,
        summary: { summary: `Summary ${INJECTION} & more`, whyItMatters: `Why ${INJECTION}`, whatToBuild: `Build ${INJECTION}`, keyTakeaways: [`T ${INJECTION}`, 'T2', 'T3'] } },
    });
    digest.headerLine = `Header ${INJECTION}`;
    digest.title = `Digest ${INJECTION}`;
    await postWholeDigest(adapter.poster, ref(CHANNEL_A), digest);
    await adapter.poster.postAlert(ref(CHANNEL_A), `Source failing: ${INJECTION}`);

    expect(fake.messages.length).toBe(4);
    for (const message of fake.messages) {
      for (const text of allTexts(message)) {
        expect(text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil\.example/);
        // Whatever `<` remains opens one of the bot's own links, never feed text.
        expect(text.replace(/<https:\/\/example\.org\/posts\/\d\|[^>]*>/g, '')).not.toContain('<');
      }
    }
    const reply = messageText(fake.threadReplies(CHANNEL_A, fake.channelMessages(CHANNEL_A)[0]!.ts)[0]!);
    expect(reply).toContain('Summary &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; more');
  });

  it('retries a 429 ratelimited post after Retry-After and posts it exactly once', async () => {
    const { fake, adapter, ref } = await start();
    const digest = sampleDigest(3);
    const header = await adapter.poster.postHeader(ref(CHANNEL_A), digest, newStep());
    const thread = await adapter.poster.openThread(ref(CHANNEL_A), header, digest, newStep());
    fake.failNext('chat.postMessage', { error: 'ratelimited', retryAfter: 1 });
    const posted = await adapter.poster.postPiece(ref(CHANNEL_A), thread, digest, digest.pieces[0]!, newStep());
    expect(posted).toHaveLength(1);
    const attempts = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body['thread_ts'] === header.id);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.threadReplies(CHANNEL_A, header.id)).toHaveLength(1);
    expect(fake.threadReplies(CHANNEL_A, header.id)[0]!.ts).toBe(posted[0]!.id);
  });

  it('turns a rate limit that outlasts the retries into a transient DeliveryError', async () => {
    slack = await startSlack({ services: servicesFor(store), retries: 0 });
    const { fake, adapter, ref } = slack;
    fake.failNext('chat.postMessage', { error: 'ratelimited', retryAfter: 1 });
    const error = await adapter.poster.postHeader(ref(CHANNEL_A), sampleDigest(1), newStep()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(false);
    expect(fake.channelMessages(CHANNEL_A)).toHaveLength(0);
  });

  it('treats a Slack 5xx that outlasts the retries as transient', async () => {
    slack = await startSlack({ services: servicesFor(store), retries: 1 });
    const { fake, adapter, ref } = slack;
    fake.failNext('chat.postMessage', { error: 'internal_error', status: 503, times: 2 });
    const error = await adapter.poster.postHeader(ref(CHANNEL_A), sampleDigest(1), newStep()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(false);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.status)).toEqual([503, 503]);
  });

  it('isolates not_in_channel to its channel: a permanent error with the invite hint, the other channel delivered', async () => {
    const { fake, adapter, ref } = await start();
    fake.failChannel(CHANNEL_A, 'not_in_channel');
    const digest = sampleDigest(3);
    const results = await Promise.allSettled([CHANNEL_A, CHANNEL_B].map((c) => postWholeDigest(adapter.poster, ref(c), digest)));
    expect(results[0]!.status).toBe('rejected');
    const error = (results[0] as PromiseRejectedResult).reason as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.permanent).toBe(true);
    expect(error.channel.channelId).toBe(CHANNEL_A);
    expect(error.message).toContain('/invite @Research Digest');
    expect(results[1]!.status).toBe('fulfilled');
    const [parentB] = fake.channelMessages(CHANNEL_B);
    expect(fake.threadReplies(CHANNEL_B, parentB!.ts)).toHaveLength(3);
    expect(fake.channelMessages(CHANNEL_A)).toHaveLength(0);
  });

  it.each([
    ['channel_not_found', /not found/],
    ['is_archived', /archived/],
  ] as const)('maps %s to a permanent DeliveryError with a fix', async (code, pattern) => {
    const { fake, adapter, ref } = await start();
    fake.failChannel(CHANNEL_A, code);
    const error = (await adapter.poster.postAlert(ref(CHANNEL_A), 'x').catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(pattern);
  });

  it('maps a revoked token (invalid_auth) to a permanent DeliveryError naming SLACK_BOT_TOKEN', async () => {
    const { fake, adapter, ref } = await start();
    fake.invalidAuth();
    const error = (await adapter.poster.postHeader(ref(CHANNEL_A), sampleDigest(1), newStep()).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('SLACK_BOT_TOKEN');
  });

  it('splits an over-long summary across sections and messages within Block Kit limits, keeping every word', async () => {
    const { fake, adapter, ref } = await start();
    const paragraph = Array.from({ length: 400 }, (_, i) => `w${i}&<x>`).join(' ');
    const summary = Array.from({ length: 60 }, (_, i) => `P${i} ${paragraph}`).join('\n\n');
    const digest = sampleDigest(1, { 1: { summary: { summary, whyItMatters: 'Why.', whatToBuild: 'Build.', keyTakeaways: ['T1', 'T2', 'T3'] } } });
    await postWholeDigest(adapter.poster, ref(CHANNEL_A), digest);
    expect(fake.calls.filter((c) => c.error !== undefined)).toEqual([]);
    const replies: FakeSlackMessage[] = fake.threadReplies(CHANNEL_A, fake.channelMessages(CHANNEL_A)[0]!.ts);
    expect(replies.length).toBeGreaterThan(1);
    for (const reply of replies) {
      expect(blocksProblem(reply.blocks)).toBeUndefined();
      expect(reply.blocks.length).toBeLessThanOrEqual(BLOCK_LIMITS.blocks);
      expect(reply.hadFallbackText).toBe(true);
    }
    const all = replies.map(messageText).join('\n');
    for (let i = 0; i < 60; i++) expect(all).toContain(`P${i} w0&amp;&lt;x&gt;`);
    expect(all.match(/w399&amp;&lt;x&gt;/g)).toHaveLength(60);
    expect(all).not.toMatch(/&am…|&a…|&l…|&g…/);
  });

  it('fails start() with a DigestError naming SLACK_BOT_TOKEN when Slack rejects the token', async () => {
    const fake = await startFakeSlack();
    fake.invalidAuth();
    const adapter = createSlackAdapter({
      mode: 'http',
      botToken: fake.botToken,
      signingSecret: 'secret',
      port: 0,
      host: '127.0.0.1',
      admins: [],
      services: servicesFor(store),
      logger: silentLogger(),
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    try {
      const error = await adapter.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DigestError);
      expect((error as DigestError).hint).toContain('SLACK_BOT_TOKEN');
      expect(adapter.boundPort()).toBeUndefined();
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it('refuses to build without the secret each mode needs', () => {
    const base = { botToken: 'xoxb-1', port: 0, admins: [], services: servicesFor(store), logger: silentLogger() };
    expect(() => createSlackAdapter({ ...base, mode: 'http' })).toThrow(/signing secret/);
    expect(() => createSlackAdapter({ ...base, mode: 'socket' })).toThrow(/app-level token/);
  });

  it('builds a Socket Mode app without connecting, and stop() before start() is harmless', async () => {
    const adapter = createSlackAdapter({ mode: 'socket', botToken: 'xoxb-1', appToken: 'xapp-1', port: 0, admins: [], services: servicesFor(store), logger: silentLogger() });
    expect(adapter.poster.platform).toBe('slack');
    expect(adapter.boundPort()).toBeUndefined();
    await adapter.stop();
  });
});
