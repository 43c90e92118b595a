import { describe, expect, it } from 'vitest';
import { absoluteUrl, relativeHref, sitePaths } from '../../src/archive/archive-paths.ts';
import { dateOfEditionSlug, dayWindow, editionSlugs, localIsoDate } from '../../src/archive/edition-slugs.ts';

describe('edition slugs', () => {
  it('names an edition by its local date, and later editions of the same day -2, -3 in the order they were made', () => {
    const stamps = [
      { id: 'c', createdAt: new Date('2026-03-30T16:00:00Z') },
      { id: 'a', createdAt: new Date('2026-03-30T08:00:00Z') },
      { id: 'b', createdAt: new Date('2026-03-30T08:00:00Z') },
      { id: 'd', createdAt: new Date('2026-03-31T08:00:00Z') },
    ];
    expect(Object.fromEntries(editionSlugs(stamps, 'UTC'))).toEqual({ a: '2026-03-30', b: '2026-03-30-2', c: '2026-03-30-3', d: '2026-03-31' });
  });

  it("reads the date in the archive's timezone: 9 am in Auckland is the previous evening in UTC", () => {
    const nineInAuckland = new Date('2026-03-29T20:00:00Z');
    expect(editionSlugs([{ id: 'x', createdAt: nineInAuckland }], 'Pacific/Auckland').get('x')).toBe('2026-03-30');
    expect(localIsoDate(nineInAuckland, 'UTC')).toBe('2026-03-29');
  });

  it('a day window holds that local day in every timezone', () => {
    const { from, to } = dayWindow('2026-03-30');
    for (const tz of ['Pacific/Kiritimati', 'Pacific/Auckland', 'UTC', 'America/Los_Angeles', 'Etc/GMT+12']) {
      let seen = 0;
      // Every half hour from two days before the window to two days after it.
      for (let t = from.getTime() - 2 * 86_400_000; t < to.getTime() + 2 * 86_400_000; t += 1_800_000) {
        if (localIsoDate(new Date(t), tz) !== '2026-03-30') continue;
        seen += 1;
        expect(t >= from.getTime() && t < to.getTime(), `${tz} ${new Date(t).toISOString()}`).toBe(true);
      }
      expect(seen, tz).toBe(48);
    }
  });

  it('parses only real edition slugs', () => {
    expect(dateOfEditionSlug('2026-03-30')).toBe('2026-03-30');
    expect(dateOfEditionSlug('2026-03-30-2')).toBe('2026-03-30');
    expect(dateOfEditionSlug('2026-03-30-12')).toBe('2026-03-30');
    for (const bad of ['2026-02-30', '2026-03-30-1', '2026-03-30-0', '2026-03-30-02', '2026-3-30', 'latest', '2026-03-30-2-2', '']) {
      expect(dateOfEditionSlug(bad), bad).toBeUndefined();
    }
  });
});

describe('archive paths', () => {
  it('links relatively between any two pages, so the site works under any prefix', () => {
    expect(relativeHref('c/k/2026-03-30/', 'c/k/')).toBe('../');
    expect(relativeHref('c/k/', 'c/k/2026-03-30/')).toBe('2026-03-30/');
    expect(relativeHref('c/k/page/2/', 'c/k/')).toBe('../../');
    expect(relativeHref('c/k/page/2/', 'c/k/page/3/')).toBe('../3/');
    expect(relativeHref('c/k/2026-03-30/', 'assets/a.css')).toBe('../../../assets/a.css');
    expect(relativeHref('', 'c/k/')).toBe('c/k/');
    expect(relativeHref('c/k/', 'c/k/')).toBe('./');
    expect(relativeHref('c/k/feed.xml', 'c/k/feed.xml')).toBe('feed.xml');
    expect(relativeHref('c/k/search/', sitePaths.edition('k', '2026-03-30'))).toBe('../2026-03-30/');
  });

  it('makes absolute URLs under a public URL with or without a path', () => {
    expect(absoluteUrl('https://d.example.org/', 'c/k/')).toBe('https://d.example.org/c/k/');
    expect(absoluteUrl('https://example.org/digests', 'c/k/2026-03-30/')).toBe('https://example.org/digests/c/k/2026-03-30/');
  });
});
