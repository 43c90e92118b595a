import { sitePaths } from '../../src/archive/archive-paths.ts';
import type { ArchiveReader, OpenArchive } from '../../src/archive/archive-reader.ts';
import { renderAtomFeed } from './render-atom.ts';
import { renderEditionPage } from './render-edition.ts';
import { renderIndexPage } from './render-index.ts';
import type { ChannelContext, SiteContext } from './render-layout.ts';
import { renderSearchPage } from './render-search.ts';
import { renderHomePage, renderNotFoundPage } from './render-site-pages.ts';
import { ALL_ASSETS } from './site-assets.ts';
import { webStrings } from './web-strings.ts';

/** How long a response may be reused: assets forever, public pages a few minutes, capability pages only by the reader. */
export type CachePolicy = 'immutable' | 'public' | 'private' | 'no-store';

/** One response of the archive, the same whether the server sends it or the static build writes it. */
export interface SiteResponse {
  status: 200 | 404;
  contentType: string;
  body: Buffer;
  lastModified: Date | undefined;
  cache: CachePolicy;
  noindex: boolean;
}

export interface ArchiveSiteOptions {
  reader: ArchiveReader;
  siteName: string;
  /** The digest's name, titling each channel's feed. */
  digestName: string;
  /** Language of the pages that belong to no channel (home, 404). */
  defaultLanguage: string;
  publicUrl: string | null;
  /** Editions in each channel's Atom feed. */
  feedSize?: number;
}

export interface ArchiveSite {
  /** The path the site lives under (from `web.publicUrl`), e.g. `/` or `/digests/`. */
  readonly root: string;
  /** The response for a site path (no leading slash, already stripped of `root`). */
  get(path: string, query: URLSearchParams): Promise<SiteResponse>;
  notFound(): SiteResponse;
  /** Every file of the static site with its path, computed by `get` itself so both give the same bytes. */
  files(): AsyncGenerator<{ path: string; response: SiteResponse }>;
}

const HTML = 'text/html; charset=utf-8';
const DEFAULT_FEED_SIZE = 20;

/** Routes site paths to the archive's pages; the server and `digest site build` both go through it. */
export function createArchiveSite(options: ArchiveSiteOptions): ArchiveSite {
  const { reader } = options;
  const root = options.publicUrl === null ? '/' : new URL(options.publicUrl).pathname.replace(/\/?$/, '/');
  const site: SiteContext = { siteName: options.siteName, strings: webStrings(options.defaultLanguage) };
  const notFoundBody = Buffer.from(renderNotFoundPage(site, root));
  const notFound = (): SiteResponse => ({ status: 404, contentType: HTML, body: notFoundBody, lastModified: undefined, cache: 'no-store', noindex: true });
  const page = (body: string, extra: Partial<SiteResponse> & Pick<SiteResponse, 'cache' | 'noindex'>): SiteResponse => ({
    status: 200,
    contentType: HTML,
    lastModified: undefined,
    ...extra,
    body: Buffer.from(body),
  });

  const contextOf = (open: OpenArchive): ChannelContext => ({
    siteName: options.siteName,
    strings: webStrings(open.channel.settings.language),
    key: open.key,
    noindex: open.archive.visibility !== 'public',
    feedTitle: options.digestName,
  });
  const cacheOf = (open: OpenArchive): CachePolicy => (open.archive.visibility === 'public' ? 'public' : 'private');
  const later = (...dates: (Date | undefined)[]): Date | undefined => dates.reduce<Date | undefined>((max, d) => (d === undefined || (max !== undefined && max >= d) ? max : d), undefined);

  const channelPage = async (open: OpenArchive, rest: string[], query: URLSearchParams): Promise<SiteResponse> => {
    const ctx = contextOf(open);
    const common = { cache: cacheOf(open), noindex: ctx.noindex };
    const tz = open.archive.timeZone;
    const [first, second, third] = rest;
    if (first === '' && rest.length === 1) {
      const editions = await reader.page(open, 1);
      return page(renderIndexPage(ctx, editions!, tz), { ...common, lastModified: later(editions!.editions[0]?.digest.createdAt, open.archive.updatedAt) });
    }
    if (first === 'page' && second !== undefined && /^[1-9]\d{0,6}$/.test(second) && second !== '1' && third === '' && rest.length === 3) {
      const editions = await reader.page(open, Number(second));
      if (editions === undefined) return notFound();
      return page(renderIndexPage(ctx, editions, tz), { ...common, lastModified: later(editions.editions[0]?.digest.createdAt, open.archive.updatedAt) });
    }
    if (first === 'search' && second === '' && rest.length === 2) {
      const q = (query.get('q') ?? '').trim();
      const hits = q === '' ? undefined : await reader.search(open, q);
      return page(renderSearchPage(ctx, q, hits), { ...common, noindex: true });
    }
    if (first === 'feed.xml' && rest.length === 1) {
      const editions = await reader.latest(open, options.feedSize ?? DEFAULT_FEED_SIZE);
      const updated = later(editions[0]?.digest.createdAt, open.archive.createdAt)!;
      const body = renderAtomFeed(ctx, { channelId: open.channel.id, editions, updated, publicUrl: options.publicUrl });
      return { ...page(body, common), contentType: 'application/atom+xml; charset=utf-8', lastModified: later(updated, open.archive.updatedAt) };
    }
    if (first !== undefined && second === '' && rest.length === 2) {
      const edition = await reader.edition(open, first);
      if (edition === undefined) return notFound();
      return page(renderEditionPage(ctx, edition, tz), { ...common, lastModified: later(edition.digest.createdAt, open.archive.updatedAt) });
    }
    return notFound();
  };

  const get = async (path: string, query: URLSearchParams): Promise<SiteResponse> => {
    if (path === sitePaths.home) return page(renderHomePage(site, await reader.publicArchives()), { cache: 'public', noindex: false });
    const asset = ALL_ASSETS.find((a) => a.path === path);
    if (asset !== undefined) return { status: 200, contentType: asset.contentType, body: asset.body, lastModified: undefined, cache: 'immutable', noindex: false };
    const [top, key, ...rest] = path.split('/');
    if (top !== 'c' || key === undefined || rest.length === 0) return notFound();
    const open = await reader.open(key);
    return open === undefined ? notFound() : channelPage(open, rest, query);
  };

  return {
    root,
    get,
    notFound,
    async *files() {
      const none = new URLSearchParams();
      for (const path of [sitePaths.home, ...ALL_ASSETS.map((a) => a.path)]) yield { path, response: await get(path, none) };
      yield { path: sitePaths.notFound, response: notFound() };
      for (const open of await reader.reachable()) {
        const first = await reader.page(open, 1);
        for (let n = 1; n <= first!.pageCount; n++) {
          const path = sitePaths.indexPage(open.key, n);
          yield { path, response: await get(path, none) };
        }
        for await (const { slug } of reader.all(open)) {
          const path = sitePaths.edition(open.key, slug);
          yield { path, response: await get(path, none) };
        }
        for (const path of [sitePaths.search(open.key), sitePaths.feed(open.key)]) yield { path, response: await get(path, none) };
      }
    },
  };
}
