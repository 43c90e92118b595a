import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkQuietSources, judgeQuiet, QUIET_RULES, usualInterval } from '../../src/alerts/quiet-source.ts';
import type { Source } from '../../src/domain/source.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { makePiece } from '../select/piece-factory.ts';
import { insertPieces } from '../store/seed-pieces.ts';
import { alerterFor, SETTINGS } from './alert-harness.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = new Date('2026-03-01T12:00:00.000Z');
const day = (d: number): Date => new Date(T0.getTime() + d * DAY);
const sighting = (seenDay: number, publishedDay: number | null = seenDay) => ({ firstSeenAt: day(seenDay), publishedAt: publishedDay === null ? null : day(publishedDay) });

describe('usual interval and quiet judgement (pure, fake clock)', () => {
  it('is the median gap between publication dates, ignoring undated items and bursts', () => {
    // Daily posts with one 10-day holiday: the median ignores the outlier.
    const sightings = [0, 1, 2, 3, 4, 14, 15, 16].map((d) => sighting(d)).reverse();
    expect(usualInterval(sightings)).toBe(DAY);
    expect(usualInterval([sighting(0), sighting(1), sighting(2, null), sighting(3)])).toBeNull();
    // Five posts in the same hour are not a rhythm of minutes.
    const burst = [0, 1, 2, 3, 4].map((m) => ({ firstSeenAt: T0, publishedAt: new Date(T0.getTime() + m * 60_000) }));
    expect(usualInterval(burst)).toBe(QUIET_RULES.minIntervalMs);
  });

  it('calls a source quiet only past 3× its usual interval since anything new was seen', () => {
    const weekly = [0, 7, 14, 21, 28].map((d) => sighting(d));
    expect(judgeQuiet(weekly, day(28 + 20))).toEqual({ quiet: false, silentForMs: 20 * DAY, usualIntervalMs: 7 * DAY });
    expect(judgeQuiet(weekly, day(28 + 21))?.quiet).toBe(false);
    expect(judgeQuiet(weekly, new Date(day(28 + 21).getTime() + 1))?.quiet).toBe(true);
  });

  it('waits a full 3× after a first import, whose items were all first seen at once', () => {
    // Imported on day 100: a year of weekly posts, the newest published 30 days earlier.
    const imported = Array.from({ length: 10 }, (_, i) => sighting(100, 70 - i * 7));
    expect(judgeQuiet(imported, day(101))?.quiet).toBe(false);
    expect(judgeQuiet(imported, day(122))?.quiet).toBe(true);
  });

  it('does not judge a source with too little history', () => {
    expect(judgeQuiet([sighting(0), sighting(1)], day(365))).toBeNull();
    expect(judgeQuiet([], day(1))).toBeNull();
  });
});

describe('quiet-source alerts from the stored piece history, on a fake clock', () => {
  let store: Store;
  let source: Source;
  const clock = { now: T0 };

  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
    const added = await store.addSource({ url: 'https://daily.example/feed', name: 'Daily Notes' });
    source = (await store.updateSource(added.source.id, { fetchState: { lastSuccessAt: T0, lastFetchedAt: T0 } }))!;
    const channel = await store.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C0READ' }, SETTINGS);
    await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: false });
    await store.workspaces.updateWorkspaceSettings('slack:T1', { alertChannelId: 'C0ADMIN' }, T0);
  });
  afterEach(async () => {
    await store.close();
  });

  /** The feed publishes a post at `at`, seen by the bot's next fetch an hour later. */
  const publish = (id: string, at: Date) => insertPieces(store, makePiece({ id, sourceId: source.id, publishedAt: at, fetchedAt: new Date(at.getTime() + HOUR), updatedAt: at }));

  it('alerts once when a daily feed stops, stays silent while it stays quiet, and says when it is back', async () => {
    for (let d = 0; d < 10; d++) await publish(`p${d}`, day(d));
    const { alerter, slack } = alerterFor(store, clock);
    // Every half hour, as the ingest cycle would, for three weeks of fake time.
    const check = async () => {
      const fresh = (await store.getSource(source.id))!;
      await alerter.notify(await checkQuietSources({ activity: store.sourceActivity, sources: [fresh], now: clock.now }));
    };
    const quietSince = day(9).getTime() + HOUR;
    for (let t = day(9).getTime(); t <= day(30).getTime(); t += 30 * 60_000) {
      clock.now = new Date(t);
      await check();
      const messages = slack.alerts.length;
      // Nothing before 3 days of silence; exactly one message after.
      expect(messages).toBe(t - quietSince > 3 * DAY ? 1 : 0);
    }
    expect(slack.alerts[0]).toMatchObject({ channel: 'C0ADMIN', text: expect.stringMatching(/^Source "Daily Notes" \(\w+\) has published nothing new for 3 days, though it usually publishes every 24 hours\./) as unknown });

    // It publishes again on day 31: the next check says so, once.
    await publish('p31', day(31));
    for (let t = day(31).getTime() + 2 * HOUR; t <= day(32).getTime(); t += 30 * 60_000) {
      clock.now = new Date(t);
      await check();
    }
    expect(slack.alerts.map((a) => a.text)).toEqual([expect.stringMatching(/published nothing new/) as unknown, `Source "Daily Notes" (${source.id}) is publishing again.`]);
  });

  it('does not judge a failing, paused or local-file source (failing has its own alert)', async () => {
    for (let d = 0; d < 10; d++) await publish(`p${d}`, day(d));
    clock.now = day(40);
    const failing = { ...source, fetchState: { ...source.fetchState, failing: true } };
    const paused = { ...source, paused: true };
    const never = { ...source, fetchState: { ...source.fetchState, lastSuccessAt: null } };
    // A feed file on disk (the bundled feeds) changes when someone writes it, not on a rhythm.
    const local = { ...source, url: './feeds/daily.xml' };
    expect(await checkQuietSources({ activity: store.sourceActivity, sources: [failing, paused, never, local], now: clock.now })).toEqual([]);
    expect(await checkQuietSources({ activity: store.sourceActivity, sources: [source], now: clock.now })).toMatchObject([{ kind: 'source-quiet', quiet: true }]);
  });
});
