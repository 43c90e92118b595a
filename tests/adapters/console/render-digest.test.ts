import { describe, expect, it } from 'vitest';
import { OFFLINE_NOTE, renderDigest } from '../../../adapters/console/render-digest.ts';
import { digestOf, llmPiece, offlinePiece } from './digest-fixture.ts';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

describe('renderDigest', () => {
  it('writes no ANSI codes when colour is off, and styles headings when it is on', () => {
    const digest = digestOf([llmPiece(1), offlinePiece(2)]);
    const plain = renderDigest(digest, { width: 80, color: false });
    expect(plain).not.toContain('\u001b');
    expect(plain).not.toContain('**');
    const coloured = renderDigest(digest, { width: 80, color: true });
    expect(coloured).toContain('\u001b[1mWhy\u001b[0m');
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });

  it.each([30, 44, 60, 80, 100])('keeps every line within %i columns except unbreakable URLs', (width) => {
    const text = renderDigest(digestOf([llmPiece(1), llmPiece(2), offlinePiece(3)]), { width, color: true });
    for (const line of text.split('\n')) {
      const visible = line.replace(ANSI, '');
      if (visible.length > width) expect(visible.trim()).toMatch(/^https:\/\/\S+$/);
    }
    // The URL itself is never broken.
    expect(text.replace(ANSI, '')).toContain(llmPiece(1).url);
  });

  it('renders all sections of an LLM-summarised piece in order', () => {
    const text = renderDigest(digestOf([llmPiece(1)]), { width: 80, color: false });
    const order = [
      'AI Research Digest — 22 November 2026',
      '22 November 2026 · 6 min read · AI Research · Digest',
      '1 pieces selected from Alignment Notes',
      '1. Reward hacking appears suddenly',
      'Alignment Notes',
      // Why it was picked, on its own short line under the source.
      'matches interests: reward hacking; 6 min read',
      'The authors train a family',
      'Why it matters',
      'What you can build with this',
      'Key takeaways',
      '• Reward hacking began abruptly',
      '• Policy confidence',
      '• An ensemble',
      'https://example.org/posts/',
    ];
    let at = -1;
    for (const fragment of order) {
      const next = text.indexOf(fragment, at + 1);
      expect(next, fragment).toBeGreaterThan(at);
      at = next;
    }
    expect(text).not.toContain(OFFLINE_NOTE);
  });

  it('omits null sections and notes an offline edition', () => {
    const text = renderDigest(digestOf([offlinePiece(1)]), { width: 80, color: false });
    expect(text.replace(/\s+/g, ' ')).toContain('Summarised offline — connect an LLM for Why it matters and What you can build with this');
    expect(text).not.toContain('\nWhy it matters\n');
    expect(text).not.toContain('\nWhat you can build with this\n');
    expect(text).toContain('Key takeaways');
    expect(text.match(/^• /gm)).toHaveLength(3);
  });

  it('neutralises terminal escape sequences in feed text', () => {
    const piece = llmPiece(1);
    const hostile = { ...piece, title: 'Evil \u001b]0;pwned\u0007 title \u001b[2J' };
    const text = renderDigest(digestOf([hostile]), { width: 80, color: false });
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
