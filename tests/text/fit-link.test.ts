import { describe, expect, it } from 'vitest';
import { fitLink } from '../../src/text/fit-link.ts';

describe('fitLink', () => {
  it('keeps an http(s) link that fits', () => {
    expect(fitLink(' https://example.org/a?b=1#c ', 100)).toEqual({ kind: 'link', href: 'https://example.org/a?b=1#c', shortened: false });
  });

  it('drops tracking parameters and the fragment when that makes it fit, and nothing else', () => {
    const long = `https://example.org/post?id=7&utm_source=${'x'.repeat(200)}&fbclid=${'y'.repeat(100)}#${'z'.repeat(50)}`;
    expect(fitLink(long, 100)).toEqual({ kind: 'link', href: 'https://example.org/post?id=7', shortened: true });
  });

  it('says an address is too long, and where it points, when shortening is not enough', () => {
    expect(fitLink(`https://long.example/${'p'.repeat(5_000)}`, 1_024)).toEqual({ kind: 'too-long', host: 'long.example', length: 5_021 });
  });

  it('measures with the platform’s escaping when asked', () => {
    const amp = `https://example.org/?${'a=1&'.repeat(10)}`;
    expect(fitLink(amp, amp.length, (href) => href.replace(/&/g, '&amp;').length).kind).toBe('too-long');
  });

  it('never links what is not http(s), and tells an empty link apart', () => {
    expect(fitLink('javascript:alert(1)', 100)).toEqual({ kind: 'not-http', text: 'javascript:alert(1)' });
    expect(fitLink('https://', 100)).toEqual({ kind: 'not-http', text: 'https://' });
    expect(fitLink('   ', 100)).toEqual({ kind: 'none' });
  });
});
