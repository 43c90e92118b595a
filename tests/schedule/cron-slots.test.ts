import { describe, expect, it } from 'vitest';
import { cronSlotsBetween, isCronSlot, lastSlotAtOrBefore, nextSlots } from '../../src/schedule/cron-slots.ts';

const H = 3_600_000;
const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());

describe('cronSlotsBetween across DST changes', () => {
  const cases = [
    { zone: 'Europe/London', day: '2026-03-29', expected: '2026-03-29T08:00:00.000Z', change: 'spring forward' },
    { zone: 'Europe/London', day: '2026-10-25', expected: '2026-10-25T09:00:00.000Z', change: 'fall back' },
    { zone: 'America/New_York', day: '2026-03-08', expected: '2026-03-08T13:00:00.000Z', change: 'spring forward' },
    { zone: 'America/New_York', day: '2026-11-01', expected: '2026-11-01T14:00:00.000Z', change: 'fall back' },
  ];
  for (const c of cases) {
    it(`fires a 09:00 digest exactly once in ${c.zone} on ${c.change} day (${c.day})`, () => {
      // A window 36 h wide around the local day catches a second firing if there were one.
      const from = new Date(`${c.day}T00:00:00Z`);
      const slots = cronSlotsBetween('0 9 * * *', c.zone, new Date(from.getTime() - 6 * H), new Date(from.getTime() + 30 * H));
      expect(iso(slots.filter((s) => s.toISOString().startsWith(c.day)))).toEqual([c.expected]);
      expect(slots).toHaveLength(1);
    });
  }

  it('fires a time inside the repeated hour once, on its first occurrence', () => {
    // 01:30 London happens at 00:30Z (BST) and again at 01:30Z (GMT) on 25 Oct 2026.
    const slots = cronSlotsBetween('30 1 * * *', 'Europe/London', new Date('2026-10-24T12:00:00Z'), new Date('2026-10-25T12:00:00Z'));
    expect(iso(slots)).toEqual(['2026-10-25T00:30:00.000Z']);
    expect(isCronSlot('30 1 * * *', 'Europe/London', new Date('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isCronSlot('30 1 * * *', 'Europe/London', new Date('2026-10-25T01:30:20Z'))).toBe(false);
  });

  it('skips a time that does not exist on the spring-forward day, and fires it again the next day', () => {
    const slots = cronSlotsBetween('30 1 * * *', 'Europe/London', new Date('2026-03-28T12:00:00Z'), new Date('2026-03-30T12:00:00Z'));
    expect(iso(slots)).toEqual(['2026-03-30T00:30:00.000Z']);
  });

  it('keeps a fixed interval in UTC through the change', () => {
    const slots = cronSlotsBetween('*/15 * * * *', 'UTC', new Date('2026-10-25T00:00:00Z'), new Date('2026-10-25T03:00:00Z'));
    expect(slots).toHaveLength(12);
  });
});

describe('slot look-ups', () => {
  it('finds the last weekday 09:00 before a Monday morning', () => {
    const monday0830 = new Date('2026-03-30T07:30:00Z'); // 08:30 BST
    expect(lastSlotAtOrBefore('0 9 * * 1-5', 'Europe/London', monday0830, 7 * 24 * H)?.toISOString()).toBe('2026-03-27T09:00:00.000Z');
    expect(lastSlotAtOrBefore('0 9 * * 1-5', 'Europe/London', monday0830, 24 * H)).toBeUndefined();
    expect(lastSlotAtOrBefore('0 9 * * 1-5', 'Europe/London', new Date('2026-03-30T08:00:00Z'), H)?.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('lists the next slots, honouring day-of-month and weekday together like node-cron', () => {
    expect(iso(nextSlots('0 9 * * 1-5', 'America/New_York', new Date('2026-03-06T15:00:00Z'), 2))).toEqual([
      '2026-03-09T13:00:00.000Z',
      '2026-03-10T13:00:00.000Z',
    ]);
  });
});
