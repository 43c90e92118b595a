import { readFile } from 'node:fs/promises';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { takeawayDefects } from '../fixtures/quality/takeaway-defects.ts';
import { createOfflineSummariser } from '../../src/summarise/offline-summariser.ts';

const FEEDS = ['alignment-notes.xml', 'gradient-review.xml', 'ahead-of-ml.xml'];

type Item = Parser.Item & { 'content:encoded'?: string; id?: string; feed: string };

async function loadItems(): Promise<Item[]> {
  const parser = new Parser();
  const all: Item[] = [];
  for (const file of FEEDS) {
    const xml = await readFile(new URL(`../../examples/feeds/${file}`, import.meta.url), 'utf8');
    const feed = await parser.parseString(xml);
    for (const item of feed.items) all.push({ ...(item as Item), feed: file });
  }
  return all;
}

const textOf = (item: Item): string => (item['content:encoded'] ?? item.content ?? '').replace(/<[^>]+>/g, ' ');
const wordsOf = (text: string): number => text.split(/\s+/).filter(Boolean).length;

// The bundled feeds are part of the product's first run: these checks keep the README's promises true.
describe('bundled sample feeds', () => {
  it('hold 15+ items with titles, authors, guids and example hosts only', async () => {
    const items = await loadItems();
    expect(items.length).toBeGreaterThanOrEqual(15);
    for (const item of items) {
      expect(item.title, item.feed).toBeTruthy();
      expect(item.creator ?? (item as { author?: string }).author, item.title).toBeTruthy();
      expect(item.guid ?? item.id, item.title).toBeTruthy();
      expect(new URL(item.link ?? '').hostname, item.title).toMatch(/(^|\.)example\.(org|net|com)$/);
    }
  });

  it('have one excerpt-only item, one undated item and substantial text elsewhere', async () => {
    const items = await loadItems();
    // rss-parser falls back to <description> for `content`, so an excerpt-only item is simply a short one.
    const excerpts = items.filter((i) => wordsOf(textOf(i)) < 60);
    expect(excerpts.map((i) => i.title)).toEqual(['Open problems in scalable oversight, winter 2026 edition']);
    expect(excerpts[0]!['content:encoded']).toBeUndefined();
    expect(items.filter((i) => i.isoDate === undefined).map((i) => i.title)).toEqual(['Reader mailbag: evaluating long-context models on a budget']);
    for (const item of items.filter((i) => !excerpts.includes(i))) {
      const words = wordsOf(textOf(item));
      expect(words, item.title).toBeGreaterThanOrEqual(150);
      expect(words, item.title).toBeLessThanOrEqual(500);
    }
    for (const item of items.filter((i) => i.isoDate !== undefined)) {
      expect(item.isoDate! >= '2026-11-01' && item.isoDate! <= '2026-11-22', item.title).toBe(true);
    }
  });

  it('carry one story in two feeds under different guids and links', async () => {
    const items = await loadItems();
    const copies = items.filter((i) => /agents that write their own tests/i.test(i.title ?? ''));
    expect(new Set(copies.map((i) => i.feed)).size).toBe(2);
    expect(new Set(copies.map((i) => i.guid ?? i.id)).size).toBe(2);
    expect(new Set(copies.map((i) => i.link)).size).toBe(2);
    const [a, b] = copies.map((i) => new Set(textOf(i).toLowerCase().split(/\W+/).filter(Boolean)));
    const shared = [...a!].filter((w) => b!.has(w)).length;
    expect(shared / new Set([...a!, ...b!]).size).toBeGreaterThan(0.9);
  });

  it('summarise offline into takeaways with no heading, fragment, dangling opening, repeat or filler', async () => {
    const summariser = createOfflineSummariser();
    for (const item of await loadItems()) {
      const text = textOf(item);
      const { summary } = await summariser.summarise({ title: item.title ?? '', sourceName: item.feed, text, language: 'en' });
      expect(summary.summary, item.title).not.toMatch(/^(First|Second|However|Moreover|Also|But|And|So|This|It|They),? /);
      expect(takeawayDefects(summary, text), item.title).toEqual([]);
    }
  });
});
