import type { DigestStamp } from '../store/ports/archives.ts';

/** "2026-03-30" for `at` as seen in `timeZone`. */
export function localIsoDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** UTC offsets stay within −12 h and +14 h, so one UTC range holds every instant whose local date is `isoDate`. */
const MAX_OFFSET_MS = 14 * 3_600_000;

/** A UTC range [from, to) that holds the local day `isoDate` in any timezone (and a little of its neighbours). */
export function dayWindow(isoDate: string): { from: Date; to: Date } {
  const midnight = Date.parse(`${isoDate}T00:00:00Z`);
  return { from: new Date(midnight - MAX_OFFSET_MS), to: new Date(midnight + 86_400_000 + MAX_OFFSET_MS) };
}

/** A window holding every local day from the earliest to the latest of `dates` (ISO dates). */
export function daysWindow(dates: readonly string[]): { from: Date; to: Date } | undefined {
  if (dates.length === 0) return undefined;
  const sorted = [...dates].sort();
  return { from: dayWindow(sorted[0]!).from, to: dayWindow(sorted.at(-1)!).to };
}

/**
 * Each edition's path segment: its local date, with `-2`, `-3`… for further editions the same day, in the
 * order they were made. Only creation times and ids go in, both immutable, so a URL never changes.
 * `stamps` must hold every edition of the days concerned (see dayWindow).
 */
export function editionSlugs(stamps: readonly DigestStamp[], timeZone: string): Map<string, string> {
  const ordered = [...stamps].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const perDay = new Map<string, number>();
  const slugs = new Map<string, string>();
  for (const stamp of ordered) {
    const date = localIsoDate(stamp.createdAt, timeZone);
    const n = (perDay.get(date) ?? 0) + 1;
    perDay.set(date, n);
    slugs.set(stamp.id, n === 1 ? date : `${date}-${n}`);
  }
  return slugs;
}

/** `2026-03-30` or `2026-03-30-2` → its date; undefined for anything that is not an edition slug. */
export function dateOfEditionSlug(slug: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:-([2-9]|[1-9]\d{1,3}))?$/.exec(slug);
  if (match === null) return undefined;
  const date = match[1]!;
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date ? undefined : date;
}
