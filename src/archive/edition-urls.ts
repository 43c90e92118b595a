import type { Digest } from '../domain/digest.ts';
import type { ThreadReply } from '../discussion/thread-reply.ts';
import type { ArchiveStore } from '../store/ports/archives.ts';
import type { ChannelArchive } from './channel-archive.ts';
import { dayWindow, daysWindow, editionSlugs, localIsoDate } from './edition-slugs.ts';

/** A digest with the path segment of its page. */
export interface ArchiveEdition {
  digest: Digest;
  slug: string;
  /** What readers said, as posted under each piece (reader discussion), by piece position. */
  discussions?: ReadonlyMap<number, ThreadReply>;
}

/** Pairs each digest of one channel with its slug, reading only the stamps of the days concerned. */
export async function withSlugs(store: Pick<ArchiveStore, 'listDigestStamps'>, archive: ChannelArchive, digests: readonly Digest[]): Promise<ArchiveEdition[]> {
  const window = daysWindow(digests.map((d) => localIsoDate(d.createdAt, archive.timeZone)));
  if (window === undefined) return [];
  const stamps = await store.listDigestStamps(archive.channelId, window);
  // A digest being posted may not be saved yet: it still gets the slug it will have.
  for (const d of digests) if (!stamps.some((s) => s.id === d.id)) stamps.push({ id: d.id, createdAt: d.createdAt });
  const slugs = editionSlugs(stamps, archive.timeZone);
  return digests.map((digest) => ({ digest, slug: slugs.get(digest.id)! }));
}

/** The stamps of one local day, for finding the edition a slug names. */
export function stampsOfDay(store: Pick<ArchiveStore, 'listDigestStamps'>, archive: ChannelArchive, isoDate: string) {
  return store.listDigestStamps(archive.channelId, dayWindow(isoDate));
}
