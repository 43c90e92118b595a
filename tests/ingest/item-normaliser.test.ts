import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawFeedItem } from '../../src/ingest/feed-types.ts';
import { inlineNormaliser, threadHeapLimitMb, threadNormaliser, type ItemNormaliser, type NormaliseContext } from '../../src/ingest/item-normaliser.ts';
import { parseFeed } from '../../src/ingest/parse-feed.ts';
import { fixture } from './fixtures.ts';

const context: NormaliseContext = { sourceId: 'src-1', fetchedAt: new Date('2026-03-31T09:00:00Z'), baseUrl: 'https://feeds.example/' };
const FEEDS = ['rss2.xml', 'rss1.xml', 'atom-authors.xml', 'atom-relative.xml', 'xml-base-content.xml', 'hostile-links.xml', 'rss-permalink.xml', 'jsonfeed-1.1.json', 'doctype-entities.xml'];

async function rawItemsOf(name: string): Promise<RawFeedItem[]> {
  return (await parseFeed(fixture(name), { feedUrl: 'https://feeds.example/feed' })).items;
}

const open: ItemNormaliser[] = [];
function thread(options?: Parameters<typeof threadNormaliser>[0]): ItemNormaliser {
  const normaliser = threadNormaliser(options);
  open.push(normaliser);
  return normaliser;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((normaliser) => normaliser.close()));
});

describe('the item normaliser', () => {
  it('gives on its thread exactly the pieces it gives inline: text, HTML, hashes, signatures and dates', async () => {
    const onThread = thread();
    let pieces = 0;
    for (const name of FEEDS) {
      const items = await rawItemsOf(name);
      const inline = await inlineNormaliser().normalise(items, context);
      const threaded = await onThread.normalise(items, context);
      expect(threaded, name).toEqual(inline);
      for (const result of threaded) {
        if (!('piece' in result)) throw new Error(`${name}: ${result.error}`);
        expect(result.piece.fetchedAt).toBeInstanceOf(Date);
        pieces++;
      }
    }
    expect(pieces).toBeGreaterThan(15);
  });

  it("reports an item it cannot normalise as that item's error, and the feed's other items as pieces", async () => {
    const [good] = await rawItemsOf('rss2.xml');
    // A title that is not a string: what a broken parser would hand over.
    const broken = { ...good!, title: null } as unknown as RawFeedItem;
    const inline = await inlineNormaliser().normalise([good!, broken, good!], context);
    const threaded = await thread().normalise([good!, broken, good!], context);
    expect(threaded).toEqual(inline);
    expect(threaded.map((result) => ('piece' in result ? 'piece' : result.error))).toEqual(['piece', expect.stringMatching(/null/), 'piece']);
  });

  it('answers feeds given at once each with its own items, in any order of completion', async () => {
    const onThread = thread();
    const names = ['rss2.xml', 'atom-authors.xml', 'rss1.xml'];
    const results = await Promise.all(names.map(async (name) => onThread.normalise(await rawItemsOf(name), { ...context, sourceId: name })));
    for (const [i, name] of names.entries()) {
      expect(results[i]!.map((result) => ('piece' in result ? result.piece.sourceId : result.error))).toEqual((await rawItemsOf(name)).map(() => name));
    }
  });

  it("normalises a feed that outgrows the thread's heap on the calling thread, and the next feed on a new thread", async () => {
    const stops: string[] = [];
    const onThread = thread({ maxOldGenerationSizeMb: 24, onStop: (reason) => stops.push(reason) });
    const [good] = await rawItemsOf('rss2.xml');
    // 40 items of 1.5 MB of markup each: the thread must hold them all at once (60 MB), past its 24 MB.
    const huge = Array.from({ length: 40 }, (_, i) => ({ ...good!, guid: `huge-${i}`, html: `<p>${`word${i} `.repeat(150_000)}</p>` }));
    const results = await onThread.normalise(huge, context);
    expect(stops).toEqual(["a feed needed more than the normaliser thread's 24 MB"]);
    expect(results).toEqual(await inlineNormaliser().normalise(huge, context));
    expect(results.every((result) => 'piece' in result && result.piece.wordCount === 150_000)).toBe(true);
    const next = await onThread.normalise([good!], context);
    expect(next).toEqual(await inlineNormaliser().normalise([good!], context));
    expect(stops).toHaveLength(1);
  });

  it('normalises on the calling thread from then on when its thread cannot start', async () => {
    const stops: string[] = [];
    const onThread = thread({ entry: new URL('./no-such-worker.ts', import.meta.url), onStop: (reason) => stops.push(reason) });
    const items = await rawItemsOf('rss2.xml');
    const expected = await inlineNormaliser().normalise(items, context);
    expect(await onThread.normalise(items, context)).toEqual(expected);
    expect(await onThread.normalise(items, context)).toEqual(expected);
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatch(/no-such-worker/);
  });

  it("sizes the thread's heap from the largest feed ingest accepts", () => {
    expect(threadHeapLimitMb(10 * 1_048_576)).toBe(32);
    expect(threadHeapLimitMb(1024)).toBe(32);
    expect(threadHeapLimitMb(50 * 1_048_576)).toBe(150);
  });

  it('answers a feed still waiting when it is closed with errors rather than leaving it unanswered', async () => {
    const onThread = thread();
    const items = await rawItemsOf('rss2.xml');
    const waiting = onThread.normalise(items, context);
    await onThread.close();
    expect(await waiting).toEqual(items.map(() => ({ error: 'normalising stopped: the ingest run closed' })));
  });

  it('does not keep a process alive once it has answered, even when nobody closes it', () => {
    const module = fileURLToPath(new URL('../../src/ingest/item-normaliser.ts', import.meta.url));
    const script = `import { threadNormaliser } from ${JSON.stringify(module)};\n`
      + "const [result] = await threadNormaliser().normalise([{ guid: 'g', link: 'https://a.example/1', linkProblem: null, title: 'T', authors: [], contributors: [], dateText: null, html: '<p>Hello there</p>', contentBase: null }], { sourceId: 's', fetchedAt: new Date(0), baseUrl: null });\n"
      + 'console.log(result.piece.contentText);\n';
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('Hello there');
  });
});
