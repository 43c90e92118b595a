import { describe, expect, it } from 'vitest';
import { headerLine } from '../../src/digest/header-line.ts';
import { readMinutes } from '../../src/digest/read-time.ts';
import { digestTitle, metaLine } from '../../src/digest/digest-title.ts';

describe('headerLine', () => {
  it('names one source', () => {
    expect(headerLine(['The Gradient', 'The Gradient'], 2)).toBe('2 pieces selected from The Gradient — only the ones worth your time.');
  });
  it('says "1 piece" for one piece', () => {
    expect(headerLine(['AI Alignment Forum'], 1)).toBe('1 piece selected from AI Alignment Forum — only the ones worth your time.');
  });
  it('joins 2, 3 and 4 sources with plain commas in order of first appearance', () => {
    expect(headerLine(['B', 'A', 'B'], 3)).toBe('3 pieces selected from B, A — only the ones worth your time.');
    expect(headerLine(['AI Alignment Forum', 'The Gradient', 'AI Alignment Forum', 'Ahead of AI'], 4))
      .toBe('4 pieces selected from AI Alignment Forum, The Gradient, Ahead of AI — only the ones worth your time.');
    expect(headerLine(['W', 'X', 'Y', 'Z'], 4)).toBe('4 pieces selected from W, X, Y, Z — only the ones worth your time.');
  });
  it('never uses an Oxford "and"', () => {
    expect(headerLine(['A', 'B', 'C'], 3)).not.toMatch(/\band\b/);
  });
});

describe('readMinutes', () => {
  it('reads 230 words per minute, rounded, at least 1', () => {
    expect(readMinutes(0)).toBe(1);
    expect(readMinutes(40)).toBe(1);
    expect(readMinutes(230)).toBe(1);
    expect(readMinutes(460)).toBe(2);
    expect(readMinutes(2760)).toBe(12);
    expect(readMinutes(Number.NaN)).toBe(1);
  });
});

describe('digestTitle', () => {
  it('formats day, full month and year with an em dash', () => {
    expect(digestTitle('AI Research Digest', new Date('2026-03-30T12:00:00Z'), 'UTC')).toBe('AI Research Digest — 30 March 2026');
  });
  it('takes the date in the channel timezone near midnight', () => {
    const instant = new Date('2026-03-30T23:30:00Z');
    expect(digestTitle('AI Research Digest', instant, 'UTC')).toBe('AI Research Digest — 30 March 2026');
    expect(digestTitle('AI Research Digest', instant, 'Europe/Berlin')).toBe('AI Research Digest — 31 March 2026');
    expect(digestTitle('AI Research Digest', new Date('2026-01-01T02:00:00Z'), 'America/New_York')).toBe('AI Research Digest — 31 December 2025');
  });
  it('builds the meta line', () => {
    expect(metaLine(new Date('2026-03-30T12:00:00Z'), 'UTC', 9)).toBe('30 March 2026 · 9 min read · AI Research · Digest');
  });
  it('rejects an unknown timezone with a hint', () => {
    expect(() => digestTitle('X', new Date(), 'Mars/Olympus')).toThrow(/unknown timezone/);
  });
});

describe('edition read time', () => {
  it('counts the words a reader reads, at 190 a minute rounded up', async () => {
    const { countWords, editionReadMinutes } = await import('../../src/digest/read-time.ts');
    expect(countWords('Reward hacking arrives suddenly, see https://example.org/x.')).toBe(5);
    expect(countWords('报酬攻击突然出现。', 'zh')).toBeGreaterThan(2);
    expect(editionReadMinutes(['word '.repeat(190)])).toBe(1);
    expect(editionReadMinutes(['word '.repeat(191)])).toBe(2);
    expect(editionReadMinutes([])).toBe(1);
  });
});
