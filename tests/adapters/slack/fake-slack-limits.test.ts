import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { MANIFEST_SCOPES, startFakeSlack, type FakeSlack } from '../../fakes/slack-api.ts';

/** The fake must refuse what Slack refuses, or the e2e tests prove nothing about limits. */
describe('fake Slack enforces Block Kit limits', () => {
  let fake: FakeSlack;
  let client: InstanceType<typeof webApi.WebClient>;
  beforeEach(async () => {
    fake = await startFakeSlack();
    client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterEach(async () => {
    await fake.close();
  });

  const section = (text: string): Record<string, unknown> => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } });
  const post = async (args: Record<string, unknown>): Promise<string> => {
    try {
      await client.chat.postMessage({ channel: 'C1', text: 'fallback', ...args } as never);
      return 'ok';
    } catch (error) {
      return (error as { data?: { error?: string } }).data?.error ?? String(error);
    }
  };

  it('accepts a message at every limit', async () => {
    expect(await post({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } }, ...Array.from({ length: 49 }, () => section('s'.repeat(3000)))] })).toBe('ok');
    expect(await post({ blocks: [{ type: 'context', elements: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'c' })) }] })).toBe('ok');
    expect(await post({ text: 't'.repeat(40_000) })).toBe('ok');
  });

  it.each([
    ['51 blocks', { blocks: Array.from({ length: 51 }, () => section('s')) }],
    ['a 3001-character section', { blocks: [section('s'.repeat(3001))] }],
    ['an empty section', { blocks: [section('')] }],
    ['a 151-character header', { blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }],
    ['a mrkdwn header', { blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] }],
    ['11 context elements', { blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }] }],
    ['a verbatim plain_text', { blocks: [{ type: 'section', text: { type: 'plain_text', text: 'x', verbatim: true } }] }],
    ['an unknown text type', { blocks: [{ type: 'section', text: { type: 'markdown', text: 'x' } }] }],
  ])('answers invalid_blocks for %s', async (_name, args) => {
    expect(await post(args)).toBe('invalid_blocks');
    expect(fake.messages).toHaveLength(0);
  });

  it('answers msg_too_long past 40,000 characters of text, and records whether blocks had a fallback', async () => {
    expect(await post({ text: 't'.repeat(40_001) })).toBe('msg_too_long');
    await client.chat.postMessage({ channel: 'C1', blocks: [section('only blocks')] } as never);
    expect(fake.messages.at(-1)?.hadFallbackText).toBe(false);
  });

  it('answers 429 with Retry-After for failNext ratelimited, then recovers', async () => {
    fake.failNext('chat.postMessage', { error: 'ratelimited', retryAfter: 7 });
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, { method: 'POST', headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'C1', text: 'x' }) });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(await post({})).toBe('ok');
  });

  it('refuses a wrong token and a reply to a thread that does not exist', async () => {
    const stranger = new webApi.WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    expect(await post({ thread_ts: '123.456' })).toBe('thread_not_found');
  });
});

/** What the Slack adapter's resume lookup relies on: metadata stored, and conversations.* shaped as Slack's. */
describe('fake Slack message metadata, conversations.history and conversations.replies', () => {
  let fake: FakeSlack;
  let client: InstanceType<typeof webApi.WebClient>;
  const metadata = (key: string) => ({ event_type: 'digest_step', event_payload: { key } });
  beforeEach(async () => {
    fake = await startFakeSlack({ privateChannels: ['C0PRIVATE'] });
    client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterEach(async () => {
    await fake.close();
  });

  it("returns metadata only with include_all_metadata, newest first, with Slack's response fields", async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'header', metadata: metadata('h') });
    await client.chat.postMessage({ channel: 'C1', text: 'reply', thread_ts: parent.ts!, metadata: metadata('r') });
    await client.chat.postMessage({ channel: 'C1', text: 'later' });
    const plain = await client.conversations.history({ channel: 'C1' });
    expect(plain).toMatchObject({ ok: true, has_more: false, response_metadata: { next_cursor: '' } });
    expect(plain.messages?.map((m) => m.text)).toEqual(['later', 'header']);
    expect(plain.messages?.some((m) => 'metadata' in m)).toBe(false);
    const full = await client.conversations.history({ channel: 'C1', include_all_metadata: true });
    expect(full.messages?.[1]).toMatchObject({ ts: parent.ts, metadata: metadata('h'), reply_count: 1 });
    const replies = await client.conversations.replies({ channel: 'C1', ts: parent.ts!, include_all_metadata: true });
    expect(replies.messages?.map((m) => [m.text, m.metadata?.event_payload])).toEqual([['header', { key: 'h' }], ['reply', { key: 'r' }]]);
    expect((await client.conversations.replies({ channel: 'C1', ts: parent.ts! })).messages?.some((m) => 'metadata' in m)).toBe(false);
  });

  it('pages with limit and cursor, and honours oldest', async () => {
    const ts: string[] = [];
    for (let i = 0; i < 5; i++) ts.push((await client.chat.postMessage({ channel: 'C1', text: `m${i}` })).ts!);
    const first = await client.conversations.history({ channel: 'C1', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['m4', 'm3']);
    expect(first.has_more).toBe(true);
    const second = await client.conversations.history({ channel: 'C1', limit: 2, cursor: first.response_metadata!.next_cursor! });
    expect(second.messages?.map((m) => m.text)).toEqual(['m2', 'm1']);
    expect((await client.conversations.history({ channel: 'C1', oldest: ts[2]! })).messages?.map((m) => m.text)).toEqual(['m4', 'm3']);
  });

  it('answers missing_scope without channels:history (public) or groups:history (private), and thread_not_found', async () => {
    await fake.close();
    fake = await startFakeSlack({ scopes: ['chat:write', 'channels:history'], privateChannels: ['C0PRIVATE'] });
    client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const failure = (call: Promise<unknown>) => call.then(() => 'ok', (e: { data?: { error?: string; needed?: string } }) => `${e.data?.error}:${e.data?.needed ?? ''}`);
    expect(await failure(client.conversations.history({ channel: 'C1' }))).toBe('ok');
    expect(await failure(client.conversations.history({ channel: 'C0PRIVATE' }))).toBe('missing_scope:groups:history');
    expect(await failure(client.conversations.replies({ channel: 'C1', ts: '1.000001' }))).toBe('thread_not_found:');
  });

  it('grants by default exactly the bot scopes the app manifest asks for (the resume lookup needs the history scopes)', () => {
    const manifest = parse(readFileSync(new URL('../../../adapters/slack/manifest.yaml', import.meta.url), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } };
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...MANIFEST_SCOPES].sort());
    expect(MANIFEST_SCOPES).toEqual(expect.arrayContaining(['channels:history', 'groups:history']));
  });

  it('answers invalid_metadata_format for metadata without an event_type', async () => {
    expect(await client.chat.postMessage({ channel: 'C1', text: 't', metadata: { event_payload: {} } as never }).then(() => 'ok', (e: { data?: { error?: string } }) => e.data?.error)).toBe('invalid_metadata_format');
  });
});
