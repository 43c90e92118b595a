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

  it('numbers pieces from 1, times them and totals the read time', () => {
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
    expect(digest.readMinutes).toBe(16);
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
});
