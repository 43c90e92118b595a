import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../fakes/feed-server.ts';
import { formatTokens } from '../../../src/budget/budget-period.ts';
import { CLOUDFLARE_CHALLENGE } from '../../fakes/hostile-page-server.ts';
import { validReply } from '../../summarise/fixtures/fake-replies.ts';
import { LONG_ARTICLE } from '../../summarise/fixtures/long-article.ts';
import { discordPlatform, slackPlatform, startAlertRig, titleOf, type AlertPlatform, type AlertRig } from './alert-rig.ts';

// Every admin alert kind, end to end: something happens (a feed breaks, the LLM fails, a permission goes), the real
// runtime observes it (its ingest against the feed server, its delivery, its budget guard, its poster), and one
// message lands in the workspace's alert channel through the real discord.js client or Slack WebClient — then
// nothing more while the state holds, and one message when it changes back.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = new Date('2026-03-20T12:00:00.000Z');

function rss(items: { id: string; at: Date; link?: string; text?: string }[]): string {
  const entries = items.map((i) =>
    `<item><title>Post ${i.id}</title><link>${i.link ?? `https://blog.example/${i.id}`}</link><guid>${i.id}</guid>`
    + `<pubDate>${i.at.toUTCString()}</pubDate><description>${i.text ?? `A long enough post ${i.id}. `.repeat(40)}</description></item>`
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><link>https://blog.example/</link><description>d</description>${entries}</channel></rss>`;
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const xml = (body: string) => ({ status: 200, headers: { 'content-type': 'application/rss+xml' }, body });
const PARAGRAPHS = LONG_ARTICLE.split('\n\n').filter((p) => !p.startsWith('#'));
const articles = new Map<string, string>();
/** A post's own text: consecutive paragraphs of the article from where the last post's ended, over 150 words (no full-text fetch), distinct from every other post's so dedupe keeps them all. */
function article(id: string): string {
  let text = articles.get(id);
  if (text !== undefined) return text;
  const parts: string[] = [];
  while (parts.join(' ').split(/\s+/).length < 200) parts.push(PARAGRAPHS[articles.size * 3 + parts.length]! ?? `${id} `.repeat(200));
  articles.set(id, text = parts.join('\n\n'));
  return text;
}
/** `count` posts `${prefix}1`… published an hour before `at`, with article text the LLM's summary is grounded in. */
const posts = (prefix: string, count: number, at: Date) => Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i + 1}`, at: new Date(at.getTime() - HOUR), text: article(`${prefix}${i + 1}`) }));
/** Ten posts, one a day, the newest a day before START. */
const daily = () => rss(Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, at: new Date(START.getTime() - (i + 1) * DAY) })));

describe.each([
  ['Discord', discordPlatform],
  ['Slack', slackPlatform],
])('admin alerts on %s: event → one message in the alert channel', (_name, connect) => {
  let platform: AlertPlatform;
  let feeds: FeedServer;
  let rig: AlertRig | undefined;

  beforeAll(async () => {
    platform = await connect();
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await platform.close();
    await feeds.close();
  });
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  const start = async (paths: string[], options: { budget?: number; dieAfterSteps?: number } = {}): Promise<AlertRig> => {
    rig = await startAlertRig(platform, feeds, { feeds: paths, start: START, ...options });
    await rig.runtime.start();
    await rig.runtime.alertsIdle();
    return rig;
  };
  const cycle = async (r: AlertRig, at: Date): Promise<void> => {
    r.clock.now = at;
    await r.runtime.ingestCycle();
    await r.runtime.alertsIdle();
  };

  it('source failing, then recovered: one message each, none while it stays failing', async () => {
    feeds.route('/flaky.xml', { status: 503, body: 'down for maintenance' });
    const r = await start(['/flaky.xml']);
    expect(r.alerts()).toEqual([expect.stringMatching(/^\S+ Source "flaky" \(\w+\) is failing: .*503.*Check it with \/digest sources list\.$/) as unknown]);
    expect(r.alerts()[0]!.startsWith(platform.mention.rendered)).toBe(true);
    await cycle(r, new Date(START.getTime() + HOUR));
    expect(r.alerts()).toHaveLength(1);
    feeds.route('/flaky.xml', xml(daily()));
    await cycle(r, new Date(START.getTime() + 2 * HOUR));
    await cycle(r, new Date(START.getTime() + 3 * HOUR));
    expect(r.alerts().slice(1)).toEqual([expect.stringMatching(/^Source "flaky" \(\w+\) is working again\.$/) as unknown]);
  });

  it('quiet source: nothing new for 3× its usual interval, told once, on the runtime’s clock', async () => {
    feeds.route('/daily.xml', xml(daily()));
    const r = await start(['/daily.xml']);
    for (let h = 1; h <= 72; h += 6) await cycle(r, new Date(START.getTime() + h * HOUR));
    expect(r.alerts()).toEqual([]);
    for (let h = 73; h <= 96; h += 6) await cycle(r, new Date(START.getTime() + h * HOUR));
    expect(r.alerts()).toEqual([expect.stringMatching(/Source "daily" \(\w+\) has published nothing new for 3 days, though it usually publishes every 24 hours\./) as unknown]);
  });

  it('feed parsing zero items', async () => {
    feeds.route('/empty.xml', xml(rss([])));
    const r = await start(['/empty.xml']);
    await cycle(r, new Date(START.getTime() + HOUR));
    expect(r.alerts()).toEqual([expect.stringMatching(/Source "empty" \(\w+\) answered, but its feed has no items/) as unknown]);
  });

  it('full-text pages blocked by a bot wall', async () => {
    feeds.route('/walled.xml', xml(rss([{ id: 'w1', at: new Date(START.getTime() - HOUR), link: feeds.url('/posts/w1'), text: 'Short excerpt.' }])));
    feeds.route('/posts/w1', { status: 403, headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge', server: 'cloudflare' }, body: CLOUDFLARE_CHALLENGE });
    const r = await start(['/walled.xml']);
    expect(r.alerts()).toEqual([expect.stringMatching(/Source "walled" \(\w+\): 1 article page could not be fetched for full text \(a bot wall at 127\.0\.0\.1:\d+ \(Cloudflare\)\); summaries use the feed's excerpt instead\./) as unknown]);
  });

  it('LLM unavailable: the digest summarised offline says why, once, and says when the LLM is back', async () => {
    // The real digest build summarises through the openai SDK against the fake server: 500 for one piece, a valid summary for the other.
    feeds.route('/papers.xml', xml(rss(posts('l', 2, START))));
    const r = await start(['/papers.xml']);
    r.llm.answer = (request) => (titleOf(request) === 'Post l1' ? { kind: 'status', status: 500 } : { kind: 'json', body: validReply() });
    r.clock.now = new Date(START.getTime() + 60_000);
    expect(await r.runtime.deliverNow(r.channel)).toMatchObject({ posted: true, digest: { pieces: [expect.anything(), expect.anything()] } });
    // The next digest: the server answers garbage to every request (and to the corrected retry): still down, nothing more said.
    r.llm.answer = () => ({ kind: 'raw', content: 'Sorry, I cannot help with that <html>' });
    feeds.route('/papers.xml', xml(rss(posts('l', 4, new Date(START.getTime() + HOUR)))));
    await cycle(r, new Date(START.getTime() + HOUR));
    r.clock.now = new Date(START.getTime() + HOUR + 60_000);
    expect(await r.runtime.deliverNow(r.channel)).toMatchObject({ posted: true, digest: { pieces: [expect.anything(), expect.anything()] } });
    await r.runtime.alertsIdle();
    expect(r.alerts()).toEqual([expect.stringContaining('was summarised offline because the LLM did not answer (it failed on 1 of 2 pieces)')]);
    const failedCalls = r.openai.requests.length;
    expect(failedCalls).toBe(2 + 2 * 2);
    r.llm.answer = () => ({ kind: 'json', body: validReply() });
    feeds.route('/papers.xml', xml(rss(posts('l', 6, new Date(START.getTime() + 2 * HOUR)))));
    await cycle(r, new Date(START.getTime() + 2 * HOUR));
    r.clock.now = new Date(START.getTime() + 2 * HOUR + 60_000);
    await r.runtime.deliverNow(r.channel);
    await r.runtime.alertsIdle();
    expect(r.alerts().slice(1)).toEqual(['The LLM is answering again: digests have Why it matters and What you can build with this again.']);
    expect(r.openai.requests.length - failedCalls).toBe(2);
    expect(r.openai.problems).toEqual([]);
  });

  it('LLM budget: a warning at 80 %, then used up, each once', async () => {
    const r = await start([], { budget: 1_000 });
    const workspace = `${platform.platform}:${platform.workspaceId}` as const;
    const spend = (tokens: number) => r.store.recordLlmUsage({ at: r.clock.now, purpose: 'summary', model: 'm', contentHash: null, promptTokens: tokens, completionTokens: 0, workspace });
    await spend(850);
    await cycle(r, new Date(START.getTime() + HOUR));
    await cycle(r, new Date(START.getTime() + 2 * HOUR));
    expect(r.alerts()).toEqual([expect.stringContaining('This workspace has used 85 % of its monthly LLM budget (850 of 1,000 tokens)')]);
    await spend(200);
    await cycle(r, new Date(START.getTime() + 3 * HOUR));
    expect(r.alerts().slice(1)).toEqual([expect.stringContaining('monthly LLM budget of 1,000 tokens is used up: digests are summarised offline')]);
  });

  it('LLM budget spent by the digests’ own LLM calls: warned, used up, and the next digest makes no LLM call and says why', async () => {
    feeds.route('/spend.xml', xml(rss(posts('s', 2, START))));
    const r = await start(['/spend.xml']);
    const workspace = `${platform.platform}:${platform.workspaceId}` as const;
    const used = async () => (await r.store.usage.usageByPurpose(workspace, new Date(0))).reduce((sum, u) => sum + u.promptTokens + u.completionTokens, 0);
    /** Edition n (0, 1, 2…), three hours apart, each with two new posts in the feed. */
    const edition = async (n: number) => {
      const at = new Date(START.getTime() + 3 * n * HOUR);
      if (n > 0) {
        feeds.route('/spend.xml', xml(rss(posts('s', 2 * n + 2, at))));
        await cycle(r, at);
      }
      r.clock.now = new Date(at.getTime() + 60_000);
      return r.runtime.deliverNow(r.channel);
    };
    expect(await edition(0)).toMatchObject({ posted: true });
    const digestCost = await used();
    expect(digestCost).toBeGreaterThan(0);
    // An admin sets a budget of 1.2 digests: the calls already made are 83 % of it.
    const limit = Math.ceil(digestCost * 1.2);
    await r.store.workspaces.updateWorkspaceSettings(workspace, { monthlyTokenBudget: limit }, r.clock.now);
    await cycle(r, new Date(START.getTime() + 2 * HOUR));
    expect(r.alerts()).toEqual([expect.stringContaining(`This workspace has used 83 % of its monthly LLM budget (${formatTokens(digestCost)} of ${formatTokens(limit)} tokens)`)]);
    // The next digest's real calls spend the rest.
    expect(await edition(1)).toMatchObject({ posted: true });
    await r.runtime.alertsIdle();
    expect(await used()).toBeGreaterThanOrEqual(limit);
    expect(r.alerts().slice(1)).toEqual([expect.stringContaining(`monthly LLM budget of ${formatTokens(limit)} tokens is used up: digests are summarised offline`)]);
    // The one after makes no LLM call at all, and its header says why.
    const calls = r.openai.requests.length;
    expect(await edition(2)).toMatchObject({ posted: true, digest: { offlineReason: { kind: 'budget', limit } } });
    await r.runtime.alertsIdle();
    expect(r.openai.requests).toHaveLength(calls);
    expect(platform.textsIn(platform.digestChannel).at(-1)).toContain(`Summarised offline because this workspace's monthly LLM budget of ${formatTokens(limit)} tokens is used up`);
    expect(r.alerts()).toHaveLength(2);
  });

  it('a delivery that went out without a piece the platform refused: the alert names the piece and why, once', async () => {
    feeds.route('/gaps.xml', xml(rss(posts('r', 2, START))));
    const r = await start(['/gaps.xml']);
    platform.refusePiece('Post r2');
    r.clock.now = new Date(START.getTime() + 60_000);
    expect(await r.runtime.deliverNow(r.channel)).toMatchObject({ posted: true, failedPieces: [{ title: 'Post r2', reason: expect.stringMatching(platform.refusal) as unknown }] });
    // The ledger holds the refusal: the sweep resumes nothing and posts nothing again.
    await r.runtime.sweep();
    await r.runtime.alertsIdle();
    const digest = platform.digestChannel;
    expect(r.alerts()).toEqual([
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(platform.mention.rendered)} The digest in <#${digest}> went out without one piece the platform refused: piece [12] \\("Post r2"\\): .*${platform.refusal.source}.*\\. The other pieces were posted\\.$`,
          's'),
      ) as unknown,
    ]);
    // Told once: in the alert channel only, not also in the digest channel.
    expect(platform.textsIn(digest).filter((t) => /platform refused/.test(t))).toEqual([]);
    // The next edition goes out whole: one message says so.
    feeds.route('/gaps.xml', xml(rss(posts('r', 4, new Date(START.getTime() + HOUR)))));
    await cycle(r, new Date(START.getTime() + HOUR));
    r.clock.now = new Date(START.getTime() + HOUR + 60_000);
    expect(await r.runtime.deliverNow(r.channel)).toMatchObject({ posted: true, failedPieces: [] });
    await r.runtime.sweep();
    await r.runtime.alertsIdle();
    expect(r.alerts().slice(1)).toEqual([`Digests reach <#${digest}> in full again.`]);
  });

  it('lost permission to read history, noticed when the restarted bot resumes a delivery a crash interrupted', async () => {
    feeds.route('/resumed.xml', xml(rss(posts('h', 2, START))));
    const first = await start(['/resumed.xml'], { dieAfterSteps: 2 });
    first.clock.now = new Date(START.getTime() + 60_000);
    const edition = `manual:${first.clock.now.toISOString()}`;
    // The process dies once the header and its thread are posted: the delivery stays pending in the ledger.
    void first.runtime.deliverNow(first.channel);
    await first.died;
    await first.abandon();
    expect(await first.store.getDelivery(first.channel.id, edition)).toMatchObject({ status: 'pending' });
    platform.forbidHistory(platform.digestChannel);
    // The restarted bot on the same database, once the dead one's 90 s posting lease has run out: start-up resumes the
    // delivery, and the poster's check for pieces already posted finds it cannot read the channel's history.
    rig = await startAlertRig(platform, feeds, { feeds: [], start: new Date(START.getTime() + 4 * 60_000), store: first.store, holder: 'alerts-e2e-restarted' });
    await rig.runtime.start();
    await rig.runtime.alertsIdle();
    expect(rig.alerts()).toEqual([expect.stringContaining(`I cannot read the message history of <#${platform.digestChannel}>`)]);
    expect(await rig.store.getDelivery(rig.channel.id, edition)).toMatchObject({ status: 'delivered' });
    // The dead process posted no alert: the one message since it started is the restarted bot’s.
    expect(first.alerts()).toHaveLength(1);
  });
  // Last: the fake platform keeps refusing the digest channel for the rest of this describe.
  it('lost permission to post, and the delivery that could not complete, in one message', async () => {
    feeds.route('/news.xml', xml(rss(posts('n', 2, START))));
    const r = await start(['/news.xml']);
    platform.forbidPosting(platform.digestChannel);
    expect(await r.runtime.deliverNow(r.channel)).toMatchObject({ posted: false, partly: false });
    await r.runtime.alertsIdle();
    const [message, ...more] = r.alerts();
    expect(more).toEqual([]);
    expect(message).toContain('2 changes:');
    expect(message).toContain(`The digest for <#${platform.digestChannel}> could not be delivered`);
    expect(message).toContain(`I can no longer post digests in <#${platform.digestChannel}>`);
  });
});
