import nodeCron from 'node-cron';

const MINUTE = 60_000;
/** Each step jumps a minute, an hour or most of a day, so this covers years of daily schedules. */
const MAX_STEPS = 50_000;
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

type CronFields = ReturnType<typeof nodeCron.parse>;

const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formats.set(timeZone, format);
  }
  return format;
}

function localParts(format: Intl.DateTimeFormat, at: number): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(at))) parts[p.type] = p.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']) % 24,
    minute: Number(parts['minute']),
    weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? -1,
  };
}

const sameWallClock = (a: LocalParts, b: LocalParts): boolean => a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day-of-month entries are numbers or "L"; day-of-week entries are numbers, "d#n" or "dL". Both must match, as in node-cron. */
function dayMatches(fields: CronFields, p: LocalParts): boolean {
  const last = daysInMonth(p.year, p.month);
  const dom = fields.dayOfMonth.some((v) => (v === 'L' ? p.day === last : Number(v) === p.day));
  const dow = fields.dayOfWeek.some((v) => {
    if (typeof v === 'number') return v % 7 === p.weekday;
    const nth = /^(\d)#(\d)$/.exec(v);
    if (nth !== null) return Number(nth[1]) % 7 === p.weekday && Math.ceil(p.day / 7) === Number(nth[2]);
    const lastOf = /^(\d)L$/.exec(v);
    if (lastOf !== null) return Number(lastOf[1]) % 7 === p.weekday && p.day + 7 > last;
    return false;
  });
  return dom && dow;
}

/**
 * Every slot of a 5-field cron read in `timeZone`, strictly after `after` and at or before `until`,
 * as UTC instants on whole minutes. DST: a wall-clock time repeated by a fall-back fires once (the
 * first time); a time that does not exist on a spring-forward day does not fire that day — the same
 * as node-cron, so the slots we compute are the slots the scheduler fires.
 */
export function cronSlotsBetween(cron: string, timeZone: string, after: Date, until: Date, limit = Number.POSITIVE_INFINITY): Date[] {
  const fields = nodeCron.parse(cron);
  const format = formatFor(timeZone);
  const slots: Date[] = [];
  const end = until.getTime();
  let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let step = 0; step < MAX_STEPS && t <= end && slots.length < limit; step++) {
    const p = localParts(format, t);
    if (!fields.month.includes(p.month) || !dayMatches(fields, p)) {
      // Jump to 23:00 local, then to midnight: two steps per day, and a DST shift cannot skip a midnight.
      const minuteOfDay = p.hour * 60 + p.minute;
      t += (minuteOfDay < 23 * 60 ? 23 * 60 - minuteOfDay : 24 * 60 - minuteOfDay) * MINUTE;
    } else if (!fields.hour.includes(p.hour)) {
      t += (60 - p.minute) * MINUTE;
    } else if (!fields.minute.includes(p.minute)) {
      t += MINUTE;
    } else {
      // The second pass through a repeated hour (fall-back) shows the same wall clock 30 or 60 minutes later.
      const repeated = [30, 60].some((m) => sameWallClock(localParts(format, t - m * MINUTE), p));
      if (!repeated) slots.push(new Date(t));
      t += MINUTE;
    }
  }
  return slots;
}

/** The next `count` slots after `from`. */
export function nextSlots(cron: string, timeZone: string, from: Date, count: number): Date[] {
  return cronSlotsBetween(cron, timeZone, from, new Date(from.getTime() + 4 * 366 * 24 * 3_600_000), count);
}

/** The latest slot at or before `at`, looking back at most `lookbackMs`; undefined when there is none. */
export function lastSlotAtOrBefore(cron: string, timeZone: string, at: Date, lookbackMs: number): Date | undefined {
  return cronSlotsBetween(cron, timeZone, new Date(at.getTime() - lookbackMs), at).at(-1);
}

/** True when `at` (to the minute) is a slot of the cron: lets the scheduler drop a fire the slot list disowns. */
export function isCronSlot(cron: string, timeZone: string, at: Date): boolean {
  const minute = Math.floor(at.getTime() / MINUTE) * MINUTE;
  return cronSlotsBetween(cron, timeZone, new Date(minute - MINUTE), new Date(minute)).length === 1;
}
