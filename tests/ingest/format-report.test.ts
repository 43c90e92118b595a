import { describe, expect, it } from 'vitest';
import { formatIngestReport, formatIngestReports } from '../../src/ingest/format-report.ts';
import type { SourceIngestReport } from '../../src/ingest/run-ingest.ts';
import { ingestReport } from './ingest-report.ts';

const base: SourceIngestReport = ingestReport({ sourceName: 'The Gradient', url: 'https://thegradient.pub/rss/', feedTitle: 'The Gradient', durationMs: 143, bytes: 1000, newItems: 12, seenItems: 38 });

describe('formatIngestReport', () => {
  it('prints one line per outcome', () => {
    expect(formatIngestReport(base)).toBe('✓ The Gradient  200  12 new, 38 seen  143 ms');
    expect(formatIngestReport({ ...base, updatedItems: 1, duplicateItems: 2 })).toBe('✓ The Gradient  200  12 new, 38 seen, 1 updated, 2 duplicate  143 ms');
    expect(formatIngestReport({ ...base, outcome: 'not-modified', status: 304, durationMs: 9 })).toBe('✓ The Gradient  304  unchanged  9 ms');
    expect(formatIngestReport({ ...base, sourceName: 'Broken Blog', outcome: 'failed', error: 'Broken Blog: malformed XML at line 3: Unexpected close tag', hint: 'check the feed URL in a browser', failing: true }))
      .toBe('✗ Broken Blog [failing]  malformed XML at line 3: Unexpected close tag — check the feed URL in a browser');
    expect(formatIngestReport({ ...base, outcome: 'skipped', error: 'waiting until 2026-03-31T00:10:00.000Z' })).toBe('… The Gradient  skipped: waiting until 2026-03-31T00:10:00.000Z');
  });

  it('says what full text did, naming blocked hosts and spent budgets', () => {
    const fullText = {
      wanted: 9,
      fetched: 3,
      truncated: 1,
      requests: 5,
      bytes: 1_000_000,
      kept: { 'blocked': 2, 'fetch-budget': 4 },
      blocked: [{ host: 'walled.example', vendor: 'Cloudflare' }],
    };
    expect(formatIngestReport({ ...base, fullText })).toBe(
      '✓ The Gradient  200  12 new, 38 seen, full text 3/9 (2 blocked by a bot wall: walled.example (Cloudflare), 4 cycle page-fetch budget spent, 1 cut at the page cap)  143 ms',
    );
  });

  it('adds a total line', () => {
    const text = formatIngestReports([base, { ...base, outcome: 'failed', newItems: 0, error: 'x' }]);
    expect(text.split('\n').at(-1)).toBe('2 sources, 12 new pieces, 1 failed');
  });
});
