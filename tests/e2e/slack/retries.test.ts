import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../commands/reply.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { servicesFor, sign, startSlack, type RunningSlack } from './slack-harness.ts';

/** Counts what the command layer was asked to run, and answers in the channel. */
function countingDispatch(): { texts: string[]; dispatch: (text: string) => Promise<Reply> } {
  const texts: string[] = [];
  return { texts, dispatch: async (text) => {
    texts.push(text);
    return { visibility: 'in_channel', kind: 'ok', text: `ran ${text}` };
  } };
}

describe('Slack retries through the real Bolt receivers, with signed requests', () => {
  let store: Store;
  const running: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.close();
    await store.close();
  });

  async function http(dispatch: (text: string) => Promise<Reply>): Promise<RunningSlack> {
    const slack = await startSlack({ services: servicesFor(store), dispatch });
    running.push(slack);
    return slack;
  }

  it('runs a request that arrives first as a retry (its original never reached the bot) exactly once', async () => {
    const { texts, dispatch } = countingDispatch();
    const slack = await http(dispatch);
    const body = slack.slashBody({ text: 'post', id: 'lost-original' });
    // The original was lost on the way; Slack's first retry is the first copy the bot sees.
    const retry1 = await slack.postSigned(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry1.status).toBe(200);
    await slack.fake.waitForResponse('lost-original');
    // Slack's second retry of the same invocation is acknowledged and dropped.
    const retry2 = await slack.postSigned(body, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry2.status).toBe(200);
    const next = await slack.slash({ text: 'latest', triggerId: 'later' });
    await slack.fake.waitForResponse(next.id);
    expect(texts).toEqual(['post', 'latest']);
    expect(slack.fake.responses('lost-original')).toHaveLength(1);
    expect(slack.lines.filter((l) => l['msg'] === 'ignoring a repeated slack command request').map((l) => l['retryNum'])).toEqual([2]);
  });

  it('runs a retry once across two instances sharing the database (a load balancer sent it to the other one)', async () => {
    const a = countingDispatch();
    const b = countingDispatch();
    const first = await http(a.dispatch);
    const second = await http(b.dispatch);
    const body = first.slashBody({ text: 'post', id: 'balanced' });
    expect((await first.postSigned(body)).status).toBe(200);
    await first.fake.waitForResponse('balanced');
    expect((await second.postSigned(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    const next = await second.slash({ text: 'latest', triggerId: 'fresh' });
    await second.fake.waitForResponse(next.id);
    expect([...a.texts, ...b.texts]).toEqual(['post', 'latest']);
    expect(first.fake.responses('balanced')).toHaveLength(1);
  });

  it('refuses a signed request dated more than five minutes in the future like a stale one, and accepts one just inside', async () => {
    const { texts, dispatch } = countingDispatch();
    const slack = await http(dispatch);
    const now = Math.floor(Date.now() / 1000);
    const future = slack.slashBody({ text: 'post', id: 'future' });
    const ahead = now + 6 * 60;
    const refused = await slack.postSigned(future, { timestamp: ahead, signature: sign(future, ahead) });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toBe('');
    const stale = slack.slashBody({ text: 'post', id: 'stale' });
    expect((await slack.postSigned(stale, { timestamp: now - 6 * 60 })).status).toBe(401);
    // Clocks drift: a request a little ahead (within the window) is Slack's and runs.
    const close = slack.slashBody({ text: 'latest', id: 'close' });
    expect((await slack.postSigned(close, { timestamp: now + 4 * 60 })).status).toBe(200);
    await slack.fake.waitForResponse('close');
    expect(texts).toEqual(['latest']);
    expect(slack.fake.responses('future')).toHaveLength(0);
    expect(slack.lines.some((l) => String(l['msg']).includes('more than 5 minutes in the future'))).toBe(true);
  });
});
