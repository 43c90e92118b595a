import { describe, expect, it } from 'vitest';
import { assembleDigest } from '../../src/digest/assemble-digest.ts';
import type { PieceSummary } from '../../src/domain/summary.ts';
import { makePiece, NOW } from '../select/piece-factory.ts';

const llmSummary: PieceSummary = {
  summary: 'What was done and found.',
  whyItMatters: 'It matters.',
  whatToBuild: 'Build a thing.',
  keyTakeaways: ['One.', 'Two.', 'Three.'],
};
const offlineSummary: PieceSummary = { ...llmSummary, whyItMatters: null, whatToBuild: null };

describe('assembleDigest', () => {
  const base = {
    channelId: 'console:local:default',
    edition: '2026-11-22T09:00:00.000Z',
    name: 'AI Research Digest',
    timeZone: 'Europe/London',
    now: NOW,
  };

  it("numbers pieces from 1 and gives each its source's reading time", () => {
    const digest = assembleDigest({
      ...base,
      id: 'd1',
      pieces: [
        { piece: makePiece({ id: 'a', wordCount: 2760 }), sourceName: 'AI Alignment Forum', summary: llmSummary, summarisedBy: 'llm', reason: 'r1' },
        { piece: makePiece({ id: 'b', wordCount: 690 }), sourceName: 'The Gradient', summary: llmSummary, summarisedBy: 'llm', reason: 'r2' },
        { piece: makePiece({ id: 'c', wordCount: 30 }), sourceName: 'AI Alignment Forum', summary: llmSummary, summarisedBy: 'llm', reason: 'r3' },
      ],
    });
    expect(digest.id).toBe('d1');
    expect(digest.pieces.map((p) => p.position)).toEqual([1, 2, 3]);
    expect(digest.pieces.map((p) => p.readMinutes)).toEqual([12, 3, 1]);
    // The edition's own read time is the time to read these few words, not the sources' 16 minutes.
    expect(digest.readMinutes).toBe(1);
    expect(digest.title).toBe('AI Research Digest — 22 November 2026');
    expect(digest.headerLine).toBe('3 pieces selected from AI Alignment Forum, The Gradient — only the ones worth your time.');
    expect(digest.summarisedOffline).toBe(false);
    expect(digest.pieces[1]).toMatchObject({ pieceId: 'b', title: 'Piece b', url: 'https://example.org/b', reason: 'r2', sourceName: 'The Gradient' });
    expect(digest.createdAt).toEqual(NOW);
  });

  it('marks the edition offline when any piece fell back, and makes an id when none is given', () => {
    const digest = assembleDigest({
      ...base,
      pieces: [
        { piece: makePiece({ id: 'a' }), sourceName: 'S', summary: llmSummary, summarisedBy: 'llm', reason: '' },
        { piece: makePiece({ id: 'b' }), sourceName: 'S', summary: offlineSummary, summarisedBy: 'offline-fallback', reason: '' },
      ],
    });
    expect(digest.summarisedOffline).toBe(true);
    expect(digest.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(digest.headerLine).toBe('2 pieces selected from S — only the ones worth your time.');
  });

  it('reads the edition itself at 190 words a minute, rounded up (1,650 words → 9 min)', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 50}`).join(' ');
    // Title and header line count too; the pieces carry the rest of about 1,650 words.
    const long: PieceSummary = { summary: words(300), whyItMatters: words(90), whatToBuild: words(60), keyTakeaways: [words(30), words(30), words(30)] };
    const digest = assembleDigest({
      ...base,
      pieces: ['a', 'b', 'c'].map((id) => ({ piece: makePiece({ id, wordCount: 5_000 }), sourceName: 'S', summary: long, summarisedBy: 'llm' as const, reason: 'r' })),
    });
    expect(digest.readMinutes).toBe(9);
    expect(digest.pieces[0]!.readMinutes).toBe(22);
  });

  it("writes a French channel's chrome in French", () => {
    const digest = assembleDigest({
      ...base,
      language: 'fr',
      timeZone: 'Europe/Paris',
      pieces: [{ piece: makePiece({ id: 'a' }), sourceName: 'The Gradient', summary: llmSummary, summarisedBy: 'llm', reason: 'r' }],
    });
    expect(digest.title).toBe('AI Research Digest — 22 novembre 2026');
    expect(digest.headerLine).toBe('1 article sélectionné parmi The Gradient — seulement ceux qui valent votre temps.');
    expect(digest.language).toBe('fr');
  });

  it('says "nothing worth your time today" when no piece is left', () => {
    const digest = assembleDigest({
      ...base,
      pieces: [],
      checked: 7,
      passed: [{ pieceId: 'x', title: 'Mailbag', sourceName: 'S', url: 'https://example.org/x', reason: { kind: 'belowFloor' } }],
    });
    expect(digest.headerLine).toBe('Nothing worth your time today. 7 new pieces were checked; none cleared the bar.');
    expect(digest.pieces).toEqual([]);
    expect(digest.passed).toHaveLength(1);
  });

  it('keeps crossposts as "also on" names', () => {
    const digest = assembleDigest({
      ...base,
      pieces: [{ piece: makePiece({ id: 'a' }), sourceName: 'AI Alignment Forum', summary: llmSummary, summarisedBy: 'llm', reason: 'r', alsoOn: ['LessWrong'] }],
    });
    expect(digest.pieces[0]!.alsoOn).toEqual(['LessWrong']);
  });
});
