import { describe, expect, it } from 'vitest';
import { feedServerAndStore } from './feed-server-and-store.ts';
import { configSchema } from '../../src/config/schema.ts';
import { minhashOfWords, words } from '../../src/ingest/minhash.ts';
import { contentFields } from '../../src/ingest/normalise-item.ts';
import { runIngest, type IngestOptions } from '../../src/ingest/run-ingest.ts';
import type { Store } from '../../src/store/store.ts';
import { makePiece } from '../store/contract/fixtures.ts';
import { insertPieces } from '../store/seed-pieces.ts';

const options: IngestOptions = { ...configSchema.parse({}).ingest, allowPrivateNetworks: true, perHostIntervalMs: 0, totalTimeoutMs: 3_000, fullTextBelowWords: 0 };
const STORY = Array.from({ length: 300 }, (_, i) => `reward${i % 37} model${i % 11} critics${i}`).join(' ');

const env = feedServerAndStore();

/** The store, counting which piece reads ingest makes. */
function counting(inner: Store): { store: Store; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[key] = (calls[key] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

/**
 * Stores the story as an earlier piece of another source (`signature`: a stored signature to use instead of its own),
 * then ingests a feed carrying a near-duplicate of it, counting the store calls that ingest makes.
 */
async function ingestCrosspost(signature?: number[]) {
  const { source } = await env.store.addSource({ url: 'https://original.example/feed', name: 'Original', fullText: false });
  const original = { ...makePiece('orig', source.id, { fetchedAt: new Date(), url: 'https://original.example/post', canonicalUrl: 'https://original.example/post' }),
    ...contentFields('Critics catch reward hacks', STORY, `<p>${STORY}</p>`) };
  await insertPieces(env.store, signature === undefined ? original : { ...original, signature });
  // The stored story with a footer of its own: a near-duplicate, not the same text.
  const item = `<item><guid>elsewhere-1</guid><link>https://elsewhere.example/crosspost</link><title>Critics catch reward hacks</title><description><![CDATA[<p>${STORY} Subscribe to our newsletter.</p>]]></description></item>`;
  env.server.route('/feed', { body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Elsewhere</title>${item}</channel></rss>` });
  const { source: elsewhere } = await env.store.addSource({ url: env.server.url('/feed'), name: 'Elsewhere', fullText: false });
  const spy = counting(env.store);
  const [report] = await runIngest({ store: spy.store, sources: [elsewhere], options });
  return { report, calls: spy.calls };
}

describe('near-duplicate candidates', () => {
  it("are read as signatures only: a run with new items never loads the recent pieces' text", async () => {
    const { report, calls } = await ingestCrosspost();
    expect(report).toMatchObject({ outcome: 'fetched', newItems: 0, duplicateItems: 1 });
    expect(calls.listPieceSignaturesSince).toBe(1);
    expect(calls.listPiecesSince).toBeUndefined();
    expect(calls.getPiece).toBeUndefined();
  });

  it('re-signs a piece stored under the earlier signature scheme from its stored text, and still folds its crosspost', async () => {
    // 64 values: the earlier scheme's length, which signatures of today's scheme cannot be compared with.
    const { report, calls } = await ingestCrosspost(minhashOfWords(words(STORY)).slice(0, 64));
    expect(report).toMatchObject({ outcome: 'fetched', newItems: 0, duplicateItems: 1 });
    expect(calls.getPiece).toBe(1);
  });
});
