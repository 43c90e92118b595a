import { describe, expect, it } from 'vitest';
import { selectWithPassed } from '../../src/select/select-pieces.ts';
import { worthOf } from '../../src/select/worth.ts';
import { LABELLED } from '../fixtures/quality/labelled-items.ts';
import { DEFAULT_FLOOR, EDITION_AT, itemsOfWeek, newestOfWeek, pickWeek, pieceOf, precision, SOURCES, WEEKS } from '../fixtures/quality/selection-weeks.ts';
import { hoursAgo, makePiece, NOW } from './piece-factory.ts';

describe('quality floor', () => {
  it('has a labelled set of at least 40 items with a reason each, across the four source styles', () => {
    expect(LABELLED.length).toBeGreaterThanOrEqual(40);
    expect(new Set(LABELLED.map((i) => i.source))).toEqual(new Set(['AF', 'Gradient', 'AheadOfAI', 'arXiv']));
    for (const item of LABELLED) expect(item.why.length).toBeGreaterThan(5);
  });

  it('posts two in a week with two good pieces', () => {
    const picks = pickWeek(2);
    expect(picks.map((p) => p.piece.id).sort()).toEqual(['w2-distil', 'w2-verifiers']);
  });

  it('posts nothing when nothing clears the floor, and says why each was left out', () => {
    const noise = itemsOfWeek(2).filter((i) => !i.worth).map(pieceOf);
    const { picks, passed } = selectWithPassed({
      candidates: noise,
      sources: SOURCES,
      interests: [],
      recentDigestPieces: [],
      count: 4,
      maxPerSource: 2,
      halfLifeHours: 72,
      now: EDITION_AT,
      qualityFloor: DEFAULT_FLOOR,
    });
    expect(picks).toEqual([]);
    expect(passed.map((p) => p.reason.kind)).toEqual(noise.map(() => 'belowFloor'));
  });

  it('beats a recency-only pick on precision@4 in every week', () => {
    for (const week of WEEKS) {
      const ours = precision(pickWeek(week).map((p) => p.piece.id), week);
      const newest = precision(newestOfWeek(week).map((i) => i.id), week);
      expect(ours, `week ${week}`).toBeGreaterThan(newest);
    }
  });

  it('recognises noise genres from the title or the text', () => {
    const base = { id: 'x', contentText: 'A long enough text. '.repeat(40), wordCount: 160 };
    expect(worthOf(makePiece({ ...base, title: 'Reader mailbag: long contexts' })).noise).toBe('mailbag');
    expect(worthOf(makePiece({ ...base, title: 'Links for the week' })).noise).toBe('roundup');
    expect(worthOf(makePiece({ ...base, title: "We're hiring research engineers" })).noise).toBe('announcement');
    expect(worthOf(makePiece({ ...base, title: 'A quiet post', contentText: 'Register now for the event. Join us on Friday. '.repeat(5) })).noise).toBe('announcement');
    expect(worthOf(makePiece({ ...base, title: 'Reward hacking arrives suddenly' })).noise).toBeNull();
  });
});

describe('undated pieces', () => {
  it('never outrank dated ones on recency, even when fetched just now', () => {
    const undated = makePiece({ id: 'a', sourceId: 'src-a', publishedAt: hoursAgo(0), publishedAtEstimated: true });
    const old = makePiece({ id: 'b', sourceId: 'src-b', publishedAt: hoursAgo(24 * 10) });
    const fresh = makePiece({ id: 'c', sourceId: 'src-c', publishedAt: hoursAgo(1) });
    const { picks } = selectWithPassed({ candidates: [undated, old, fresh], sources: new Map(), interests: [], recentDigestPieces: [], count: 3, maxPerSource: 2, halfLifeHours: 72, now: NOW });
    const recency = new Map(picks.map((p) => [p.piece.id, p.components.recency]));
    expect(recency.get('a')).toBeLessThanOrEqual(recency.get('b')!);
    expect(picks.map((p) => p.piece.id)).toEqual(['c', 'b', 'a']);
    expect(picks[2]!.reason).toContain('undated');
  });
});
