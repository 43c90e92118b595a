// Ingest at scale: 500 feeds × 50 items from a local feed server, cold (everything new) then warm (every feed 304).
import Parser from 'rss-parser';
import { configSchema } from '../src/config/schema.ts';
import { decodeFeed } from '../src/ingest/decode-feed.ts';
import { normaliseItem } from '../src/ingest/normalise-item.ts';
import { parseFeed } from '../src/ingest/parse-feed.ts';
import { runIngest, type IngestOptions } from '../src/ingest/run-ingest.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import type { Piece, PieceOccurrence } from '../src/domain/piece.ts';
import type { Source } from '../src/domain/source.ts';
import type { Store } from '../src/store/store.ts';
import { startFeedServer } from '../tests/fakes/feed-server.ts';
import type { BenchResult } from './bench-result.ts';

const FEEDS = 500;
const ITEMS = 50;
const WORDS_PER_ITEM = 160;

const VOCABULARY = ('alignment reward model policy gradient interpretability circuit neuron attention transformer oversight debate '
  + 'evaluation benchmark dataset training inference scaling law compute agent planning robustness adversarial example '
  + 'feature probe sparse autoencoder representation language vision reinforcement learning human feedback preference '
  + 'optimisation loss objective deception honesty safety capability generalisation distribution shift').split(' ');

/** Deterministic pseudo-random text, distinct per (feed, item), so nothing folds as a duplicate. */
function itemText(seed: number): string {
  let x = seed * 2654435761 >>> 0;
  const out: string[] = [];
  for (let i = 0; i < WORDS_PER_ITEM; i++) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
    out.push(VOCABULARY[x % VOCABULARY.length]!);
  }
  return out.join(' ');
}

function feedXml(feed: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const id = feed * 1000 + i;
    return `<item><title>Post ${id}: ${itemText(id + 7).split(' ').slice(0, 6).join(' ')}</title><link>https://blog${feed}.example/posts/${i}?utm_source=rss</link>`
      + `<guid isPermaLink="false">feed${feed}-item${i}</guid><pubDate>Mon, 30 Mar 2026 09:${String(i).padStart(2, '0')}:00 GMT</pubDate>`
      + `<dc:creator>Author ${i % 7}</dc:creator><description><![CDATA[<p>${itemText(id)}</p><p><a href="/more">More</a></p>]]></description></item>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Blog ${feed}</title>`
    + `<link>https://blog${feed}.example/</link>${items}</channel></rss>`;
}

/** Just the piece and fetch-log methods ingest calls, in maps: isolates the pipeline's own cost from the SQLite backend's. */
function mapStore(): Store {
  const pieces = new Map<string, Piece>();
  const byGuid = new Map<string, Piece>();
  const byUrl = new Map<string, Piece>();
  const byHash = new Map<string, Piece>();
  const occurrences: PieceOccurrence[] = [];
  let lockTail: Promise<unknown> = Promise.resolve();
  const pick = (keys: readonly string[], from: Map<string, Piece>, key = (k: string) => k): Map<string, Piece> =>
    new Map(keys.flatMap((k) => {
      const piece = from.get(key(k));
      return piece ? [[k, piece] as const] : [];
    }));
  const partial: Partial<Store> = {
    listPiecesSince: async () => [...pieces.values()],
    findPiecesByGuids: async (sourceId, guids) => pick(guids, byGuid, (guid) => `${sourceId}\n${guid}`),
    findPiecesByCanonicalUrls: async (urls) => pick(urls, byUrl),
    findPiecesByContentHashes: async (hashes) => pick(hashes, byHash),
    saveIngestBatch: async (batch) => {
      for (const piece of batch.inserts) {
        pieces.set(piece.id, piece);
        byGuid.set(`${piece.sourceId}\n${piece.guid}`, piece);
        if (piece.canonicalUrl) byUrl.set(piece.canonicalUrl, piece);
        if (!byHash.has(piece.contentHash)) byHash.set(piece.contentHash, piece);
      }
      for (const occurrence of batch.occurrences) {
        occurrences.push(occurrence);
        const piece = pieces.get(occurrence.pieceId);
        if (piece) byGuid.set(`${occurrence.sourceId}\n${occurrence.guid}`, piece);
      }
    },
    recordFetch: async () => undefined,
    updateSource: async () => undefined,
    // One process: nothing is ever stored by anyone else.
    listPiecesStoredAfter: async () => ({ pieces: [], marker: 0 }),
    withLock: <T>(_key: string, task: () => Promise<T>): Promise<T> => {
      const result = lockTail.then(task);
      lockTail = result.catch(() => undefined);
      return result;
    },
  };
  return partial as Store;
}

/** Ingest throughput, cold cost vs bare parseString, and the warm (304) re-poll speedup. */
export async function run(): Promise<BenchResult[]> {
  const bodies = Array.from({ length: FEEDS }, (_, i) => feedXml(i));
  const server = await startFeedServer();
  bodies.forEach((body, i) => server.route(`/feed/${i}`, { body, etag: `"v${i}"` }));
  const store = await createSqliteStore({ path: ':memory:' });
  try {
    for (let i = 0; i < FEEDS; i++) await store.addSource({ url: server.url(`/feed/${i}`), name: `Blog ${i}`, fullText: false });
    const sources = await store.listSources();
    const options: IngestOptions = { ...configSchema.parse({}).ingest, allowPrivateNetworks: true, perHostIntervalMs: 0, fullTextBelowWords: 0 };

    // Bare parse: rss-parser's parseString on the same strings, one parser, sequential.
    const parser = new Parser();
    await parser.parseString(bodies[0]!);
    const bareStart = performance.now();
    for (const body of bodies) await parser.parseString(body);
    const bareMs = performance.now() - bareStart;

    // The in-process part of the pipeline (no network, no store): decode, neutralise, parse, normalise.
    const fetchedAt = new Date();
    const processStart = performance.now();
    for (const [i, body] of bodies.entries()) {
      const feed = await parseFeed(decodeFeed(Buffer.from(body), 'application/rss+xml'), { feedUrl: `https://blog${i}.example/feed` });
      for (const item of feed.items) normaliseItem(item, { sourceId: `s${i}`, fetchedAt, baseUrl: null });
    }
    const processMs = performance.now() - processStart;

    // The whole pipeline (fetch, politeness, parse, normalise, dedupe) over map-backed storage.
    const freshSources: Source[] = sources.map((source) => ({ ...source, fetchState: { ...source.fetchState, etag: null, lastModified: null } }));
    const mapStart = performance.now();
    const mapped = await runIngest({ store: mapStore(), sources: freshSources, options });
    const mapMs = performance.now() - mapStart;
    const mappedNew = mapped.reduce((sum, r) => sum + r.newItems, 0);

    const coldStart = performance.now();
    const cold = await runIngest({ store, sources, options });
    const coldMs = performance.now() - coldStart;
    const newItems = cold.reduce((sum, r) => sum + r.newItems, 0);
    const failed = cold.filter((r) => r.outcome !== 'fetched').length;

    const warmSources = await store.listSources();
    const warmStart = performance.now();
    const warm = await runIngest({ store, sources: warmSources, options });
    const warmMs = performance.now() - warmStart;
    const notModified = warm.filter((r) => r.outcome === 'not-modified').length;

    const ratio = coldMs / bareMs;
    const speedup = coldMs / warmMs;
    const scale = `${FEEDS} feeds × ${ITEMS} items, ${WORDS_PER_ITEM} words each, concurrency ${options.concurrency}`;
    return [
      { name: 'cold items per second', value: Math.round(newItems / (coldMs / 1000)), unit: 'items/s', note: `${newItems} new items, ${failed} feeds not fetched; ${scale}` },
      { name: 'cold ms per feed', value: round(coldMs / FEEDS), unit: 'ms' },
      { name: 'bare parseString ms per feed', value: round(bareMs / FEEDS), unit: 'ms' },
      {
        name: 'cold pipeline / bare parse',
        value: round(ratio),
        unit: '×',
        target: '≤ 1.5',
        ok: ratio <= 1.5,
        note: 'pipeline = fetch + decode + DTD neutralise + parse + sanitise (linkedom) + MinHash + dedupe lookups + SQLite writes + fetch log',
      },
      {
        name: 'cold pipeline (map storage) / bare parse',
        value: round(mapMs / bareMs),
        unit: '×',
        target: '≤ 1.5',
        ok: mapMs / bareMs <= 1.5,
        note: `same pipeline with storage in maps (${mappedNew} new items): the ingest code's own cost, without the SQLite backend`,
      },
      {
        name: 'in-process pipeline / bare parse',
        value: round(processMs / bareMs),
        unit: '×',
        note: 'decode + DTD neutralise + parse + normalise (linkedom sanitising, MinHash, sha256) — no network, no store',
      },
      { name: 'warm ms per feed (304)', value: round(warmMs / FEEDS), unit: 'ms', note: `${notModified}/${FEEDS} answered 304` },
      { name: 'warm re-poll speedup vs cold', value: round(speedup), unit: '×', target: '≥ 20', ok: speedup >= 20 && notModified === FEEDS },
    ];
  } finally {
    await store.close();
    await server.close();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
