import { describe, expect, it } from 'vitest';
import { stripBidiControls } from '../../src/text/bidi.ts';
import { literal, mapLiterals, withoutLiteralMarks } from '../../src/text/literal-text.ts';

describe('stripBidiControls', () => {
  it('removes embeddings, overrides and isolates, and keeps the implicit marks', () => {
    expect(stripBidiControls('a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j')).toBe('abcdefghij');
    expect(stripBidiControls('שלום\u200f world\u200e \u061c')).toBe('שלום\u200f world\u200e \u061c');
  });
});

describe('literal text in reply markup', () => {
  it('brackets feed text so an adapter can render it apart from the markup around it', () => {
    const text = `**1. ${literal('**x** _y_')}** — ${literal('Blog')}`;
    expect(mapLiterals(text, { inLiteral: (t) => `[${t}]`, outside: (t) => t.toUpperCase() })).toBe('**1. [**x** _y_]** — [Blog]');
    expect(withoutLiteralMarks(text)).toBe('**1. **x** _y_** — Blog');
  });

  it('cannot be broken out of by feed text that contains the brackets itself', () => {
    const hostile = literal('a\ue001**b**\ue000c');
    expect(mapLiterals(`x ${hostile} y`, { inLiteral: (t) => `<${t}>`, outside: (t) => t })).toBe('x <a**b**c> y');
  });

  it('drops bidi controls from the literal', () => {
    expect(withoutLiteralMarks(literal('evil\u202etxt.exe'))).toBe('eviltxt.exe');
  });
});
