import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SITE_ASSETS } from '../../../adapters/web/site-assets.ts';
import { WEB_EXTRA_LANGUAGES, webStrings } from '../../../adapters/web/web-strings.ts';
import { CATALOGUE_LANGUAGES } from '../../../src/i18n/index.ts';
import { parseFeed } from '../../../src/ingest/parse-feed.ts';
import { XSS } from './archive-fixture.ts';
import { createSiteRig, domOf, type SiteRig } from './site-harness.ts';

let rig: SiteRig;
beforeEach(async () => {
  rig = await createSiteRig();
});
afterEach(async () => {
  await rig.close();
});

const text = (node: { textContent: string | null } | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe("a channel's index", () => {
  it('lists the editions newest first, 20 a page, with links between the pages', async () => {
    const { token } = rig.seeded;
    const first = await rig.get(`c/${token}/`);
    expect(first.status).toBe(200);
    const doc = domOf(first.text);
    const links = [...doc.querySelectorAll('.editions a')].map((a) => a.getAttribute('href'));
    expect(links).toHaveLength(20);
    expect(links.slice(0, 3)).toEqual(['2026-03-24-2/', '2026-03-24/', '2026-03-23/']);
    expect(text(doc.querySelector('.count'))).toBe('24 digests · Page 1 of 2');
    expect(doc.querySelector('a[rel=next]')?.getAttribute('href')).toBe('page/2/');
    expect(doc.querySelector('a[rel=prev]')).toBeNull();

    const second = domOf((await rig.get(`c/${token}/page/2/`)).text);
    expect([...second.querySelectorAll('.editions a')].map((a) => a.getAttribute('href'))).toEqual(['../../2026-03-05/', '../../2026-03-04/', '../../2026-03-03/', '../../2026-03-02/']);
    expect(second.querySelector('a[rel=prev]')?.getAttribute('href')).toBe('../../');
    expect((await rig.get(`c/${token}/page/3/`)).status).toBe(404);
    expect((await rig.get(`c/${token}/page/1/`)).status).toBe(404);
  });
});

describe("an edition's page", () => {
  it('has the real layout: site name, back link, dated title, meta line, label, every piece with its anchor and sections, all-digests link, sign-off', async () => {
    const page = await rig.get(`c/${rig.seeded.token}/2026-03-02/`);
    expect(page.status).toBe(200);
    const doc = domOf(page.text);
    expect(doc.documentElement.getAttribute('lang')).toBe('en');
    expect(text(doc.querySelector('.site-name'))).toBe('Acme Research Digests');
    const article = doc.querySelector('main article')!;
    const back = article.querySelector('a.back')!;
    expect(text(back)).toBe('← Back to digests');
    expect(back.getAttribute('href')).toBe('../');
    expect(text(article.querySelector('h1'))).toBe('AI Research Digest — 2 March 2026');
    expect(text(article.querySelector('.meta'))).toBe('2 March 2026 · 30 min read · AI Research · Digest');
    expect(text(article.querySelector('.label'))).toBe('🤖 Auto-generated digest');
    expect(text(article.querySelector('.lede'))).toMatch(/^4 pieces selected from .+ — only the ones worth your time\.$/);

    const pieces = [...article.querySelectorAll('section.piece')];
    expect(pieces.map((p) => p.getAttribute('id'))).toEqual(['1', '2', '3', '4']);
    expect([...article.querySelectorAll('.toc a')].map((a) => a.getAttribute('href'))).toEqual(['#1', '#2', '#3', '#4']);
    const second = pieces[1]!;
    expect(text(second.querySelector('h2'))).toBe('2. Day 0, piece 2: sparse probes find reward hacking 202 steps early');
    expect(second.querySelector('h2 a')?.getAttribute('href')).toBe('#2');
    expect(text(second.querySelector('.source'))).toBe('Ahead of AI · 7 min read');
    expect(second.querySelectorAll(':scope > p')[1]?.innerHTML).toContain('<strong>confidence probe</strong>');
    expect([...second.querySelectorAll('h3')].map(text)).toEqual(['Why it matters', 'What you can build with this', 'Key takeaways']);
    expect(second.querySelectorAll('.takeaways li')).toHaveLength(3);
    expect(text(second.querySelector('.reason'))).toBe('Why it was picked: matches interests: reward hacking; from Ahead of AI; 7 min read');
    const original = second.querySelector('.original a')!;
    expect(original.getAttribute('href')).toBe('https://research.example.org/posts/day-0/piece-2');
    expect(original.getAttribute('rel')).toBe('noopener noreferrer nofollow');

    const end = article.querySelector('.edition-end')!;
    expect(text(end.querySelector('a'))).toBe('← All digests');
    expect(end.querySelector('a')?.getAttribute('href')).toBe('../');
    expect(text(end.querySelector('.sign-off'))).toBe('Stay curious 🔬');
  });

  it('gives a second edition of the same day its own stable address, and shows an offline piece without inventing sections', async () => {
    const { token } = rig.seeded;
    const morning = domOf((await rig.get(`c/${token}/2026-03-24/`)).text);
    expect(morning.querySelectorAll('section.piece')).toHaveLength(2);
    const later = domOf((await rig.get(`c/${token}/2026-03-24-2/`)).text);
    expect(later.querySelectorAll('section.piece')).toHaveLength(3);
    expect(text(later.querySelector('.note'))).toContain('Summarised offline');
    expect([...later.querySelectorAll('section.piece')[2]!.querySelectorAll('h3')].map(text)).toEqual(['Key takeaways']);
    expect((await rig.get(`c/${token}/2026-03-24-3/`)).status).toBe(404);
    expect((await rig.get(`c/${token}/2026-03-25/`)).status).toBe(404);
  });

  it('renders hostile feed text — scripts, event handlers, javascript: links, closing-tag tricks — as inert text', async () => {
    const page = await rig.get(`c/${rig.seeded.token}/2026-03-24-2/`);
    const doc = domOf(page.text);
    expect(doc.querySelectorAll('script, iframe, img, svg, style, textarea, b, object, embed')).toHaveLength(0);
    for (const element of doc.querySelectorAll('*')) {
      for (const name of element.getAttributeNames()) expect(name, `<${element.tagName.toLowerCase()} ${name}>`).not.toMatch(/^on/i);
    }
    for (const link of doc.querySelectorAll('[href]')) expect(link.getAttribute('href')).not.toMatch(/^\s*javascript:/i);
    expect(doc.querySelectorAll('section.piece')).toHaveLength(3);
    const hostile = doc.getElementById('2')!;
    expect(text(hostile.querySelector('h2'))).toBe(`2. ${XSS.title}`);
    expect(text(hostile.querySelector('.source'))).toContain(XSS.source);
    expect(hostile.textContent).toContain('<script>window.__pwned=3</script>');
    expect(text(hostile.querySelector('.takeaways li'))).toBe(XSS.takeaways[0]);
    expect(hostile.querySelector('.original a')).toBeNull();
    expect(text(hostile.querySelector('.original-url'))).toContain(XSS.url);
    expect(text(doc.querySelector('.lede'))).toContain(XSS.source);
    // The page still ends properly: nothing the feed wrote closed the document early.
    expect(text(doc.querySelector('.sign-off'))).toBe('Stay curious 🔬');
  });
});

describe('what a wrong address reveals', () => {
  it('answers the same 404, byte for byte, for a wrong token, the slug of a private archive, an archive that is off, a rotated token and a missing page', async () => {
    const { token, privateChannelId, offChannelId } = rig.seeded;
    const off = (await rig.store.getArchive(offChannelId))!;
    const privateArchive = (await rig.store.getArchive(privateChannelId))!;
    const reference = await rig.get('c/not-a-real-token/');
    expect(reference.status).toBe(404);
    const probes = [
      `c/${token.slice(0, -1)}/`,
      `c/${token}x/`,
      `c/${token.toLowerCase()}/`,
      `c/${privateArchive.slug}/`,
      `c/${off.token}/`,
      `c/${off.slug}/`,
      `c/${token}/2031-01-01/`,
      `c/${token}/nope/`,
      `c/${token}/page/99/`,
      'c/',
      'nothing-here',
      `c/${off.slug}/feed.xml`,
    ];
    for (const path of probes) {
      const response = await rig.get(path);
      expect(response.status, path).toBe(404);
      expect(response.text, path).toBe(reference.text);
    }
    expect(reference.text).not.toContain(token);

    const rotated = await rig.store.rotateArchiveToken(privateChannelId, 'R'.repeat(24), new Date());
    expect((await rig.get(`c/${token}/2026-03-02/`)).text).toBe(reference.text);
    expect((await rig.get(`c/${rotated!.token}/2026-03-02/`)).status).toBe(200);
  });

  it('lists only public archives on the home page, never a private or switched-off one', async () => {
    const { token, publicSlug, offChannelId } = rig.seeded;
    const home = await rig.get('');
    const doc = domOf(home.text);
    expect([...doc.querySelectorAll('main a')].map((a) => a.getAttribute('href'))).toEqual([`c/${publicSlug}/`]);
    const off = (await rig.store.getArchive(offChannelId))!;
    for (const secret of [token, 'T0ACME', 'C0RESEARCH', off.token, off.slug, 'C0SECRET']) expect(home.text).not.toContain(secret);
    expect(doc.querySelector('meta[name=robots]')).toBeNull();
    expect((await rig.get(`c/${publicSlug}/`)).status).toBe(200);
    expect(domOf((await rig.get(`c/${publicSlug}/`)).text).querySelector('meta[name=robots]')).toBeNull();
    expect(domOf((await rig.get(`c/${token}/`)).text).querySelector('meta[name=robots]')?.getAttribute('content')).toBe('noindex, nofollow');
  });
});

describe('search', () => {
  it("finds pieces in the channel's digests and links each to its anchor on its edition's page", async () => {
    const page = await rig.get(`c/${rig.seeded.token}/search/`, 'q=sparse probes');
    const doc = domOf(page.text);
    expect(doc.querySelector('input[name=q]')?.getAttribute('value')).toBe('sparse probes');
    const hits = [...doc.querySelectorAll('.hits a')].map((a) => a.getAttribute('href'));
    expect(hits.length).toBeGreaterThan(10);
    for (const href of hits) expect(href).toMatch(/^\.\.\/2026-03-\d\d(-2)?\/#\d$/);
    expect(text(doc.querySelector('.hits li .hit-where'))).toMatch(/· Piece \d of AI Research Digest — \d+ March 2026$/);
  });

  it('shows the form alone without a query, and a hostile query only as text', async () => {
    expect(domOf((await rig.get(`c/${rig.seeded.token}/search/`)).text).querySelector('.hint')).not.toBeNull();
    const page = await rig.get(`c/${rig.seeded.token}/search/`, `q=${encodeURIComponent('"><script>zzqxv(1)</script>')}`);
    const doc = domOf(page.text);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.querySelector('input[name=q]')?.getAttribute('value')).toBe('"><script>zzqxv(1)</script>');
    expect(text(doc.querySelector('[role=status]'))).toBe('No digests match “"><script>zzqxv(1)</script>”.');
  });
});

describe('the Atom feed', () => {
  it('is a feed our own ingest reads back: the newest 20 editions, each linking its page', async () => {
    const response = await rig.get(`c/${rig.seeded.token}/feed.xml`);
    expect(response.contentType).toBe('application/atom+xml; charset=utf-8');
    const feed = await parseFeed(response.text, { feedUrl: `https://archive.example/c/${rig.seeded.token}/feed.xml` });
    expect(feed.title).toBe('AI Research Digest');
    expect(feed.items).toHaveLength(20);
    expect(feed.items[0]).toMatchObject({ title: 'AI Research Digest — 24 March 2026', link: `https://archive.example/c/${rig.seeded.token}/2026-03-24-2/` });
    expect(feed.items[0]!.guid).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The hostile piece's markup is escaped in the entry's HTML: a reader parsing it finds no script.
    const entry = domOf(`<!doctype html><html><body>${feed.items[0]!.html}</body></html>`);
    expect(entry.querySelectorAll('script, img, iframe, svg')).toHaveLength(0);
    expect(entry.body.textContent).toContain('<script>window.__pwned=1</script>');
    expect(response.text).not.toContain(rig.seeded.privateChannelId);
  });

  it('uses absolute links under web.publicUrl', async () => {
    const withUrl = await createSiteRig({ publicUrl: 'https://digests.example.org/archive/' });
    try {
      const xml = (await withUrl.get(`c/${withUrl.seeded.token}/feed.xml`)).text;
      expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="https://digests.example.org/archive/c/${withUrl.seeded.token}/feed.xml"/>`);
      expect(xml).toContain(`href="https://digests.example.org/archive/c/${withUrl.seeded.token}/2026-03-24-2/"`);
      expect(withUrl.site.root).toBe('/archive/');
    } finally {
      await withUrl.close();
    }
  });
});

describe("the channel's language", () => {
  it("renders the chrome through the message catalogue in the channel's language", async () => {
    const channel = (await rig.store.getChannel(rig.seeded.privateChannelId))!;
    await rig.store.updateChannelSettings(channel.id, { ...channel.settings, language: 'de-AT' });
    const doc = domOf((await rig.get(`c/${rig.seeded.token}/2026-03-02/`)).text);
    expect(doc.documentElement.getAttribute('lang')).toBe('de');
    expect(text(doc.querySelector('a.back'))).toBe('← Zurück zu den Digests');
    expect(text(doc.querySelector('.label'))).toBe('🤖 Automatisch erstellter Digest');
    expect(text(doc.querySelector('.meta'))).toBe('2 March 2026 · 30 Min. Lesezeit · KI-Forschung · Digest');
    expect([...doc.querySelectorAll('#1 h3')].map(text)).toEqual(['Warum es wichtig ist', 'Was Sie damit bauen können', 'Das Wichtigste']);
    expect(text(doc.querySelector('.sign-off'))).toBe('Bleiben Sie neugierig 🔬');
    expect(text(doc.querySelector('.skip'))).toBe('Zum Inhalt springen');
  });

  it('has the web-only words in every catalogue language', () => {
    expect([...WEB_EXTRA_LANGUAGES].sort()).toEqual([...CATALOGUE_LANGUAGES].sort());
    for (const language of CATALOGUE_LANGUAGES) {
      const strings = webStrings(language);
      expect(strings.language).toBe(language);
      if (language !== 'en') expect(strings.notFoundTitle, language).not.toBe(webStrings('en').notFoundTitle);
    }
  });
});

describe('assets', () => {
  it('serves the stylesheet and icon under content-hashed names, cacheable for a year', async () => {
    const css = await rig.site.get(SITE_ASSETS.stylesheet.path, new URLSearchParams());
    expect(css).toMatchObject({ status: 200, contentType: 'text/css; charset=utf-8', cache: 'immutable' });
    expect(css.body.toString()).toContain('prefers-color-scheme: dark');
    expect(css.body.toString()).toContain('@media print');
    expect(SITE_ASSETS.stylesheet.path).toMatch(/^assets\/archive-[0-9a-f]{12}\.css$/);
  });
});
