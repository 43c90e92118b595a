import nodeCron from 'node-cron';

const MINUTE = 60_000;
/** Enough for "29 February" schedules; each step jumps a minute, an hour or most of a day. */
const MAX_STEPS = 20_000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function localParts(format: Intl.DateTimeFormat, at: Date): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']) % 24,
    minute: Number(parts['minute']),
    weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? -1,
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day-of-month entries are numbers or "L" (last day); day-of-week entries are numbers, "d#n" (nth) or "dL" (last). */
function dayMatches(fields: ReturnType<typeof nodeCron.parse>, p: LocalParts): boolean {
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
  // node-cron requires both day fields to match; do the same so the preview agrees with the scheduler.
  return dom && dow;
}

/** The next `count` times a 5-field cron expression fires after `from`, read in `timeZone`. */
export function nextRuns(cron: string, timeZone: string, from: Date, count: number): Date[] {
  const fields = nodeCron.parse(cron);
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
  const runs: Date[] = [];
  let t = Math.floor(from.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let step = 0; step < MAX_STEPS && runs.length < count; step++) {
    const p = localParts(format, new Date(t));
    if (!fields.month.includes(p.month) || !dayMatches(fields, p)) {
      // Jump to 23:00 local, then to midnight: two steps per day, and a DST shift cannot skip a midnight.
      const minuteOfDay = p.hour * 60 + p.minute;
      t += (minuteOfDay < 23 * 60 ? 23 * 60 - minuteOfDay : 24 * 60 - minuteOfDay) * MINUTE;
    } else if (!fields.hour.includes(p.hour)) {
      t += (60 - p.minute) * MINUTE;
    } else if (!fields.minute.includes(p.minute)) {
      t += MINUTE;
    } else {
      runs.push(new Date(t));
      t += MINUTE;
    }
  }
  return runs;
}
