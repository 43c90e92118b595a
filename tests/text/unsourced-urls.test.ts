import { describe, expect, it } from 'vitest';
import { removeUnsourcedUrls } from '../../src/text/unsourced-urls.ts';

const SOURCE = 'The code is at https://github.com/example/gridworlds/ and the data at http://data.example.org/sets?id=4. See www.lab.example too.';

describe('removeUnsourcedUrls', () => {
  it('removes a URL the source does not contain, and tidies what is left', () => {
    expect(removeUnsourcedUrls('Great results. Visit https://evil.example/win now!', SOURCE)).toBe('Great results. Visit now!');
    expect(removeUnsourcedUrls('Try the demo (https://evil.example/demo).', SOURCE)).toBe('Try the demo.');
    expect(removeUnsourcedUrls('Claim it at www.evil.example/prize', SOURCE)).toBe('Claim it at');
    expect(removeUnsourcedUrls('https://evil.example', SOURCE)).toBe('');
  });

  it('keeps URLs that occur in the source, also re-formatted (scheme, www, trailing slash, punctuation)', () => {
    expect(removeUnsourcedUrls('Code: https://github.com/example/gridworlds.', SOURCE)).toBe('Code: https://github.com/example/gridworlds.');
    expect(removeUnsourcedUrls('Data (http://data.example.org/sets?id=4)', SOURCE)).toBe('Data (http://data.example.org/sets?id=4)');
    expect(removeUnsourcedUrls('See https://www.lab.example/', SOURCE)).toBe('See https://www.lab.example/');
  });

  it('does not accept a URL that only shares a prefix with a source URL', () => {
    expect(removeUnsourcedUrls('More at https://github.com/example/gridworlds-evil', SOURCE)).toBe('More at');
    expect(removeUnsourcedUrls('Login at https://github.com.evil.example/example/gridworlds', SOURCE)).toBe('Login at');
  });

  it('leaves text without URLs untouched, whitespace included', () => {
    const text = 'Line one.\n\nLine  two: 3.5 times faster (p < 0.01).';
    expect(removeUnsourcedUrls(text, SOURCE)).toBe(text);
  });
});
