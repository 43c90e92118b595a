import { describe, expect, it } from 'vitest';
import type { Piece } from '../../src/domain/piece.ts';
import type { Source } from '../../src/domain/source.ts';
import type { SelectionInput } from '../../src/select/select-pieces.ts';
import { selectPieces } from '../../src/select/select-pieces.ts';
import { hoursAgo, makePiece, makeSource, NOW, perturb, uniqueSignature } from './piece-factory.ts';

function sources(...list: Source[]): Map<string, Source> {
  return new Map(list.map((s) => [s.id, s]));
}

function input(candidates: Piece[], overrides: Partial<SelectionInput> = {}): SelectionInput {
  return {
    candidates,
    sources: sources(makeSource('src-a', 'Alignment Notes'), makeSource('src-b', 'Gradient Review'), makeSource('src-c', 'Ahead of ML')),
    interests: [],
    recentDigestPieces: [],
    count: 4,
    maxPerSource: 2,
    halfLifeHours: 72,
    now: NOW,
    ...overrides,
  };
}

const ids = (selection: { piece: Piece }[]): string[] => selection.map((s) => s.piece.id);

describe('selectPieces', () => {
  it('prefers the newer piece when everything else is equal', () => {
    const old = makePiece({ id: 'old', publishedAt: hoursAgo(200) });
    const fresh = makePiece({ id: 'fresh', publishedAt: hoursAgo(5) });
    const result = selectPieces(input([old, fresh], { count: 1 }));
    expect(ids(result)).toEqual(['fresh']);
    const both = selectPieces(input([old, fresh]));
    expect(ids(both)).toEqual(['fresh', 'old']);
    expect(both[0]!.components.recency).toBeGreaterThan(both[1]!.components.recency);
  });

  it('does not treat an undated piece as brand new', () => {
    const undated = makePiece({ id: 'a-undated', sourceId: 'src-a', publishedAt: hoursAgo(0), publishedAtEstimated: true });
    const dated = makePiece({ id: 'z-dated', sourceId: 'src-b', publishedAt: hoursAgo(24) });
    const result = selectPieces(input([undated, dated]));
    expect(ids(result)).toEqual(['z-dated', 'a-undated']);
    expect(result[1]!.components.recency).toBe(0.5);
  });

  it('boosts pieces matching interests, title above body, and names them in the reason', () => {
    const plain = makePiece({ id: 'plain', sourceId: 'src-a', publishedAt: hoursAgo(2) });
    const inBody = makePiece({ id: 'body', sourceId: 'src-b', publishedAt: hoursAgo(30), contentText: 'We look at reward hacking in RL fine-tuning.' });
    const inTitle = makePiece({ id: 'title', sourceId: 'src-c', publishedAt: hoursAgo(30), title: 'Reward hacking under RL from human feedback' });
    const result = selectPieces(input([plain, inBody, inTitle], { interests: ['reward hacking', 'RL', 'mechanistic interpretability'] }));
    expect(ids(result)).toEqual(['title', 'body', 'plain']);
    expect(result[0]!.reason).toBe('matches your interests: reward hacking, RL · full text 5 min · published 30 hours ago');
    expect(result[0]!.components.interests).toBeGreaterThan(result[1]!.components.interests);
    expect(result[2]!.reason).not.toContain('matches interests');
  });

  it('matches interests on word boundaries, case-insensitively', () => {
    const wrong = makePiece({ id: 'x', title: 'Controlling URLs in CURL scripts' });
    const [selection] = selectPieces(input([wrong], { interests: ['RL'] }));
    expect(selection!.components.interests).toBe(0);
    const right = makePiece({ id: 'y', title: 'Offline rl, revisited' });
    expect(selectPieces(input([right], { interests: ['RL'] }))[0]!.reason).toContain('matches your interests: RL');
  });

  it('caps the pieces per source', () => {
    const many = [1, 2, 3, 4].map((n) => makePiece({ id: `a${n}`, sourceId: 'src-a', publishedAt: hoursAgo(n) }));
    const other = makePiece({ id: 'b1', sourceId: 'src-b', publishedAt: hoursAgo(100) });
    const result = selectPieces(input([...many, other], { count: 4, maxPerSource: 2 }));
    expect(ids(result)).toEqual(['a1', 'a2', 'b1']);
  });

  it('keeps one piece per near-duplicate cluster', () => {
    const story = uniqueSignature('story');
    const original = makePiece({ id: 'orig', sourceId: 'src-a', publishedAt: hoursAgo(3), signature: story });
    const crosspost = makePiece({ id: 'cross', sourceId: 'src-b', publishedAt: hoursAgo(2), signature: perturb(story, 10) });
    const unrelated = makePiece({ id: 'other', sourceId: 'src-c', publishedAt: hoursAgo(20) });
    const result = selectPieces(input([original, crosspost, unrelated]));
    expect(ids(result)).toEqual(['cross', 'other']);
  });

  it('lets a crosspost stand in when the original source is capped', () => {
    const story = uniqueSignature('story');
    const a1 = makePiece({ id: 'a1', sourceId: 'src-a', publishedAt: hoursAgo(1) });
    const a2 = makePiece({ id: 'a2', sourceId: 'src-a', publishedAt: hoursAgo(2), signature: story });
    const b2 = makePiece({ id: 'b2', sourceId: 'src-b', publishedAt: hoursAgo(50), signature: perturb(story, 5) });
    const result = selectPieces(input([a1, a2, b2], { maxPerSource: 1 }));
    expect(ids(result)).toEqual(['a1', 'b2']);
  });

  it('falls back to title overlap for near-duplicates without signatures', () => {
    const a = makePiece({ id: 'a', sourceId: 'src-a', signature: [], title: 'Sparse autoencoders find reward features in small models' });
    const b = makePiece({ id: 'b', sourceId: 'src-b', signature: [], title: 'Sparse autoencoders find reward features in small models!' });
    expect(selectPieces(input([a, b]))).toHaveLength(1);
  });

  it('penalises pieces close to the channel’s recent digests', () => {
    const told = uniqueSignature('told');
    // Ids chosen so that, without the penalty, the id tie-break would put the repeat first.
    const repeat = makePiece({ id: 'a-repeat', sourceId: 'src-a', publishedAt: hoursAgo(1), signature: perturb(told, 8) });
    const fresh = makePiece({ id: 'z-fresh', sourceId: 'src-b', publishedAt: hoursAgo(1) });
    const withoutRecent = selectPieces(input([repeat, fresh]));
    expect(ids(withoutRecent)).toEqual(['a-repeat', 'z-fresh']);
    expect(withoutRecent[0]!.score).toBe(withoutRecent[1]!.score);

    const recent = [makePiece({ id: 'earlier', signature: told })];
    const result = selectPieces(input([repeat, fresh], { recentDigestPieces: recent }));
    expect(ids(result)).toEqual(['z-fresh', 'a-repeat']);
    expect(result[1]!.components.novelty).toBeCloseTo(8 / 64);
    expect(result[1]!.reason).toContain('close to a recent digest');
  });

  it('gives the same output whatever the input order', () => {
    const pieces = Array.from({ length: 20 }, (_, n) =>
      makePiece({
        id: `p${String(n).padStart(2, '0')}`,
        sourceId: ['src-a', 'src-b', 'src-c'][n % 3]!,
        publishedAt: hoursAgo((n * 7) % 11),
        wordCount: 400 + (n % 4) * 300,
        title: n % 5 === 0 ? 'Evals for agents' : `Piece ${n}`,
      }));
    const expected = selectPieces(input(pieces, { interests: ['agents'], count: 5 }));
    let seed = 42;
    for (let round = 0; round < 10; round += 1) {
      const shuffled = [...pieces];
      for (let i = shuffled.length - 1; i > 0; i -= 1) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const j = seed % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      expect(selectPieces(input(shuffled, { interests: ['agents'], count: 5 }))).toEqual(expected);
    }
  });

  it('breaks exact ties by date, then id', () => {
    const when = hoursAgo(10);
    const a = makePiece({ id: 'b-piece', sourceId: 'src-a', publishedAt: when });
    const b = makePiece({ id: 'a-piece', sourceId: 'src-b', publishedAt: when });
    expect(ids(selectPieces(input([a, b])))).toEqual(['a-piece', 'b-piece']);
  });

  it('returns every eligible piece when count exceeds the candidates, and nothing for none', () => {
    const pieces = [makePiece({ id: 'a', sourceId: 'src-a' }), makePiece({ id: 'b', sourceId: 'src-b' })];
    expect(selectPieces(input(pieces, { count: 10 }))).toHaveLength(2);
    expect(selectPieces(input([], { count: 10 }))).toEqual([]);
  });

  it('penalises excerpts and says so', () => {
    const excerpt = makePiece({ id: 'short', sourceId: 'src-a', wordCount: 40, publishedAt: hoursAgo(1) });
    const article = makePiece({ id: 'long', sourceId: 'src-b', wordCount: 1500, publishedAt: hoursAgo(1) });
    const result = selectPieces(input([excerpt, article]));
    expect(ids(result)).toEqual(['long', 'short']);
    expect(result[1]!.reason).toContain('excerpt only');
  });

  it('weighs the source and the optional LLM relevance', () => {
    const heavy = makePiece({ id: 'heavy', sourceId: 'src-h', publishedAt: hoursAgo(1) });
    const light = makePiece({ id: 'light', sourceId: 'src-a', publishedAt: hoursAgo(1) });
    const srcs = sources(makeSource('src-h', 'Heavy', 3), makeSource('src-a', 'Light', 1));
    const result = selectPieces(input([light, heavy], { sources: srcs }));
    expect(ids(result)).toEqual(['heavy', 'light']);
    expect(result[0]!.reason).toBe('full text 5 min · trusted source · published 1 hour ago');

    const rated = selectPieces(input([light, heavy], { sources: srcs, relevance: new Map([['light', 1], ['heavy', 0]]) }));
    expect(ids(rated)).toEqual(['light', 'heavy']);
    expect(rated[0]!.components.relevance).toBe(1);
    expect(rated[0]!.reason).toContain('rated 10/10 for this channel');
  });

  it('gives a piece the LLM did not rate a neutral relevance, so an empty map changes no ranking', () => {
    const pieces = ['a', 'b', 'c', 'd'].map((id, i) => makePiece({ id, publishedAt: hoursAgo(i * 20), wordCount: 300 + i * 400, sourceId: `src-${id}` }));
    const plain = selectPieces(input(pieces, { count: 4 }));
    const empty = selectPieces(input(pieces, { count: 4, relevance: new Map() }));
    expect(ids(empty)).toEqual(ids(plain));
    expect(empty.every((p) => p.components.relevance === 0.5 && !p.reason.includes('rated'))).toBe(true);
    // One rated piece competes with unrated ones on the same scale: a low rating sinks it, a high one lifts it.
    const last = ids(plain).at(-1)!;
    expect(ids(selectPieces(input(pieces, { count: 4, relevance: new Map([[last, 1]]) })))[0]).toBe(last);
  });
});
