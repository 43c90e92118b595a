import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { splitText, truncateText } from '../../src/text/split-text.ts';

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('hello world', 2000)).toEqual(['hello world']);
    expect(splitText('', 10)).toEqual([]);
  });

  it('prefers paragraph, then line, then word boundaries', () => {
    expect(splitText('aaaa bbbb\n\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitText('aaaa bbbb\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitText('aaaa bbbb cccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
  });

  it('cuts a single over-long word with an ellipsis', () => {
    const chunks = splitText('x'.repeat(25), 10);
    expect(chunks.every((c) => c.length <= 10)).toBe(true);
    expect(chunks[0]?.endsWith('…')).toBe(true);
    expect(chunks.join('').replace(/…/g, '')).toBe('x'.repeat(25));
  });

  it('uses the shared limits', () => {
    const text = 'word '.repeat(1000);
    for (const chunk of splitText(text, PLATFORM_LIMITS.discord.content)) expect(chunk.length).toBeLessThanOrEqual(2000);
    expect(PLATFORM_LIMITS.slack.sectionText).toBe(3000);
  });

  it('property: no chunk over the limit, no word lost, mid-word cuts carry an ellipsis', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.stringMatching(/^[a-z]{1,30}$/), fc.constantFrom(' ', '\n', '\n\n', '  ')), { maxLength: 80 }), fc.integer({ min: 2, max: 60 }), (parts, limit) => {
        const text = parts.join(' ');
        const chunks = splitText(text, limit);
        for (const c of chunks) {
          expect(c.length).toBeLessThanOrEqual(limit);
          expect(c.length).toBeGreaterThan(0);
        }
        // Chunks are consecutive slices of the text: only whitespace is dropped between them, and a chunk
        // ends inside a word exactly when it carries the ellipsis.
        let pos = 0;
        for (const c of chunks) {
          const cut = c.endsWith('…');
          const body = cut ? c.slice(0, -1) : c;
          const at = text.indexOf(body, pos);
          expect(at).toBeGreaterThanOrEqual(pos);
          expect(text.slice(pos, at).trim()).toBe('');
          pos = at + body.length;
          if (cut) expect(/\S/.test(text[pos] ?? '')).toBe(true);
          else if (pos < text.length) expect(/\s/.test(text[pos] ?? '')).toBe(true);
        }
        expect(text.slice(pos).trim()).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});

describe('truncateText', () => {
  it('cuts at a word boundary and ends with an ellipsis', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('the quick brown fox jumps', 12)).toBe('the quick…');
  });

  it('property: never over the limit; ends with … exactly when cut', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 100 }), (text, limit) => {
        const out = truncateText(text, limit);
        expect(out.length).toBeLessThanOrEqual(limit);
        if (text.length <= limit) expect(out).toBe(text);
        else expect(out.endsWith('…')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
