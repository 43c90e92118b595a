import { describe, expect, it } from 'vitest';
import { eventsFromIngest } from '../../src/alerts/ingest-events.ts';
import type { SourceIngestReport } from '../../src/ingest/run-ingest.ts';
import { ingestReport } from '../ingest/ingest-report.ts';

const report = (overrides: Partial<SourceIngestReport>): SourceIngestReport => ingestReport({ durationMs: 5, bytes: 100, ...overrides });
const source = { id: 's1', name: 'Feed', url: 'https://f.example/rss' };

describe('eventsFromIngest', () => {
  it('observes failing, healthy and empty feeds; says nothing for skipped sources', () => {
    expect(eventsFromIngest([
      report({ outcome: 'failed', status: 503, error: 'HTTP 503', failing: true }),
      report({ sourceId: 's2', outcome: 'fetched', seenItems: 3 }),
      report({ sourceId: 's3', outcome: 'fetched' }),
      report({ sourceId: 's4', outcome: 'not-modified', status: 304 }),
      report({ sourceId: 's5', outcome: 'skipped', status: 0 }),
      report({ sourceId: 's6', outcome: 'failed', error: 'timeout', failing: false }),
    ], new Map([['s1', 7]]))).toEqual([
      { kind: 'source-failing', source, failing: true, error: 'HTTP 503', consecutiveFailures: 7 },
      { kind: 'source-failing', source: { ...source, id: 's2' }, failing: false, error: null, consecutiveFailures: 0 },
      { kind: 'feed-empty', source: { ...source, id: 's2' }, empty: false },
      { kind: 'source-failing', source: { ...source, id: 's3' }, failing: false, error: null, consecutiveFailures: 0 },
      { kind: 'feed-empty', source: { ...source, id: 's3' }, empty: true },
      { kind: 'source-failing', source: { ...source, id: 's4' }, failing: false, error: null, consecutiveFailures: 0 },
      // One failure below the threshold is not yet "failing".
      { kind: 'source-failing', source: { ...source, id: 's6' }, failing: false, error: null, consecutiveFailures: 0 },
    ]);
  });

  it('observes article pages blocked by a bot wall, and pages loading again', () => {
    const pages = { wanted: 3, fetched: 1, truncated: 0, requests: 3, bytes: 1000, kept: { blocked: 2 }, blocked: [{ host: 'example.org', vendor: 'Cloudflare' }, { host: 'example.org', vendor: 'Cloudflare' }] };
    expect(eventsFromIngest([report({ seenItems: 3, fullText: pages })]).at(-1))
      .toEqual({ kind: 'full-text-blocked', source, blocked: true, pages: 2, reason: 'a bot wall at example.org (Cloudflare)' });
    expect(eventsFromIngest([report({ seenItems: 3, fullText: { ...pages, fetched: 3, kept: {}, blocked: [] } })]).at(-1))
      .toEqual({ kind: 'full-text-blocked', source, blocked: false, pages: 0, reason: null });
    // A cycle that wanted no page says nothing about pages.
    expect(eventsFromIngest([report({ seenItems: 3, fullText: { ...pages, wanted: 0 } })]).map((e) => e.kind)).toEqual(['source-failing', 'feed-empty']);
  });
});
