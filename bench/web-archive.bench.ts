// The web archive on a year and a half of daily editions (500 × 4 pieces, SQLite): a full static build, an
// incremental rebuild after one new edition (files written, and time against the full build), and the
// server answering edition permalinks and 304 revalidations (p50/p95 per request, sequential, loopback).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startArchiveServer } from '../adapters/web/archive-server.ts';
import { createArchiveSite } from '../adapters/web/archive-site.ts';
import { buildStaticSite } from '../adapters/web/build-site.ts';
import { createArchiveReader } from '../src/archive/archive-reader.ts';
import { sitePaths } from '../src/archive/archive-paths.ts';
import { editionSlugs } from '../src/archive/edition-slugs.ts';
import type { Digest, DigestPiece } from '../src/domain/digest.ts';
import { silentLogger } from '../src/log/logger.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import type { BenchResult } from './bench-result.ts';
import { channelSettings } from '../tests/fixtures/channel-settings.ts';

const EDITIONS = 500;
const REQUESTS = 300;
const DAY = 86_400_000;
const START = Date.parse('2025-06-02T09:00:00Z');

function piece(day: number, position: number): DigestPiece {
  const words = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}${(i * 7 + day) % 97}`).join(' ');
  return {
    position,
    pieceId: `p-${day}-${position}`,
    title: `Day ${day} piece ${position}: ${words(8, 'title')}`,
    sourceName: `Source ${position}`,
    url: `https://research.example.org/${day}/${position}`,
    readMinutes: 6,
    summary: {
      summary: `${words(110, 'w')}.\n\n${words(60, 'v')}.`,
      whyItMatters: `${words(100, 'm')}.`,
      whatToBuild: `${words(70, 'b')}.`,
      keyTakeaways: [`${words(30, 'a')}.`, `${words(30, 'c')}.`, `${words(30, 'd')}.`],
    },
    summarisedBy: 'llm',
    reason: 'matches interests: reward hacking',
  };
}

function digest(channelId: string, day: number): Digest {
  const pieces = [1, 2, 3, 4].map((n) => piece(day, n));
  return {
    id: `d-${day}`,
    channelId,
    edition: new Date(START + day * DAY).toISOString(),
    title: `AI Research Digest — day ${day}`,
    headerLine: '4 pieces selected from Source 1, Source 2, Source 3, Source 4 — only the ones worth your time.',
    createdAt: new Date(START + day * DAY),
    readMinutes: 24,
    summarisedOffline: false,
    pieces,
  };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-web-'));
  const store = await createSqliteStore({ path: path.join(dir, 'digest.db') });
  try {
    const channel = await store.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, channelSettings({ cron: '0 9 * * *' }));
    const archive = await store.ensureArchive(channel.id, 'UTC', new Date(START));
    for (let day = 0; day < EDITIONS; day++) await store.saveDigest(digest(channel.id, day));
    const site = createArchiveSite({ reader: createArchiveReader(store, { pageSize: 20 }), siteName: 'Bench', digestName: 'AI Research Digest', defaultLanguage: 'en', publicUrl: null });
    const out = path.join(dir, 'public');

    let started = performance.now();
    const full = await buildStaticSite(site, out);
    const fullMs = performance.now() - started;
    await store.saveDigest(digest(channel.id, EDITIONS));
    started = performance.now();
    const incremental = await buildStaticSite(site, out);
    const incrementalMs = performance.now() - started;

    const indexPages = Math.ceil((EDITIONS + 1) / 20);
    const server = await startArchiveServer({ site, port: 0, host: '127.0.0.1', logger: silentLogger() });
    const slugs = [...editionSlugs(await store.listDigestStamps(channel.id), 'UTC').values()];
    const base = `http://127.0.0.1:${server.port}/`;
    const timings: number[] = [];
    const revalidations: number[] = [];
    try {
      for (let i = 0; i < REQUESTS; i++) {
        const url = base + sitePaths.edition(archive.token, slugs[(i * 37) % slugs.length]!);
        let t = performance.now();
        const response = await fetch(url);
        await response.arrayBuffer();
        timings.push(performance.now() - t);
        t = performance.now();
        const again = await fetch(url, { headers: { 'if-none-match': response.headers.get('etag')! } });
        await again.arrayBuffer();
        if (again.status !== 304) throw new Error(`expected 304, got ${again.status}`);
        revalidations.push(performance.now() - t);
      }
    } finally {
      await server.close();
    }
    timings.sort((a, b) => a - b);
    revalidations.sort((a, b) => a - b);
    return [
      { name: `full static build, ${EDITIONS} editions`, value: fullMs, unit: 'ms', note: `${full.files} files written` },
      {
        name: 'incremental rebuild after 1 new edition: files written',
        value: incremental.written,
        unit: 'files',
        // The new page, every index page (newest-first pages all shift by one) and the feed; no other edition page.
        target: `= 1 + ${indexPages} index pages + feed`,
        ok: incremental.written === 1 + indexPages + 1,
        note: `of ${incremental.files} files; unchanged files keep their mtime`,
      },
      { name: 'incremental rebuild / full build (time)', value: incrementalMs / fullMs, unit: 'ratio', note: 'every page is still rendered and compared; only changed files are written' },
      { name: 'edition page p50', value: percentile(timings, 0.5), unit: 'ms' },
      { name: 'edition page p95', value: percentile(timings, 0.95), unit: 'ms', target: '< 50 ms', ok: percentile(timings, 0.95) < 50 },
      { name: '304 revalidation p50', value: percentile(revalidations, 0.5), unit: 'ms' },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
