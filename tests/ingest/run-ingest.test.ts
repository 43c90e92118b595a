import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import type { Source } from '../../src/domain/source.ts';
import { formatIngestReport } from '../../src/ingest/format-report.ts';
import { parseFeed } from '../../src/ingest/parse-feed.ts';
import { runIngest, type IngestAlert, type IngestOptions, type RunIngestInput } from '../../src/ingest/run-ingest.ts';
import type { Store } from '../../src/store/store.ts';
import type { FeedServer } from '../fakes/feed-server.ts';
import { feedServerAndStore } from './feed-server-and-store.ts';
import { fixture, fixturePath } from './fixtures.ts';
import { editPiece } from '../store/seed-pieces.ts';

const options: IngestOptions = { ...configSchema.parse({}).ingest, allowPrivateNetworks: true, perHostIntervalMs: 0, totalTimeoutMs: 3_000 };

const env = feedServerAndStore();
let server: FeedServer;
let store: Store;
beforeEach(() => ({ server, store } = env));

async function addSource(url: string, name: string, fullText = false): Promise<Source> {
  const { source } = await store.addSource({ url, name, fullText });
  return source;
}

async function ingest(extra: Partial<RunIngestInput> = {}, sources?: Source[]) {
  return runIngest({ store, sources: sources ?? (await store.listSources()), options, ...extra });
}

const rss = (title: string, items: { guid: string; link: string; title: string; text: string }[]): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${
    items.map((i) => `<item><guid>${i.guid}</guid><link>${i.link}</link><title>${i.title}</title><description><![CDATA[${i.text}]]></description></item>`).join('')
  }</channel></rss>`;

const STORY = 'Researchers show that reward models trained on human preferences can be gamed by policies that learn to exploit systematic '
  + 'blind spots in the labelling process, and they propose an ensemble of critics that flags such exploits before deployment. '
  + 'The ensemble catches most known reward hacks in their benchmark while costing little extra compute during training.';

describe('runIngest', () => {
  it('ingests good feeds and reports a malformed one by name without stopping the others', async () => {
    server.route('/good', { body: fixture('rss2.xml') });
    server.route('/broken', { body: fixture('malformed.xml') });
    server.route('/rdf', { body: fixture('rss1.xml') });
    await addSource(server.url('/good'), 'The Gradient');
    await addSource(server.url('/broken'), 'Broken Blog');
    await addSource(server.url('/rdf'), 'arXiv cs.AI');
    const reports = await ingest();
    const byName = Object.fromEntries(reports.map((r) => [r.sourceName, r]));
    expect(byName['The Gradient']).toMatchObject({ outcome: 'fetched', status: 200, newItems: 2, seenItems: 0 });
    expect(byName['arXiv cs.AI']).toMatchObject({ outcome: 'fetched', newItems: 2 });
    expect(byName['Broken Blog']).toMatchObject({ outcome: 'failed' });
    expect(byName['Broken Blog']!.error).toMatch(/^Broken Blog: malformed XML at line \d+/);
    expect(formatIngestReport(byName['Broken Blog']!)).toMatch(/^✗ Broken Blog {2}malformed XML at line 2: <title> is never closed \(<\/channel> at line 4 ends it\) — the feed is not well-formed XML; open it in a browser/);
    expect(formatIngestReport(byName['The Gradient']!)).toMatch(/^✓ The Gradient {2}200 {2}2 new, 0 seen {2}\d+ ms$/);
    const broken = (await store.listSources()).find((s) => s.name === 'Broken Blog')!;
    expect(broken.fetchState).toMatchObject({ consecutiveFailures: 1, failing: false });
    expect(broken.fetchState.lastError).toMatch(/malformed XML/);
    const [log] = await store.listFetches(broken.id, 1);
    expect(log).toMatchObject({ outcome: 'failed', status: 200, newItems: 0 });
    expect(byName['Broken Blog']!.status).toBe(200);
  });

  it('a 304 costs one request and no parse', async () => {
    server.route('/feed', { body: fixture('rss2.xml'), etag: '"abc"' });
    await addSource(server.url('/feed'), 'Gradient');
    let parses = 0;
    const parse: RunIngestInput['parse'] = (xml, o) => {
      parses++;
      return parseFeed(xml, o);
    };
    const first = await ingest({ parse });
    expect(first[0]).toMatchObject({ outcome: 'fetched', newItems: 2 });
    expect((await store.listSources())[0]!.fetchState.etag).toBe('"abc"');
    const second = await ingest({ parse });
    expect(second[0]).toMatchObject({ outcome: 'not-modified', status: 304, newItems: 0, bytes: 0 });
    expect(parses).toBe(1);
    expect(server.requests[1]!.headers['if-none-match']).toBe('"abc"');
    expect(formatIngestReport(second[0]!)).toMatch(/^✓ Gradient {2}304 {2}unchanged/);
  });

  it('a second fetch of unchanged content counts items as seen, not new', async () => {
    server.route('/feed', { body: fixture('rss1.xml') });
    await addSource(server.url('/feed'), 'arXiv');
    await ingest();
    const again = await ingest();
    expect(again[0]).toMatchObject({ newItems: 0, seenItems: 2 });
  });

  it('stores Retry-After from a 429 and skips the source until then', async () => {
    server.route('/feed', { status: 429, headers: { 'retry-after': '600' } });
    await addSource(server.url('/feed'), 'Busy');
    let now = new Date('2026-03-31T00:00:00Z');
    const first = await ingest({ now: () => now });
    expect(first[0]).toMatchObject({ outcome: 'failed', status: 429 });
    const source = (await store.listSources())[0]!;
    expect(source.fetchState.retryAfter?.toISOString()).toBe('2026-03-31T00:10:00.000Z');
    now = new Date('2026-03-31T00:05:00Z');
    const second = await ingest({ now: () => now });
    expect(second[0]!.outcome).toBe('skipped');
    expect(server.requests).toHaveLength(1);
    server.route('/feed', { body: fixture('rss1.xml') });
    now = new Date('2026-03-31T00:11:00Z');
    const third = await ingest({ now: () => now });
    expect(third[0]).toMatchObject({ outcome: 'fetched', newItems: 2 });
    expect((await store.listSources())[0]!.fetchState.retryAfter).toBeNull();
  });

  it('marks a source failing after N failures, alerts once, and clears it on success', async () => {
    server.route('/feed', { status: 500 });
    await addSource(server.url('/feed'), 'Flaky');
    const alerts: IngestAlert[] = [];
    const again = async () => runIngest({ store, sources: await store.listSources(), options: { ...options, failingAfter: 2 }, onAlert: (a) => void alerts.push(a) });
    await again();
    expect((await store.listSources())[0]!.fetchState).toMatchObject({ consecutiveFailures: 1, failing: false });
    expect(alerts).toHaveLength(0);
    await again();
    await again();
    expect((await store.listSources())[0]!.fetchState).toMatchObject({ consecutiveFailures: 3, failing: true });
    expect(alerts.map((a) => a.kind)).toEqual(['source-failing']);
    expect(alerts[0]!.error).toMatch(/HTTP 500/);
    server.route('/feed', { body: fixture('rss1.xml') });
    await again();
    expect((await store.listSources())[0]!.fetchState).toMatchObject({ consecutiveFailures: 0, failing: false, lastError: null });
    expect(alerts.map((a) => a.kind)).toEqual(['source-failing', 'source-recovered']);
  });

  it('folds one story in two feeds into one piece with both sources recorded', async () => {
    server.route('/af', { body: rss('AF', [{ guid: 'af-1', link: 'https://www.alignmentforum.org/posts/abc/reward-models', title: 'Reward models can be gamed', text: `<p>${STORY}</p>` }]) });
    server.route('/lw', {
      body: rss('LW', [{ guid: 'lw-9', link: 'https://www.lesswrong.com/posts/abc/reward-models-can-be-gamed', title: 'Reward models can be gamed', text: `<p>${STORY}</p><p>Crossposted from the AI Alignment Forum.</p>` }]),
    });
    const af = await addSource(server.url('/af'), 'AI Alignment Forum');
    const lw = await addSource(server.url('/lw'), 'LessWrong');
    const reports = await ingest({}, [af, lw]);
    expect(reports.map((r) => [r.newItems, r.duplicateItems])).toEqual([[1, 0], [0, 1]]);
    const [piece] = await store.listPiecesSince(new Date(0));
    expect(piece!.sourceId).toBe(af.id);
    const occurrences = await store.listOccurrences(piece!.id);
    expect(occurrences.map((o) => [o.sourceId, o.matchedBy])).toEqual(expect.arrayContaining([[af.id, 'original'], [lw.id, 'near-duplicate']]));
    const near = occurrences.find((o) => o.matchedBy === 'near-duplicate')!;
    expect(near.similarity).toBeGreaterThanOrEqual(options.nearDuplicateThreshold);
    // The crosspost stays known: the next run counts it as seen, not new.
    const again = await ingest({}, await store.listSources());
    expect(again.map((r) => [r.newItems, r.seenItems])).toEqual([[0, 1], [0, 1]]);
  });

  it('treats the same URL with and without utm parameters as one piece', async () => {
    server.route('/a', { body: rss('A', [{ guid: 'a1', link: 'https://example.com/post/1', title: 'Post one', text: 'Short text from A.' }]) });
    server.route('/b', { body: rss('B', [{ guid: 'b1', link: 'https://EXAMPLE.com/post/1/?utm_source=rss&amp;utm_medium=feed#top', title: 'Post one!', text: 'Different text from B.' }]) });
    const a = await addSource(server.url('/a'), 'A');
    const b = await addSource(server.url('/b'), 'B');
    const reports = await ingest({}, [a, b]);
    expect(reports.map((r) => r.newItems)).toEqual([1, 0]);
    const [piece] = await store.listPiecesSince(new Date(0));
    const occurrences = await store.listOccurrences(piece!.id);
    expect(occurrences.find((o) => o.sourceId === b.id)?.matchedBy).toBe('canonical-url');
  });

  it("folds one feed's own repeats of the same text, never distinct guids that share a link", async () => {
    server.route('/feed', { body: rss('R', [
      { guid: 'r1', link: 'https://example.com/r/1', title: 'First', text: 'The first post of the feed.' },
      { guid: 'r1-again', link: 'https://example.com/r/1?utm_source=x', title: 'First (again)', text: 'Reposted with a new guid.' },
      { guid: 'r2', link: 'https://example.com/r/2', title: 'Second', text: 'Same words twice.' },
      { guid: 'r2-mirror', link: 'https://mirror.example.com/r/2', title: 'Second', text: 'Same words twice.' },
    ]) });
    await addSource(server.url('/feed'), 'R');
    const [report] = await ingest();
    expect(report).toMatchObject({ newItems: 3, duplicateItems: 1 });
    const pieces = await store.listPiecesSince(new Date(0));
    expect(pieces.map((p) => p.guid).sort()).toEqual(['r1', 'r1-again', 'r2']);
    const matched = (await Promise.all(pieces.map((p) => store.listOccurrences(p.id)))).flat().filter((o) => o.matchedBy !== 'original').map((o) => [o.guid, o.matchedBy]);
    expect(matched).toEqual([['r2-mirror', 'content-hash']]);
  });

  it('keeps every episode of a podcast feed whose episodes share one link, on the first poll and the next', async () => {
    const episodes = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        guid: `podcast-episode-${i + 1}`,
        link: 'https://podcast.example.com/',
        title: `Episode ${i + 1}: guest ${i + 1}`,
        text: `In episode ${i + 1} we talk with guest number ${i + 1} about topic ${(i * 7919) % 1000} and what changed since episode ${i}.`,
      }));
    server.route('/podcast', { body: rss('Podcast', episodes(131)) });
    const podcast = await addSource(server.url('/podcast'), 'Podcast');
    const [first] = await ingest({}, [podcast]);
    expect(first).toMatchObject({ newItems: 131, duplicateItems: 0 });
    server.route('/podcast', { body: rss('Podcast', episodes(132)) });
    const [second] = await ingest({}, await store.listSources());
    expect(second).toMatchObject({ newItems: 1, seenItems: 131, duplicateItems: 0 });
    expect(await store.listPiecesSince(new Date(0))).toHaveLength(132);
  });

  it("still folds another source's item with the same link into the stored piece", async () => {
    server.route('/a', { body: rss('A', [{ guid: 'a-1', link: 'https://news.example.com/story', title: 'A story', text: 'Told by A.' }]) });
    server.route('/b', { body: rss('B', [{ guid: 'b-9', link: 'https://news.example.com/story?utm_source=b', title: 'The story', text: 'Told by B.' }]) });
    const a = await addSource(server.url('/a'), 'A');
    const b = await addSource(server.url('/b'), 'B');
    expect(await ingest({}, [a])).toMatchObject([{ newItems: 1, duplicateItems: 0 }]);
    expect(await ingest({}, [b])).toMatchObject([{ newItems: 0, duplicateItems: 1 }]);
  });

  it('still folds a crosspost of a piece stored with the earlier signature scheme', async () => {
    server.route('/af', { body: rss('AF', [{ guid: 'af-1', link: 'https://www.alignmentforum.org/posts/abc', title: 'Reward models can be gamed', text: `<p>${STORY}</p>` }]) });
    const af = await addSource(server.url('/af'), 'AI Alignment Forum');
    await ingest({}, [af]);
    const [stored] = await store.listPiecesSince(new Date(0));
    // What a store written before the 128-value signatures holds: 64 numbers that compare with nothing new.
    await editPiece(store, stored!.id, { ...stored!, signature: Array.from({ length: 64 }, (_, i) => i) });
    server.route('/lw', { body: rss('LW', [{ guid: 'lw-9', link: 'https://www.lesswrong.com/posts/abc', title: 'Reward models can be gamed', text: `<p>${STORY}</p><p>Crossposted from the AI Alignment Forum.</p>` }]) });
    const lw = await addSource(server.url('/lw'), 'LessWrong');
    const [report] = await ingest({}, [lw]);
    expect(report).toMatchObject({ newItems: 0, duplicateItems: 1 });
  });

  it('stores a feed all or nothing: a failed save stores none of it, reports it, and the next poll stores it whole', async () => {
    server.route('/feed', { body: rss('T', [1, 2, 3].map((n) => ({ guid: `t${n}`, link: `https://example.com/t/${n}`, title: `Post ${n}`, text: `Text number ${n}.` }))) });
    await addSource(server.url('/feed'), 'T');
    let failNext = true;
    const flaky: Store = Object.create(store, {
      saveIngestBatch: {
        value: async (batch: Parameters<Store['saveIngestBatch']>[0]) => {
          if (failNext) {
            failNext = false;
            throw new Error('database is locked');
          }
          return store.saveIngestBatch(batch);
        },
      },
    });
    const [failed] = await runIngest({ store: flaky, sources: await store.listSources(), options });
    expect(failed).toMatchObject({ outcome: 'failed', newItems: 0 });
    expect(failed!.error).toContain('database is locked');
    expect(await store.listPiecesSince(new Date(0))).toEqual([]);
    // The failed poll stored no ETag either, so the next one fetches the body again and stores all three.
    const [retried] = await runIngest({ store: flaky, sources: await store.listSources(), options });
    expect(retried).toMatchObject({ outcome: 'fetched', newItems: 3 });
  });

  it('updates an edited item in place instead of adding it again', async () => {
    const item = { guid: 'e1', link: 'https://example.com/e1', title: 'Edited post', text: 'First version of the text.' };
    server.route('/feed', { body: rss('E', [item]) });
    await addSource(server.url('/feed'), 'E');
    await ingest();
    server.route('/feed', { body: rss('E', [{ ...item, text: 'Second version, with a correction.' }]) });
    const reports = await ingest();
    expect(reports[0]).toMatchObject({ newItems: 0, updatedItems: 1 });
    const pieces = await store.listPiecesSince(new Date(0));
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.contentText).toBe('Second version, with a correction.');
  });

  it('reads local files and file: URLs', async () => {
    const path = fixturePath('rss1.xml');
    await addSource(path, 'Local path');
    await addSource(pathToFileURL(fixturePath('atom-bad-date.xml')).href, 'Local URL');
    const reports = await ingest();
    expect(reports.map((r) => [r.outcome, r.status, r.newItems])).toEqual([['fetched', 200, 2], ['fetched', 200, 2]]);
    expect(server.requests).toHaveLength(0);
    const estimated = (await store.listPiecesSince(new Date(0))).filter((p) => p.publishedAtEstimated);
    // af-2 has an invalid date, the second arXiv item none: both kept, both flagged.
    expect(estimated.map((p) => p.guid).sort()).toEqual(['af-2', 'http://arxiv.org/abs/2603.00002']);
  });

  it('fetches full text for excerpt-only items and keeps the source link', async () => {
    const paragraph = 'Interpretability research tries to explain what a network computes, one circuit at a time, with causal interventions. ';
    server.route('/article', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<html><body><nav>Home Menu</nav><article><h1>Circuits</h1><p>${paragraph.repeat(8)}</p><p>${paragraph.repeat(8)}</p></article></body></html>` });
    server.route('/feed', { body: rss('FT', [{ guid: 'ft1', link: server.url('/article'), title: 'Circuits', text: 'A short excerpt.' }]) });
    await addSource(server.url('/feed'), 'With full text', true);
    await addSource(server.url('/feed') + '?off', 'No full text', false);
    server.route('/feed?off', { body: rss('FT2', [{ guid: 'ft2', link: 'https://elsewhere.example/x', title: 'Other', text: 'Another short excerpt.' }]) });
    await ingest();
    const pieces = await store.listPiecesSince(new Date(0));
    const full = pieces.find((p) => p.guid === 'ft1')!;
    expect(full.fullTextFetched).toBe(true);
    expect(full.url).toBe(server.url('/article'));
    expect(full.contentText).toContain('one circuit at a time');
    expect(full.wordCount).toBeGreaterThan(150);
    expect(pieces.find((p) => p.guid === 'ft2')!.fullTextFetched).toBe(false);
    expect(server.requestsTo('/article')).toHaveLength(1);
  });

  it('decodes a windows-1251 feed declared only in the prolog', async () => {
    const head = Buffer.from('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>RU</title><item><guid>r1</guid><title>', 'latin1');
    const tail = Buffer.from('</title><description>x</description></item></channel></rss>', 'latin1');
    server.route('/ru', { headers: { 'content-type': 'application/rss+xml' }, body: Buffer.concat([head, Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), tail]) });
    await addSource(server.url('/ru'), 'RU');
    await ingest();
    expect((await store.listPiecesSince(new Date(0)))[0]!.title).toBe('Привет');
  });

  it('never fetches an external entity or DTD named by a feed', async () => {
    const xml = readFileSync(fixturePath('external-entity-http.xml.tmpl'), 'utf8').replaceAll('__ORIGIN__', server.origin);
    server.route('/xxe', { body: xml });
    server.route('/secret', { body: 'TOP-SECRET' });
    server.route('/dtd', { body: '<!ENTITY xxe "pwned">' });
    await addSource(server.url('/xxe'), 'XXE');
    await addSource(fixturePath('billion-laughs.xml'), 'Laughs');
    const reports = await ingest();
    expect(reports.map((r) => r.outcome)).toEqual(['fetched', 'fetched']);
    expect(server.requests.map((r) => r.path)).toEqual(['/xxe']);
    const pieces = await store.listPiecesSince(new Date(0));
    expect(pieces.map((p) => p.contentText).join(' ')).not.toMatch(/TOP-SECRET|pwned|lollol/);
  });

  it('skips a paused source without a request', async () => {
    server.route('/feed', { body: fixture('rss1.xml') });
    const source = await addSource(server.url('/feed'), 'Paused');
    await store.updateSource(source.id, { paused: true });
    const reports = await ingest();
    expect(reports[0]).toMatchObject({ outcome: 'skipped', error: 'paused' });
    expect(server.requests).toHaveLength(0);
  });

  it('reports an unreachable source as failed and still ingests the rest', async () => {
    server.route('/ok', { body: fixture('rss1.xml') });
    await addSource('http://127.0.0.1:1/feed', 'Nowhere');
    await addSource(server.url('/ok'), 'OK');
    const reports = await ingest();
    const byName = Object.fromEntries(reports.map((r) => [r.sourceName, r]));
    expect(byName['Nowhere']).toMatchObject({ outcome: 'failed', status: 0, hint: expect.stringMatching(/retried/) });
    expect(byName['OK']).toMatchObject({ outcome: 'fetched', newItems: 2 });
  });
});
