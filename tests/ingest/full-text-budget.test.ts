import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import type { Source } from '../../src/domain/source.ts';
import { createMemoryGuard } from '../../src/ingest/memory-guard.ts';
import { runIngest, type IngestOptions, type RunIngestInput, type SourceIngestReport } from '../../src/ingest/run-ingest.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import {
  articlePage,
  CLOUDFLARE_CHALLENGE,
  excerptFeed,
  startHostilePageServer,
  type HostilePageServer,
} from '../fakes/hostile-page-server.ts';

const options: IngestOptions = {
  ...configSchema.parse({}).ingest,
  allowPrivateNetworks: true,
  perHostIntervalMs: 0,
  totalTimeoutMs: 10_000,
};

let web: HostilePageServer;
let store: Store;

beforeEach(async () => {
  web = await startHostilePageServer();
  store = await createSqliteStore({ path: ':memory:' });
});
afterEach(async () => {
  await store.close();
  await web.close();
});

async function addSource(url: string, name: string): Promise<Source> {
  return (await store.addSource({ url, name, fullText: true })).source;
}

function ingest(extra: Partial<RunIngestInput> & { opts?: Partial<IngestOptions> } = {}, sources?: Source[]): Promise<SourceIngestReport[]> {
  const { opts, ...rest } = extra;
  return (async () => runIngest({ store, sources: sources ?? (await store.listSources()), options: { ...options, resolver: web.resolver, ...opts }, ...rest }))();
}

const pieces = async (): Promise<{ guid: string; fullTextFetched: boolean; contentText: string }[]> => store.listPiecesSince(new Date(0));

describe("full text within a source's cycle budget (hostile pages)", () => {
  it("requests a page that 130 items link not 130 times but never: it is no one item's article", async () => {
    web.route('/show', { kind: 'huge', bytes: 9 * 1024 * 1024 });
    web.route('/feed', { kind: 'static', headers: { 'content-type': 'application/rss+xml' }, body: excerptFeed('Podcast', Array.from({ length: 130 }, (_, i) => ({ guid: `ep-${i}`, link: web.url('pod.test', `/show#ep-${i}`) }))) });
    await addSource(web.url('feeds.test', '/feed'), 'Podcast');
    const [report] = await ingest();
    // Distinct guids are distinct items; whether they are stored as 130 pieces is dedupe's business, not full text's.
    expect(report!.outcome).toBe('fetched');
    expect(report!.newItems + report!.duplicateItems).toBe(130);
    expect(report!.fullText).toMatchObject({ wanted: 130, fetched: 0, requests: 0, kept: { 'shared-page': 130 } });
    expect(web.requestsTo('/show')).toHaveLength(0);
    expect((await pieces()).every((p) => !p.fullTextFetched && p.contentText.startsWith('A short excerpt'))).toBe(true);
  });

  it('requests a page linked from two sources once per run', async () => {
    web.route('/story', { kind: 'static', body: articlePage('a crossposted story') });
    web.route('/a', { kind: 'static', body: excerptFeed('A', [{ guid: 'a1', link: web.url('blog.test', '/story') }]) });
    web.route('/b', { kind: 'static', body: excerptFeed('B', [{ guid: 'b1', link: web.url('blog.test', '/story#comments') }]) });
    await addSource(web.url('a.test', '/a'), 'A');
    await addSource(web.url('b.test', '/b'), 'B');
    const reports = await ingest();
    expect(web.requestsTo('/story')).toHaveLength(1);
    expect(reports.map((r) => r.fullText?.requests)).toEqual(expect.arrayContaining([1, 0]));
    expect(reports.every((r) => r.fullText?.fetched === 1)).toBe(true);
  });

  it('reads no more of a huge page than the page cap, and keeps the article from what it read', async () => {
    web.route('/huge', { kind: 'huge', bytes: 9 * 1024 * 1024 });
    web.route('/endless-declared', { kind: 'huge', bytes: 9 * 1024 * 1024, declareLength: true });
    web.route('/feed', { kind: 'static', body: excerptFeed('Big', [{ guid: 'h1', link: web.url('big.test', '/huge') }, { guid: 'h2', link: web.url('big2.test', '/endless-declared') }]) });
    await addSource(web.url('feeds.test', '/feed'), 'Big');
    const [report] = await ingest({ opts: { pageMaxBytes: 256 * 1024 } });
    expect(report!.fullText).toMatchObject({ wanted: 2, fetched: 2, truncated: 2, requests: 2 });
    expect(report!.fullText!.bytes).toBeLessThanOrEqual(2 * 256 * 1024);
    for (const path of ['/huge', '/endless-declared']) expect(web.requestsTo(path)).toHaveLength(1);
    const stored = await pieces();
    expect(stored.every((p) => p.fullTextFetched && p.contentText.includes('reward models trained on human preferences'))).toBe(true);
    // The reduced DOM is bounded too: far less text than 256 KB of markup would hold is not the point, a cap is.
    expect(Math.max(...stored.map((p) => p.contentText.length))).toBeLessThan(256 * 1024);
  });

  it('stops at the page-fetch budget in feed order and reports the rest', async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ guid: `p${i}`, link: web.url(`site${i % 3}.test`, `/post/${i}`) }));
    for (let i = 0; i < 12; i++) web.route(`/post/${i}`, { kind: 'static', body: articlePage(`post ${i}`) });
    web.route('/feed', { kind: 'static', body: excerptFeed('Many', items) });
    await addSource(web.url('feeds.test', '/feed'), 'Many');
    const [report] = await ingest({ opts: { fullTextPerCycle: 5 } });
    expect(report!.fullText).toMatchObject({ wanted: 12, fetched: 5, requests: 5, kept: { 'fetch-budget': 7 } });
    const fetched = (await pieces()).filter((p) => p.fullTextFetched).map((p) => p.guid).sort();
    expect(fetched).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('stops at the byte budget: parallel pages never overspend it', async () => {
    for (let i = 0; i < 6; i++) web.route(`/big/${i}`, { kind: 'huge', bytes: 300 * 1024, words: `big page ${i}` });
    web.route('/feed', { kind: 'static', body: excerptFeed('Heavy', Array.from({ length: 6 }, (_, i) => ({ guid: `b${i}`, link: web.url(`heavy${i}.test`, `/big/${i}`) }))) });
    await addSource(web.url('feeds.test', '/feed'), 'Heavy');
    const budget = 700 * 1024;
    const [report] = await ingest({ opts: { sourceCycleBytes: budget, pageMaxBytes: 320 * 1024, fullTextConcurrency: 6, concurrency: 8 } });
    expect(report!.bytes + report!.fullText!.bytes).toBeLessThanOrEqual(budget);
    expect(report!.fullText!.fetched).toBeGreaterThanOrEqual(1);
    expect(report!.fullText!.kept['byte-budget']).toBeGreaterThanOrEqual(1);
    expect(report!.fullText!.fetched + report!.fullText!.kept['byte-budget']!).toBe(6);
  });

  it("stops when the cycle's time is spent (fake clock): later pages are not requested", async () => {
    let t = Date.parse('2026-04-01T09:00:00Z');
    const now = (): Date => new Date(t);
    web.onRequest(({ path }) => {
      if (path.startsWith('/slow/')) t += 40_000;
    });
    for (let i = 0; i < 5; i++) web.route(`/slow/${i}`, { kind: 'static', body: articlePage(`slow ${i}`) });
    web.route('/feed', { kind: 'static', body: excerptFeed('Slow', Array.from({ length: 5 }, (_, i) => ({ guid: `s${i}`, link: web.url('slow.test', `/slow/${i}`) }))) });
    await addSource(web.url('feeds.test', '/feed'), 'Slow');
    const [report] = await ingest({ now, opts: { sourceCycleMs: 100_000 } });
    // Requests start at +0, +40 s and +80 s; at +120 s the cycle's 100 s are spent.
    expect(report!.fullText).toMatchObject({ wanted: 5, fetched: 3, requests: 3, kept: { 'time-budget': 2 } });
    expect(web.requests.filter((r) => r.path.startsWith('/slow/'))).toHaveLength(3);
  });

  it("gives up on a page that drips forever when the cycle's time is spent, while the next source ingests as usual", async () => {
    web.route('/drip', { kind: 'drip', gapMs: 20 });
    web.route('/hostile-feed', { kind: 'static', body: excerptFeed('Hostile', [{ guid: 'd1', link: web.url('drip.test', '/drip') }]) });
    web.route('/good-article', { kind: 'static', body: articlePage('a good article') });
    web.route('/good-feed', { kind: 'static', body: excerptFeed('Good', [{ guid: 'g1', link: web.url('good.test', '/good-article') }]) });
    const hostile = await addSource(web.url('hostile.test', '/hostile-feed'), 'Hostile');
    await addSource(web.url('good.test', '/good-feed'), 'Good');
    const order: string[] = [];
    const reports = await ingest({ opts: { sourceCycleMs: 1_500, totalTimeoutMs: 60_000 }, onSourceDone: (r) => order.push(r.sourceName) });
    expect(order).toEqual(['Good', 'Hostile']);
    const byName = Object.fromEntries(reports.map((r) => [r.sourceName, r]));
    expect(byName.Good!.fullText).toMatchObject({ fetched: 1 });
    expect(byName.Hostile).toMatchObject({ outcome: 'fetched', newItems: 1 });
    expect(byName.Hostile!.fullText).toMatchObject({ fetched: 0, kept: { 'time-budget': 1 } });
    expect(web.requestsTo('/drip')).toHaveLength(1);
    expect((await store.getSource(hostile.id))!.fetchState.failing).toBe(false);
  });

  it("lets the next source fetch its feed while another source's pages hold every page slot", async () => {
    for (let i = 0; i < 4; i++) {
      web.route(`/hang/${i}`, { kind: 'static', body: articlePage(`hang ${i}`) });
      web.hold(`/hang/${i}`);
    }
    web.route('/hanging-feed', { kind: 'static', body: excerptFeed('Hanging', Array.from({ length: 4 }, (_, i) => ({ guid: `h${i}`, link: web.url(`hang${i}.test`, `/hang/${i}`) }))) });
    web.route('/next-feed', { kind: 'static', body: excerptFeed('Next', [{ guid: 'n1', link: 'mailto:nobody@example.org', excerpt: 'A complete item. '.repeat(200) }]) });
    await addSource(web.url('hanging.test', '/hanging-feed'), 'Hanging');
    await addSource(web.url('next.test', '/next-feed'), 'Next');
    let nextDone!: (report: SourceIngestReport) => void;
    const next = new Promise<SourceIngestReport>((resolve) => {
      nextDone = resolve;
    });
    const run = ingest({ opts: { concurrency: 3, fullTextConcurrency: 4 }, onSourceDone: (r) => {
      if (r.sourceName === 'Next') nextDone(r);
    } });
    // The hanging source's pages are all still held here: the next source did not wait for them.
    expect(await next).toMatchObject({ outcome: 'fetched', newItems: 1 });
    expect(web.maxInFlight()).toBeLessThanOrEqual(3);
    for (let i = 0; i < 4; i++) web.release(`/hang/${i}`);
    const reports = await run;
    expect(reports.find((r) => r.sourceName === 'Hanging')!.fullText).toMatchObject({ fetched: 4, requests: 4 });
  });

  it('fetches pages of different hosts in parallel and one at a time per host', async () => {
    const items = Array.from({ length: 9 }, (_, i) => ({ guid: `x${i}`, link: web.url(`par${i % 3}.test`, `/par/${i}`) }));
    for (let i = 0; i < 9; i++) {
      web.route(`/par/${i}`, { kind: 'static', body: articlePage(`parallel ${i}`) });
      web.hold(`/par/${i}`);
    }
    // Pages are held until a second one is in flight beside the first: only parallel fetching gets past this.
    let arrived = 0;
    web.onRequest(({ path }) => {
      if (path.startsWith('/par/') && ++arrived === 2) {
        setImmediate(() => {
          for (let i = 0; i < 9; i++) web.release(`/par/${i}`);
        });
      }
    });
    web.route('/feed', { kind: 'static', body: excerptFeed('Par', items) });
    await addSource(web.url('feeds.test', '/feed'), 'Par');
    const [report] = await ingest({ opts: { fullTextConcurrency: 4 } });
    expect(report!.fullText).toMatchObject({ wanted: 9, fetched: 9, requests: 9 });
    for (let h = 0; h < 3; h++) expect(web.maxInFlight(`par${h}.test`)).toBe(1);
    expect(web.maxInFlight()).toBe(2);
  });

  it('sheds full text when the process is near its memory limit, and says so', async () => {
    web.route('/article', { kind: 'static', body: articlePage('an article') });
    web.route('/feed', { kind: 'static', body: excerptFeed('Mem', [{ guid: 'm1', link: web.url('mem.test', '/article') }]) });
    await addSource(web.url('feeds.test', '/feed'), 'Mem');
    const guard = createMemoryGuard({ limitMb: 512, usage: () => ({ rss: 600 * 1024 * 1024, heapUsed: 10, heapLimit: 100 }) });
    const [report] = await ingest({ memoryGuard: guard });
    expect(report).toMatchObject({ outcome: 'fetched', newItems: 1 });
    expect(report!.fullText).toMatchObject({ fetched: 0, requests: 0, kept: { memory: 1 } });
    expect(web.requestsTo('/article')).toHaveLength(0);
  });

  it('sheds a page already being read when memory runs high mid-page', async () => {
    web.route('/huge', { kind: 'huge', bytes: 3 * 1024 * 1024 });
    web.route('/feed', { kind: 'static', body: excerptFeed('Mem', [{ guid: 'm1', link: web.url('mem.test', '/huge') }]) });
    await addSource(web.url('feeds.test', '/feed'), 'Mem');
    let reads = 0;
    // Low for the check before the request, high once the page is streaming.
    const guard = createMemoryGuard({ limitMb: 512, usage: () => ({ rss: (reads++ === 0 ? 100 : 900) * 1024 * 1024, heapUsed: 10, heapLimit: 100 }) });
    const [report] = await ingest({ memoryGuard: guard });
    expect(report!.fullText).toMatchObject({ fetched: 0, requests: 1, kept: { memory: 1 } });
    expect(report!.fullText!.bytes).toBeLessThan(3 * 1024 * 1024);
  });
});

describe('bot walls', () => {
  it('never takes a challenge page for the article: the item keeps its excerpt and the report names the host', async () => {
    web.route('/cf', { kind: 'static', status: 403, headers: { 'cf-mitigated': 'challenge' }, body: CLOUDFLARE_CHALLENGE });
    web.route('/js', { kind: 'static',
      body:
        '<html><head><title>example.org</title></head><body><p>Please enable JavaScript to view this page. This site needs JavaScript and cookies to verify that you are not a robot, and you will be redirected to the page you asked for once the check is complete.</p></body></html>' });
    web.route('/ok', { kind: 'static', body: articlePage('a real article') });
    web.route('/feed', { kind: 'static', body: excerptFeed('Walled', [
      { guid: 'w1', link: web.url('walled.test', '/cf') },
      { guid: 'w2', link: web.url('jswall.test', '/js') },
      { guid: 'w3', link: web.url('fine.test', '/ok') },
    ]) });
    await addSource(web.url('feeds.test', '/feed'), 'Walled');
    const [report] = await ingest();
    expect(report!.fullText).toMatchObject({ wanted: 3, fetched: 1, kept: { blocked: 2 } });
    expect(report!.fullText!.blocked).toEqual(expect.arrayContaining([
      { host: expect.stringMatching(/^walled\.test:\d+$/), vendor: 'Cloudflare' },
      { host: expect.stringMatching(/^jswall\.test:\d+$/), vendor: 'a bot check' },
    ]));
    const [source] = await store.listSources();
    expect(source!.fetchState.fullTextNote).toMatch(/^article pages blocked by a bot wall at walled\.test:\d+ \(Cloudflare\), jswall\.test:\d+ \(a bot check\)|^article pages blocked by a bot wall at jswall/);
    // A later cycle whose pages are fine clears the note; one with nothing new to fetch leaves it.
    web.route('/feed', { kind: 'static', body: excerptFeed('Walled', [{ guid: 'w4', link: web.url('fine.test', '/ok') }]) });
    await ingest();
    expect((await store.listSources())[0]!.fetchState.fullTextNote).toBeNull();
    const stored = await pieces();
    for (const guid of ['w1', 'w2']) {
      const piece = stored.find((p) => p.guid === guid)!;
      expect(piece.fullTextFetched).toBe(false);
      expect(piece.contentText).not.toMatch(/JavaScript|security of your connection|moment/);
    }
  });
});

describe('a feed behind a bot wall', () => {
  it("fails with a coded error naming the wall, as a refusal or as an HTML page in the feed's place", async () => {
    web.route('/walled-feed', { kind: 'static', status: 403, headers: { 'cf-mitigated': 'challenge' }, body: CLOUDFLARE_CHALLENGE });
    web.route('/html-feed', { kind: 'static', body: CLOUDFLARE_CHALLENGE.replace('Just a moment...', 'Feed') });
    await addSource(web.url('a.test', '/walled-feed'), 'Walled feed');
    await addSource(web.url('b.test', '/html-feed'), 'HTML feed');
    const reports = await ingest();
    for (const report of reports) {
      expect(report).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/a bot wall \(Cloudflare: .+\) instead of the feed$/), hint: expect.stringMatching(/challenges automated readers/) });
    }
    expect(reports.map((r) => r.status).sort()).toEqual([200, 403]);
    expect((await store.listSources()).every((s) => /bot wall/.test(s.fetchState.lastError ?? ''))).toBe(true);
  });
});

describe('arXiv', () => {
  const abstractPage = (id: string): string =>
    `<!doctype html><html><head><title>[${id}] A paper</title></head><body><div id="abs">
    <h1 class="title mathjax"><span class="descriptor">Title:</span>Scalable Oversight in Practice</h1>
    <div class="authors"><a href="/a/x">A. Author</a></div>
    <blockquote class="abstract mathjax"><span class="descriptor">Abstract:</span>${'We study scalable oversight with debate between models and find that judges improve. '.repeat(12)}</blockquote>
    <div class="metatable">Subjects: cs.AI</div></div></body></html>`;

  it("reads the paper's HTML full text for an abstract link, and the abstract page when it has none", async () => {
    const origin = `http://arxiv.test:${web.port}`;
    web.route('/html/2401.00001v2', { kind: 'static',
      body: `<!doctype html><html><head><title>Paper</title></head><body><article class="ltx_document"><h1 class="ltx_title">Debate</h1>${
        '<section class="ltx_section"><p class="ltx_p">Full text of the paper on debate, with <math alttext="x^{2}"><mi>x</mi></math> inline. The judges are models too, and their accuracy rises with the debate length.</p></section>'.repeat(
          20,
        )
      }</article></body></html>` });
    web.route('/abs/2401.00002', { kind: 'static', body: abstractPage('2401.00002') });
    web.route('/feed', { kind: 'static', body: excerptFeed('arXiv cs.AI', [
      { guid: 'oai:arXiv.org:2401.00001v2', link: 'https://arxiv.org/abs/2401.00001v2', excerpt: 'An abstract that is long enough. '.repeat(40) },
      { guid: 'oai:arXiv.org:2401.00002', link: 'http://export.arxiv.org/abs/2401.00002', excerpt: 'Short abstract.' },
    ]) });
    await addSource(web.url('feeds.test', '/feed'), 'arXiv');
    const [report] = await ingest({ arxivOrigin: origin });
    expect(report!.fullText).toMatchObject({ wanted: 2, fetched: 2, requests: 3 });
    expect(web.requestsTo('/html/2401.00002')).toHaveLength(1);
    const stored = await pieces();
    const withHtml = stored.find((p) => p.guid.endsWith('00001v2'))!;
    expect(withHtml.fullTextFetched).toBe(true);
    expect(withHtml.contentText).toContain('their accuracy rises with the debate length');
    expect(withHtml.contentText).toContain('\\(x^{2}\\)');
    const fromAbstract = stored.find((p) => p.guid.endsWith('00002'))!;
    expect(fromAbstract.contentText).toMatch(/^We study scalable oversight/);
    expect(fromAbstract.contentText).not.toMatch(/Subjects|Abstract:/);
  });
});
