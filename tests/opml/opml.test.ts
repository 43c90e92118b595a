import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPML_LIMITS, OpmlError, parseOpml, type OpmlEntry } from '../../src/opml/parse-opml.ts';
import { describePlanItem, planOpmlImport, summarisePlan } from '../../src/opml/plan-import.ts';
import { serializeOpml } from '../../src/opml/serialize-opml.ts';
import { parseHttpUrl } from '../../src/text/http-url.ts';

const FEEDLY_EXPORT = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Ada subscriptions in feedly Cloud</title></head>
  <body>
    <outline text="AI safety" title="AI safety">
      <outline type="rss" text="AI Alignment Forum" title="AI Alignment Forum" xmlUrl="https://www.alignmentforum.org/feed.xml" htmlUrl="https://www.alignmentforum.org"/>
      <outline type="rss" text="Tom &amp; Jerry&#x2019;s blog" xmlUrl="https://example.org/feed?a=1&b=2"/>
      <outline text="Nested">
        <outline type="rss" title="Only a title" xmlurl="https://nested.example/atom"/>
      </outline>
    </outline>
    <outline type="rss" text="The Gradient" xmlUrl="https://thegradient.pub/rss/"/>
    <outline type="rss" text="Broken entry"/>
  </body>
</opml>`;

function refusal(input: string | Uint8Array): OpmlError {
  try {
    parseOpml(input);
  } catch (error) {
    if (error instanceof OpmlError) return error;
    throw error;
  }
  throw new Error('expected the OPML to be refused');
}

describe('parseOpml', () => {
  it('reads a feed reader export: titles, folders as categories, entities, bare ampersands, lower-case attribute names', () => {
    const doc = parseOpml(FEEDLY_EXPORT);
    expect(doc.title).toBe('Ada subscriptions in feedly Cloud');
    expect(doc.entries).toEqual<OpmlEntry[]>([
      { url: 'https://www.alignmentforum.org/feed.xml', title: 'AI Alignment Forum', category: ['AI safety'] },
      { url: 'https://example.org/feed?a=1&b=2', title: 'Tom & Jerry’s blog', category: ['AI safety'] },
      { url: 'https://nested.example/atom', title: 'Only a title', category: ['AI safety', 'Nested'] },
      { url: 'https://thegradient.pub/rss/', title: 'The Gradient', category: [] },
    ]);
    expect(doc.problems).toEqual(['line 13: "Broken entry" is a feed outline without an xmlUrl']);
  });

  it('decodes bytes in the declared encoding', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><opml><body><outline text="Caf\xe9" xmlUrl="https://c.example/f"/></body></opml>', 'latin1');
    expect(parseOpml(latin1).entries[0]?.title).toBe('Café');
  });

  it('refuses a DTD, so neither entity expansion nor external references can happen', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="https://x.example/f"/></body></opml>`;
    expect(refusal(laughs).message).toMatch(/declares a DTD/);
    const external = `<?xml version="1.0"?><!DOCTYPE opml SYSTEM "file:///etc/passwd"><opml><body><outline text="&xxe;" xmlUrl="https://x.example/f"/></body></opml>`;
    expect(refusal(external).message).toMatch(/declares a DTD/);
    // A bare doctype declares nothing and is harmless.
    expect(parseOpml('<!DOCTYPE opml><opml><body><outline text="A" xmlUrl="https://a.example/f"/></body></opml>').entries).toHaveLength(1);
    // An entity that is not XML's own is an error, never looked up anywhere.
    expect(refusal('<opml><body><outline text="&nbsp;" xmlUrl="https://a.example/f"/></body></opml>').message).toMatch(/not well-formed XML .*undefined entity/);
  });

  it('bounds size, number of feeds and nesting', () => {
    expect(refusal('<opml>' + ' '.repeat(OPML_LIMITS.bytes) + '</opml>').message).toMatch(/at most 2\.0 MB/);
    const many = `<opml><body>${'<outline text="x" xmlUrl="https://x.example/f"/>'.repeat(OPML_LIMITS.entries + 1)}</body></opml>`;
    expect(refusal(many).message).toMatch(/more than 5000 feeds; nothing was imported/);
    const deep = `<opml><body>${'<outline text="f">'.repeat(40)}${'</outline>'.repeat(40)}</body></opml>`;
    expect(refusal(deep).message).toMatch(/nested more than 32 deep/);
  });

  it('names what the file is when it is not OPML', () => {
    expect(refusal('<?xml version="1.0"?><rss version="2.0"><channel/></rss>').message).toBe('This is a feed, not an OPML subscription list.');
    expect(refusal('<rss/>').hint).toMatch(/sources add/);
    expect(refusal('<html><body>hi</body></html>').message).toMatch(/web page/);
    expect(refusal('').message).toMatch(/empty/);
    expect(refusal('<opml><body><outline text="a"></body></opml>').message).toMatch(/line:column 1:\d+: unexpected close tag/);
  });
});

describe('planOpmlImport', () => {
  // Chat's policy: http(s) only (the CLI passes one that also accepts local paths).
  const httpOnly = (url: string) => {
    const parsed = parseHttpUrl(url);
    return parsed === undefined ? { ok: false as const, reason: 'only http(s) URLs can be added from chat' } : { ok: true as const, location: parsed.href };
  };

  it('says per entry whether it is added, skipped or refused, changing nothing', () => {
    const doc = parseOpml(`<opml><body>
      <outline text="New" xmlUrl="https://new.example/feed"/>
      <outline text="Already read" xmlUrl="HTTPS://Old.example/feed"/>
      <outline text="Local file" xmlUrl="file:///etc/passwd"/>
      <outline text="Script" xmlUrl="javascript:alert(1)"/>
      <outline text="New again" xmlUrl="https://new.example/feed"/>
    </body></opml>`);
    const plan = planOpmlImport({ document: doc, checkLocation: httpOnly, subscribed: new Set(['https://old.example/feed']) });
    expect(plan.map((p) => [p.number, p.action, p.reason])).toEqual([
      [1, 'add', null],
      [2, 'skip', 'this channel already reads it'],
      [3, 'refuse', 'only http(s) URLs can be added from chat'],
      [4, 'refuse', 'only http(s) URLs can be added from chat'],
      [5, 'skip', 'listed twice (as entry 1 too)'],
    ]);
    expect(summarisePlan(plan)).toEqual({ add: 1, skip: 2, refuse: 2 });
    expect(describePlanItem(plan[0]!, { add: 'would add' })).toBe('1. would add "New" https://new.example/feed');
    expect(describePlanItem(plan[2]!)).toBe('3. refuse "Local file" file:///etc/passwd — only http(s) URLs can be added from chat');
  });
});

describe('serializeOpml', () => {
  it('writes OPML 2.0 with folders and escaped attributes', () => {
    const xml = serializeOpml({
      title: 'Digest sources of #research',
      createdAt: new Date('2026-03-30T08:00:00Z'),
      entries: [
        { url: 'https://a.example/feed?x=1&y="2"', title: 'A <&> "B"', category: ['Folder'] },
        { url: 'https://b.example/feed', title: 'B', category: [] },
      ],
    });
    expect(xml).toBe([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<opml version="2.0">',
      '  <head>',
      '    <title>Digest sources of #research</title>',
      '    <dateCreated>Mon, 30 Mar 2026 08:00:00 GMT</dateCreated>',
      '  </head>',
      '  <body>',
      '    <outline text="Folder" title="Folder">',
      '      <outline type="rss" text="A &lt;&amp;&gt; &quot;B&quot;" title="A &lt;&amp;&gt; &quot;B&quot;" xmlUrl="https://a.example/feed?x=1&amp;y=&quot;2&quot;"/>',
      '    </outline>',
      '    <outline type="rss" text="B" title="B" xmlUrl="https://b.example/feed"/>',
      '  </body>',
      '</opml>',
      '',
    ].join('\n'));
  });

  // Titles and folder names as parseOpml hands them back: whitespace collapsed, no XML-illegal characters.
  const cleanText = fc.string({ unit: 'grapheme', maxLength: 30 })
    // eslint-disable-next-line no-control-regex -- control characters are what XML cannot carry
    .map((s) => s.replace(/[\u0000-\u001F\u007F\uFFFE\uFFFF]/g, '').replace(/\s+/g, ' ').trim());
  const entry = fc.record({
    url: fc.webUrl({ withQueryParameters: true, withFragments: true }),
    title: cleanText,
    category: fc.array(cleanText.filter((c) => c !== ''), { maxLength: 3 }),
  });

  it('round-trips: parsing an export gives back the same entries, in order (property)', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 25 }), cleanText, (entries, title) => {
      const doc = parseOpml(serializeOpml({ title, createdAt: new Date(0), entries }));
      expect(doc.entries).toEqual(entries);
      expect(doc.title).toBe(title === '' ? null : title);
      expect(doc.problems).toEqual([]);
    }), { numRuns: 200 });
  });

  it('round-trips what it cannot write verbatim by dropping only XML-illegal characters', () => {
    const doc = parseOpml(serializeOpml({ title: 't', createdAt: new Date(0), entries: [{ url: 'https://a.example/\u0001f', title: 'x\u0007y', category: [] }] }));
    expect(doc.entries).toEqual([{ url: 'https://a.example/f', title: 'xy', category: [] }]);
  });
});
