import { setFlagsFromString, getHeapSpaceStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/ingest/parse-feed.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Bytes in V8's large-object spaces (where a document of a few MB lives) after a full collection. */
function largeObjectBytes(): number {
  gc();
  return getHeapSpaceStatistics().filter((s) => /large_object_space$/.test(s.space_name)).reduce((sum, s) => sum + s.space_used_size, 0);
}

/** A 4 MB document whose strings (title, guids, CDATA content) the reader would hand out as slices of it. */
function bigFeed(seed: number): string {
  const body = `<p>${`Sparse autoencoders recover interpretable features from the residual stream, seed ${seed}. `.repeat(400)}</p>`;
  const items = Array.from({ length: 100 }, (_, i) =>
    `<item><title>Interpretability notes, part ${i} of the series</title><guid isPermaLink="false">urn:notes:${seed}:${i}:a-long-identity</guid>`
    + `<author>Research Team Member ${i}</author><pubDate>Mon, 30 Mar 2026 09:00:00 GMT</pubDate><description><![CDATA[${body}]]></description></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Notes on interpretability and alignment ${seed}</title><link>https://notes.example/</link>${items.join('')}</channel></rss>`;
}

describe('a parsed feed', () => {
  it('keeps nothing of the document alive: its title and items are strings of their own, not slices of the whole text', async () => {
    const before = largeObjectBytes();
    const kept: unknown[] = [];
    for (let seed = 0; seed < 5; seed++) {
      const feed = await parseFeed(bigFeed(seed), { feedUrl: 'https://notes.example/feed' });
      expect(feed.items).toHaveLength(100);
      // What ingest holds on to past the parse: the title (in every source's report) and the items until normalised.
      kept.push(feed.title, feed.items.map((item) => [item.title, item.guid, item.authors, item.dateText, item.html]));
    }
    // Five 4 MB documents held through slices would be 20 MB; the items' own HTML (5 × 100 × 37 KB) is not large objects.
    expect(largeObjectBytes() - before).toBeLessThan(4 * 1024 * 1024);
    expect(kept).toHaveLength(10);
  });
});
