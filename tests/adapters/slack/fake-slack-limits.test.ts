import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack-api.ts';

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
