import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { minhashOfWords, words } from '../../src/ingest/minhash.ts';
import { contentFields } from '../../src/ingest/normalise-item.ts';
import { sanitiseHtml } from '../../src/ingest/sanitise-html.ts';
import { appendWordHashes, collapseWhitespace, singleSpaced } from '../../src/ingest/text-scan.ts';

// The regular expressions the scans replace: each scan must return exactly what its expression returned.
const collapseByRegex = (text: string): string =>
  text.replace(/[^\S\n]*\n\s*|[^\S\n]{2,}|[^\S \n]/g, (run) => {
    const first = run.indexOf('\n');
    return first === -1 ? ' ' : run.indexOf('\n', first + 1) === -1 ? '\n' : '\n\n';
  }).trim();
const singleSpacedByRegex = (text: string): string => text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
const fnv1a = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
};
const wordHashesByRegex = (text: string): number[] => (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(fnv1a);

/** Text made of the pieces that matter: every kind of whitespace, letters of several scripts, astral letters and emoji, lone surrogates. */
const tricky = fc.array(fc.oneof(
  fc.constantFrom(' ', '  ', '\n', '\n\n', ' \n ', '\t', '\r\n', '\u00a0', '\u2028', '\u2029', '\u3000', '\ufeff', '\u200a', '\u200b', '\v', '\f', '\u1680', '\u180e'),
  fc.constantFrom('word', 'Ünïcödé', 'ΣΑΣ', 'ς', 'İstanbul', '日本語', 'слово', '١٢٣', '𝐀𝐁', '😀', '\ud800', '\udc00', 'x\ud83d', '-', '’', '.', 'a1b2', '_'),
  fc.string({ maxLength: 6, unit: 'binary' }),
), { maxLength: 40 }).map((parts) => parts.join(''));

describe('text scans', () => {
  it('collapseWhitespace returns what the regular expression returned', () => {
    fc.assert(fc.property(tricky, (text) => {
      expect(collapseWhitespace(text)).toBe(collapseByRegex(text));
    }), { numRuns: 3000 });
    for (const text of ['', ' ', '\n\n', 'a', ' a ', 'a  b', 'a \n b', 'a\n\n\nb', 'a\tb', 'a b c', '\n a\n']) expect(collapseWhitespace(text)).toBe(collapseByRegex(text));
  });

  it('singleSpaced returns what the regular expression returned', () => {
    fc.assert(fc.property(tricky, (text) => {
      expect(singleSpaced(text)).toBe(singleSpacedByRegex(text));
    }), { numRuns: 3000 });
  });

  it('appendWordHashes hashes the words the regular expression finds, in order, after what `into` held', () => {
    fc.assert(fc.property(tricky, (text) => {
      expect(appendWordHashes(text, [])).toEqual(wordHashesByRegex(text));
      expect(appendWordHashes(text, [7])).toEqual([7, ...wordHashesByRegex(text)]);
    }), { numRuns: 3000 });
    // Every BMP unit once, between spaces: the table of letters and numbers agrees with \p{L} and \p{N}.
    const units = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).join(' ');
    expect(appendWordHashes(units, [])).toEqual(wordHashesByRegex(units));
  });
});

describe('contentFields', () => {
  // What each field was before the scans: words split by the expression, the text single-spaced before lower-casing.
  const before = (title: string, text: string) => ({
    wordCount: words(text).length,
    contentHash: createHash('sha256').update(`${title.toLowerCase()}\n\n${text.replace(/\s{2,}|[^\S ]/g, ' ').trim().toLowerCase()}`).digest('hex'),
    signature: minhashOfWords([...words(title), ...words(text)]),
  });

  it('gives the word count, content hash and signature it gave when it split words with expressions', () => {
    fc.assert(fc.property(tricky, tricky, (title, text) => {
      const { wordCount, contentHash, signature } = contentFields(title, text, '');
      expect({ wordCount, contentHash, signature }).toEqual(before(title, text));
    }), { numRuns: 1500 });
    // Final sigma looks through U+FEFF, and single-spacing turns U+FEFF into a space: lower-casing first would differ.
    for (const text of ['ΑΣ\ufeffΒ', 'ΟΔΟΣ \ufeff', 'ΑΣ\ufeff\ufeffΒ γ', 'ΑΣ Β']) {
      const { wordCount, contentHash, signature } = contentFields('Τίτλος', text, '');
      expect({ wordCount, contentHash, signature }, JSON.stringify(text)).toEqual(before('Τίτλος', text));
    }
  });

  it("gives the same fields for the sanitiser's collapsed text when told the text is collapsed (the hash then reads it as it is)", () => {
    fc.assert(fc.property(tricky, tricky, (title, raw) => {
      const text = collapseWhitespace(raw);
      const { wordCount, contentHash, signature } = contentFields(title, text, '', { collapsed: true });
      expect({ wordCount, contentHash, signature }).toEqual(before(title, text));
    }), { numRuns: 1500 });
  });

  it("is only told so of collapsed text: the sanitiser's text is always collapseWhitespace's output", () => {
    const html = fc.array(fc.oneof(tricky, fc.constantFrom('<p>', '</p>', '<br>', '<li>', '<pre>', '</div>', '<b>', '&nbsp;', '&#xfeff;', '&#10;', '<script>x</script>', '<math><mi>x</mi></math>')), { maxLength: 20 }).map((parts) =>
      parts.join('')
    );
    fc.assert(fc.property(html, (input) => {
      const { text } = sanitiseHtml(input, null);
      expect(collapseWhitespace(text)).toBe(text);
    }), { numRuns: 1500 });
  });
});
