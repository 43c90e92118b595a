import type { Channel } from '../domain/channel.ts';
import type { Digest } from '../domain/digest.ts';
import type { DigestSearchHit, Store } from '../store/store.ts';
import { ARCHIVE_KEY_PATTERN, archiveKeyOf, type ChannelArchive } from './channel-archive.ts';
import { dateOfEditionSlug, editionSlugs } from './edition-slugs.ts';
import { withDiscussions } from '../discussion/archive-discussions.ts';
import { stampsOfDay, withSlugs, type ArchiveEdition } from './edition-urls.ts';

/** A channel's archive opened by the key in a URL: what every page of that channel is rendered from. */
export interface OpenArchive {
  archive: ChannelArchive;
  /** The path segment it was reached under (its token or its slug). */
  key: string;
  channel: Channel;
}

export interface EditionsPage {
  editions: ArchiveEdition[];
  page: number;
  pageCount: number;
  total: number;
}

export interface ArchiveSearchHit extends DigestSearchHit {
  slug: string;
  /** The title of the edition the piece was in. */
  editionTitle: string;
}

/** A public archive as the site's home page lists it. */
export interface PublicArchive {
  open: OpenArchive;
  latest: ArchiveEdition | undefined;
  total: number;
}

/** Longest search query taken from a URL; longer text is cut, not refused. */
export const MAX_QUERY_LENGTH = 200;
/** Search hits shown on one page. */
export const SEARCH_LIMIT = 50;

export interface ArchiveReader {
  readonly pageSize: number;
  /** The archive reachable under `key`, or undefined (unknown, rotated, off: indistinguishable). */
  open(key: string): Promise<OpenArchive | undefined>;
  /** Page `page` (1 = newest) of the channel's editions; undefined past the last page. */
  page(open: OpenArchive, page: number): Promise<EditionsPage | undefined>;
  edition(open: OpenArchive, slug: string): Promise<ArchiveEdition | undefined>;
  search(open: OpenArchive, query: string): Promise<ArchiveSearchHit[]>;
  /** The newest `limit` editions, for the Atom feed. */
  latest(open: OpenArchive, limit: number): Promise<ArchiveEdition[]>;
  /** Every edition, newest first, a page at a time (for the static build). */
  all(open: OpenArchive): AsyncGenerator<ArchiveEdition>;
  /** Archives whose admins made them public; no other archive is ever listed. */
  publicArchives(): Promise<PublicArchive[]>;
  /** Every archive reachable right now, for the static build. */
  reachable(): Promise<OpenArchive[]>;
}

/** Reads what the archive pages show, and only what the visibility rules let through. */
export function createArchiveReader(store: Store, options: { pageSize: number }): ArchiveReader {
  const { pageSize } = options;

  const openArchive = async (archive: ChannelArchive): Promise<OpenArchive | undefined> => {
    const key = archiveKeyOf(archive);
    const channel = await store.getChannel(archive.channelId);
    return key === null || channel === undefined ? undefined : { archive, key, channel };
  };
  const page = async (open: OpenArchive, n: number): Promise<EditionsPage | undefined> => {
    const total = await store.countDigests(open.channel.id);
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    if (!Number.isInteger(n) || n < 1 || n > pageCount) return undefined;
    const digests = await store.listDigests(open.channel.id, { limit: pageSize, offset: (n - 1) * pageSize });
    return { editions: await withSlugs(store, open.archive, digests), page: n, pageCount, total };
  };
  const fullDigests = async (ids: string[]): Promise<Digest[]> => {
    const digests = await Promise.all(ids.map((id) => store.getDigest(id)));
    return digests.filter((d): d is Digest => d !== undefined);
  };

  return {
    pageSize,
    async open(key) {
      if (!ARCHIVE_KEY_PATTERN.test(key)) return undefined;
      const archive = await store.findArchiveByKey(key);
      return archive === undefined ? undefined : openArchive(archive);
    },
    page,
    async edition(open, slug) {
      const date = dateOfEditionSlug(slug);
      if (date === undefined) return undefined;
      const slugs = editionSlugs(await stampsOfDay(store, open.archive, date), open.archive.timeZone);
      const id = [...slugs].find(([, s]) => s === slug)?.[0];
      const digest = id === undefined ? undefined : await store.getDigest(id);
      return digest === undefined || digest.channelId !== open.channel.id ? undefined : withDiscussions(store, { digest, slug });
    },
    async search(open, query) {
      const text = query.trim().slice(0, MAX_QUERY_LENGTH);
      if (text === '') return [];
      const hits = await store.searchDigests(open.channel.id, text, SEARCH_LIMIT);
      const digests = await fullDigests([...new Set(hits.map((h) => h.digestId))]);
      const editions = new Map((await withSlugs(store, open.archive, digests)).map((e) => [e.digest.id, e]));
      return hits.flatMap((hit) => {
        const edition = editions.get(hit.digestId);
        return edition === undefined ? [] : [{ ...hit, slug: edition.slug, editionTitle: edition.digest.title }];
      });
    },
    async latest(open, limit) {
      const digests = await store.listDigests(open.channel.id, { limit });
      return withSlugs(store, open.archive, digests);
    },
    async *all(open) {
      const total = await store.countDigests(open.channel.id);
      for (let offset = 0; offset < total; offset += pageSize) {
        const digests = await store.listDigests(open.channel.id, { limit: pageSize, offset });
        for (const edition of await withSlugs(store, open.archive, digests)) yield await withDiscussions(store, edition);
      }
    },
    async publicArchives() {
      const listed: PublicArchive[] = [];
      for (const archive of await store.listArchives(['public'])) {
        const open = await openArchive(archive);
        if (open === undefined) continue;
        const first = await page(open, 1);
        listed.push({ open, latest: first?.editions[0], total: first?.total ?? 0 });
      }
      return listed;
    },
    async reachable() {
      const archives = await store.listArchives(['private', 'unlisted', 'public']);
      const opened = await Promise.all(archives.map(openArchive));
      return opened.filter((o): o is OpenArchive => o !== undefined);
    },
  };
}
