import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestCommand } from '../../commands/digest-command.ts';
import { closest, editDistance, parseCommandText, tokenize } from '../../commands/parse-command-text.ts';

const parse = (text: string) => parseCommandText(digestCommand, text);

describe('parseCommandText', () => {
  it('empty text runs latest', () => {
    expect(parse('')).toEqual({ ok: true, value: { path: ['latest'], options: {} } });
    expect(parse('   ')).toEqual({ ok: true, value: { path: ['latest'], options: {} } });
  });

  it('reads positional options', () => {
    expect(parse('takeaways 2')).toEqual({ ok: true, value: { path: ['takeaways'], options: { n: '2' } } });
    expect(parse('TAKEAWAYS 2 previous')).toEqual({ ok: true, value: { path: ['takeaways'], options: { n: '2', digest: 'previous' } } });
    expect(parse('history')).toEqual({ ok: true, value: { path: ['history'], options: {} } });
  });

  it('ask takes the rest of the line, quoted or not', () => {
    const expected = { ok: true, value: { path: ['ask'], options: { n: '2', question: 'does it generalise?' } } };
    expect(parse('ask 2 "does it generalise?"')).toEqual(expected);
    expect(parse('ask 2 does it generalise?')).toEqual(expected);
    expect(parse('ask 2 “does it generalise?”')).toEqual(expected);
    // An apostrophe inside the question is not a quote.
    expect(parse("ask 1 what's the catch?")).toMatchObject({ ok: true, value: { options: { question: "what's the catch?" } } });
  });

  it('groups: sources add with a multi-word name', () => {
    expect(parse('sources add https://x.org/feed name with spaces')).toEqual({ ok: true, value: { path: ['sources', 'add'], options: { url: 'https://x.org/feed', name: 'name with spaces' } } });
    expect(parse('sources add https://x.org/feed')).toEqual({ ok: true, value: { path: ['sources', 'add'], options: { url: 'https://x.org/feed' } } });
  });

  it('cron takes five words unquoted, or one quoted phrase', () => {
    expect(parse('schedule set 0 9 * * 1-5 Europe/Paris')).toEqual({ ok: true, value: { path: ['schedule', 'set'], options: { cron: '0 9 * * 1-5', timezone: 'Europe/Paris' } } });
    expect(parse('schedule set "30 8 * * *"')).toEqual({ ok: true, value: { path: ['schedule', 'set'], options: { cron: '30 8 * * *' } } });
  });

  it('unknown subcommand suggests the closest one', () => {
    const r = parse('takaways 2');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('Did you mean `/digest takeaways`?');
    const g = parse('sources ad https://x');
    if (g.ok) throw new Error('expected an error');
    expect(g.error).toContain('Did you mean `/digest sources add`?');
    const far = parse('frobnicate');
    if (far.ok) throw new Error('expected an error');
    expect(far.error).not.toContain('Did you mean');
    expect(far.error).toContain('/digest help');
  });

  it('missing argument names it and shows the usage line', () => {
    const r = parse('takeaways');
    if (r.ok) throw new Error('expected an error');
    expect(r.error).toContain('Missing `n`');
    expect(r.error).toContain('/digest takeaways <n> [digest]');
    const s = parse('sources');
    if (s.ok) throw new Error('expected an error');
    expect(s.error).toContain('list, add, remove, pause, resume');
  });

  it('too many arguments is an error', () => {
    const r = parse('takeaways 2 previous extra');
    if (r.ok) throw new Error('expected an error');
    expect(r.error).toContain('Too many arguments');
  });

  it('property: any text parses to a result without throwing', () => {
    const piecesOfCommands = fc.constantFrom('takeaways', 'ask', 'sources', 'add', 'schedule', 'set', '"', '“', '”', "'", '‘', ' ', '  ', '2', '-1', 'https://x', '* * *', '\n');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(piecesOfCommands, { maxLength: 12 }).map((a) => a.join(' ')), fc.string({ unit: 'grapheme', maxLength: 80 })), (text) => {
        const r = parse(text);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('tokenize and did-you-mean', () => {
  it('keeps quoted phrases together and unclosed quotes literal', () => {
    expect(tokenize('a "b c" d').map((t) => t.value)).toEqual(['a', 'b c', 'd']);
    expect(tokenize('a "b c').map((t) => t.value)).toEqual(['a', '"b', 'c']);
    expect(tokenize('‘x y’').map((t) => t.value)).toEqual(['x y']);
  });

  it('Damerau distance counts a transposition as one edit', () => {
    expect(editDistance('takeaways', 'taekaways')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('hsitory', ['history', 'help'])).toBe('history');
    expect(closest('zzzz', ['history', 'help'])).toBeUndefined();
  });
});
