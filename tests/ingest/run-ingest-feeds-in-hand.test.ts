import { describe, expect, it } from 'vitest';
import { feedServerAndStore } from './feed-server-and-store.ts';
import { configSchema } from '../../src/config/schema.ts';
import { inlineNormaliser, type ItemNormaliser } from '../../src/ingest/item-normaliser.ts';
import { BYTES_IN_HAND, runIngest, type IngestOptions, type SourceIngestReport } from '../../src/ingest/run-ingest.ts';

const options: IngestOptions = { ...configSchema.parse({}).ingest, allowPrivateNetworks: true, perHostIntervalMs: 0, totalTimeoutMs: 10_000, concurrency: 8 };
const LONG = 'Sparse autoencoders trained on the residual stream recover features that are both interpretable and causally relevant. '.repeat(40);
/** An article of its own: words no other page shares, so no two pages fold as near-duplicates. */
const article = (seed: string): string => Array.from({ length: 400 }, (_, k) => `${seed}w${k}`).join(' ');

const env = feedServerAndStore();

/** A feed of two items, padded with a comment (which is no item) to `bytes` when given. */
function feed(name: string, text: string, link: (i: number) => string, bytes = 0): string {
  const items = [0, 1].map((i) => `<item><guid>${name}-${i}</guid><link>${link(i)}</link><title>${name} item ${i}</title><description><![CDATA[<p>${name} ${i}. ${text}</p>]]></description></item>`);
  const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title>${items.join('')}</channel></rss>`;
  return bytes > body.length ? body.replace('<channel>', `<channel><!--${'x'.repeat(bytes - body.length - 7)}-->`) : body;
}
const MB = 1_048_576;

/** The inline normaliser, slowed down, counting the feeds it holds at once. */
function countingNormaliser(delayMs: number): ItemNormaliser & { most: number } {
  const inner = inlineNormaliser();
  let now = 0;
  const counting = {
    most: 0,
    async normalise(...args: Parameters<ItemNormaliser['normalise']>) {
      now++;
      counting.most = Math.max(counting.most, now);
      try {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return await inner.normalise(...args);
      } finally {
        now--;
      }
    },
    close: () => inner.close(),
  };
  return counting;
}

describe('feeds in hand', () => {
  it(`holds at most ${BYTES_IN_HAND / MB} MB of fetched feeds as documents at once while ${options.concurrency} are fetched, and ingests them all`, async () => {
    // 1.5 MB each: two fit in the budget, a third does not.
    for (let i = 0; i < 6; i++) {
      env.server.route(`/feed${i}`, { body: feed(`site${i}`, LONG, (n) => `https://site${i}.example/${n}`, 1.5 * MB) });
      await env.store.addSource({ url: env.server.url(`/feed${i}`), name: `Site ${i}`, fullText: false });
    }
    const normaliser = countingNormaliser(60);
    const reports = await runIngest({ store: env.store, sources: await env.store.listSources(), options, normaliser });
    expect(reports.map((r) => [r.outcome, r.newItems])).toEqual(Array.from({ length: 6 }, () => ['fetched', 2]));
    expect(normaliser.most).toBe(2);
  });

  it('holds a feed larger than the whole budget alone rather than never', async () => {
    env.server.route('/huge', { body: feed('huge', LONG, (n) => `https://huge.example/${n}`, BYTES_IN_HAND + MB) });
    env.server.route('/small', { body: feed('small', LONG, (n) => `https://small.example/${n}`) });
    await env.store.addSource({ url: env.server.url('/huge'), name: 'Huge', fullText: false });
    await env.store.addSource({ url: env.server.url('/small'), name: 'Small', fullText: false });
    const normaliser = countingNormaliser(60);
    const reports = await runIngest({ store: env.store, sources: await env.store.listSources(), options: { ...options, maxBytes: 2 * BYTES_IN_HAND }, normaliser });
    expect(reports.map((r) => [r.sourceName, r.outcome, r.newItems]).sort()).toEqual([['Huge', 'fetched', 2], ['Small', 'fetched', 2]]);
    expect(normaliser.most).toBe(1);
  });

  it('gives its share to the next feed while an excerpt feed waits for slow article pages', async () => {
    // Two feeds of excerpts fill the budget (1.9 MB each); the full-content feed does not fit beside them.
    for (let i = 0; i < 2; i++) {
      env.server.route(`/excerpts${i}`, { body: feed(`excerpts${i}`, 'A short excerpt.', (n) => env.server.url(`/article${i}-${n}`), 1.9 * MB) });
      for (const n of [0, 1]) env.server.route(`/article${i}-${n}`, { body: `<html><body><article><p>${article(`a${i}n${n}`)}</p></article></body></html>`, headers: { 'content-type': 'text/html; charset=utf-8' }, delayMs: 400 });
      await env.store.addSource({ url: env.server.url(`/excerpts${i}`), name: `Excerpts ${i}`, fullText: true });
    }
    env.server.route('/full', { body: feed('full', LONG, (n) => `https://full.example/${n}`, 0.5 * MB) });
    const { source: full } = await env.store.addSource({ url: env.server.url('/full'), name: 'Full', fullText: true });
    const done: string[] = [];
    const sources = await env.store.listSources();
    // The full-content feed last, so the excerpt feeds take the budget first.
    sources.sort((a, b) => Number(a.id === full.id) - Number(b.id === full.id));
    const reports = await runIngest({ store: env.store, sources, options, onSourceDone: (report: SourceIngestReport) => done.push(report.sourceName) });
    expect(done[0]).toBe('Full');
    expect(reports.map((r) => [r.outcome, r.newItems, r.duplicateItems])).toEqual(reports.map(() => ['fetched', 2, 0]));
    expect(reports.filter((r) => r.sourceName.startsWith('Excerpts')).map((r) => r.fullText?.fetched)).toEqual([2, 2]);
  });
});
