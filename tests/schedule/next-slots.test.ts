import { describe, expect, it } from 'vitest';
import { nextSlots as nextRuns } from '../../src/schedule/cron-slots.ts';

describe('nextSlots (what /digest schedule shows)', () => {
  it('weekdays at 09:00 in London, from a Sunday', () => {
    const runs = nextRuns('0 9 * * 1-5', 'Europe/London', new Date('2026-11-22T08:00:00Z'), 3);
    expect(runs.map((d) => d.toISOString())).toEqual(['2026-11-23T09:00:00.000Z', '2026-11-24T09:00:00.000Z', '2026-11-25T09:00:00.000Z']);
  });

  it('reads the cron in the given timezone, across a DST change', () => {
    // New York leaves daylight saving on 1 November 2026: 09:00 is 13:00 UTC before, 14:00 after.
    const runs = nextRuns('0 9 * * *', 'America/New_York', new Date('2026-10-30T12:00:00Z'), 4);
    expect(runs.map((d) => d.toISOString())).toEqual(['2026-10-30T13:00:00.000Z', '2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  it('handles steps, last day of month and a run at midnight', () => {
    expect(nextRuns('*/20 * * * *', 'UTC', new Date('2026-01-01T00:05:00Z'), 3).map((d) => d.toISOString())).toEqual(['2026-01-01T00:20:00.000Z', '2026-01-01T00:40:00.000Z', '2026-01-01T01:00:00.000Z']);
    expect(nextRuns('0 0 L * *', 'UTC', new Date('2026-02-10T00:00:00Z'), 2).map((d) => d.toISOString())).toEqual(['2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    expect(nextRuns('0 0 29 2 *', 'UTC', new Date('2026-03-01T00:00:00Z'), 1).map((d) => d.toISOString())).toEqual(['2028-02-29T00:00:00.000Z']);
  });

  it('returns fewer runs for an expression that never fires', () => {
    expect(nextRuns('0 9 1 * 1#5', 'UTC', new Date('2026-01-01T00:00:00Z'), 3)).toEqual([]);
  });
});
