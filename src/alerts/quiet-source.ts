import type { Source } from '../domain/source.ts';
import { isLocalLocation } from '../rules/feed-location.ts';
import type { SourceActivityReader, SourceItemSighting } from '../store/ports/operations.ts';
import type { AlertEvent } from './alert-event.ts';

/** How quiet detection judges a source; documented in docs/operations.md. */
export const QUIET_RULES = {
  /** Quiet once nothing new has arrived for this many usual intervals. */
  factor: 3,
  /** Publication dates the usual interval is computed from (the newest ones). */
  sample: 20,
  /** Fewer gaps than this between dated items, and the source is not judged. */
  minGaps: 4,
  /** A usual interval is never taken as shorter than this (a burst of posts is not a rhythm). */
  minIntervalMs: 60 * 60_000,
} as const;

/** The median gap between consecutive publication dates, or null when there are too few to tell a rhythm. */
export function usualInterval(sightings: readonly SourceItemSighting[]): number | null {
  const dates = sightings.map((s) => s.publishedAt?.getTime()).filter((t): t is number => t !== undefined).sort((a, b) => b - a).slice(0, QUIET_RULES.sample);
  const gaps: number[] = [];
  for (let i = 1; i < dates.length; i++) {
    const gap = dates[i - 1]! - dates[i]!;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length < QUIET_RULES.minGaps) return null;
  gaps.sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 === 1 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  return Math.max(median, QUIET_RULES.minIntervalMs);
}

/**
 * Whether a source that still answers has gone quiet: nothing new seen for more than 3× its usual interval
 * between posts. "New" is when the bot first saw an item there (so a bot that just started, importing old items,
 * waits a full 3× before judging); the usual interval comes from the items' own publication dates (so the first
 * import, which sees everything at once, does not make the rhythm look instantaneous). Null: not judged.
 */
export function judgeQuiet(sightings: readonly SourceItemSighting[], now: Date): { quiet: boolean; silentForMs: number; usualIntervalMs: number } | null {
  const newest = sightings.reduce<number | null>((max, s) => (max === null || s.firstSeenAt.getTime() > max ? s.firstSeenAt.getTime() : max), null);
  const interval = usualInterval(sightings);
  if (newest === null || interval === null) return null;
  const silentForMs = Math.max(0, now.getTime() - newest);
  return { quiet: silentForMs > QUIET_RULES.factor * interval, silentForMs, usualIntervalMs: interval };
}

/**
 * Quiet-source observations for the sources that answered their last fetch: a paused or failing source is not
 * judged here (failing has its own alert, and pausing is the admin's choice), nor a local feed file.
 */
export async function checkQuietSources(input: { activity: SourceActivityReader; sources: readonly Source[]; now: Date }): Promise<AlertEvent[]> {
  const events: AlertEvent[] = [];
  for (const source of input.sources) {
    if (source.paused || source.fetchState.failing || source.fetchState.lastSuccessAt === null) continue;
    // A file on disk (the bundled feeds, an operator's export) changes when someone writes it, not on a rhythm.
    if (isLocalLocation(source.url)) continue;
    const verdict = judgeQuiet(await input.activity.recentSightings(source.id, QUIET_RULES.sample * 2), input.now);
    if (verdict === null) continue;
    events.push({ kind: 'source-quiet', source: { id: source.id, name: source.name, url: source.url }, ...verdict });
  }
  return events;
}
