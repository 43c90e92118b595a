import { describe, expect, it } from 'vitest';
import { toPlainLine, toPlainText } from '../../src/summarise/plain-text-output.ts';

describe('toPlainText', () => {
  it('strips ATX heading markers and keeps the heading text', () => {
    expect(toPlainText('## Summary\nThe agents hack rewards.\n### Results ###')).toBe('Summary\nThe agents hack rewards.\nResults');
    // A hashtag is not a heading.
    expect(toPlainText('#alignment matters')).toBe('#alignment matters');
  });

  it('drops code fences but keeps the code inside', () => {
    expect(toPlainText('Try this:\n```python\nprint(1)\n```\nThen run it.')).toBe('Try this:\n\nprint(1)\n\nThen run it.');
    expect(toPlainText('Inline ```x = 1``` fence')).toBe('Inline x = 1 fence');
    expect(toPlainText('~~~\ncode\n~~~')).toBe('code');
  });

  it('strips HTML tags, keeps their text, and drops script and style bodies', () => {
    expect(toPlainText('The <b>key</b> result is <i class="x">robust</i>.')).toBe('The key result is robust.');
    expect(toPlainText('Safe<script>alert("x")</script> text<style>p{}</style>.')).toBe('Safe text.');
    expect(toPlainText('<p>First paragraph.</p><p>Second one.</p>')).toBe('First paragraph.\n\nSecond one.');
    expect(toPlainText('line one<br/>line two<!-- hidden -->')).toBe('line one\nline two');
  });

  it('leaves comparisons and mention forms for the mention neutraliser', () => {
    expect(toPlainText('accuracy < 0.5 and a<5 > b')).toBe('accuracy < 0.5 and a<5 > b');
    expect(toPlainText('ping <@123> and <!channel>')).toBe('ping <@123> and <!channel>');
  });

  it('turns Markdown links into "text (url)"', () => {
    expect(toPlainText('See [the paper](https://arxiv.org/abs/1234.5678) for details.')).toBe('See the paper (https://arxiv.org/abs/1234.5678) for details.');
    expect(toPlainText('[Reward](https://en.wikipedia.org/wiki/Reward_(ML) "title")')).toBe('Reward (https://en.wikipedia.org/wiki/Reward_(ML))');
    expect(toPlainText('![diagram](https://x.test/a.png) and [https://x.test](https://x.test)')).toBe('diagram (https://x.test/a.png) and https://x.test');
    expect(toPlainText('<https://x.test/page>')).toBe('https://x.test/page');
  });

  it('strips list, blockquote and rule markup at line starts', () => {
    expect(toPlainText('- one\n* two\n+ three\n1. four\n2) five\n• six')).toBe('one\ntwo\nthree\nfour\nfive\nsix');
    expect(toPlainText('> quoted claim\n---\nafter')).toBe('quoted claim\n\nafter');
  });

  it('keeps inline emphasis', () => {
    expect(toPlainText('**Bold** start, _italic_ middle, *also italic* and __strong__.')).toBe('**Bold** start, _italic_ middle, *also italic* and __strong__.');
  });

  it('keeps at most one blank line between paragraphs', () => {
    expect(toPlainText('\n\nFirst.  \n\n\n\n  Second.\r\n\r\n\r\nThird.\n\n')).toBe('First.\n\nSecond.\n\nThird.');
  });

  it('is idempotent on clean text', () => {
    const clean = 'Agents hack rewards *gradually*.\n\nEnsembles help.';
    expect(toPlainText(clean)).toBe(clean);
    expect(toPlainText(toPlainText('## A\n- [b](c)'))).toBe(toPlainText('## A\n- [b](c)'));
  });
});

describe('toPlainLine', () => {
  it('strips a leading list marker and joins lines', () => {
    expect(toPlainLine('- Hacks grow\n  in small steps.')).toBe('Hacks grow in small steps.');
    expect(toPlainLine('1. **Ensembles** narrow the gap.')).toBe('**Ensembles** narrow the gap.');
    expect(toPlainLine('* _Off-script_ states predict hacks.')).toBe('_Off-script_ states predict hacks.');
  });
});
