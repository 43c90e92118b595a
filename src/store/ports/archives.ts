import type { ArchiveVisibility, ChannelArchive } from '../../archive/channel-archive.ts';

/** When an edition was made: all an edition's URL is derived from (see src/archive/edition-slugs.ts). */
export interface DigestStamp {
  id: string;
  createdAt: Date;
}

/**
 * The web archive's own storage: each channel's visibility and capability token, and the few digest
 * queries the archive pages need beyond DigestStore's. Both backends pass its contract (tests/store/contract/archives.ts).
 */
export interface ArchiveStore {
  /** The channel's archive, created private with a fresh token (and `timeZone` for its URLs) on first sight. */
  ensureArchive(channelId: string, timeZone: string, now: Date): Promise<ChannelArchive>;
  getArchive(channelId: string): Promise<ChannelArchive | undefined>;
  setArchiveVisibility(channelId: string, visibility: ArchiveVisibility, now: Date): Promise<ChannelArchive | undefined>;
  /** Replaces the capability token; the old one stops working at once. */
  rotateArchiveToken(channelId: string, token: string, now: Date): Promise<ChannelArchive | undefined>;
  /**
   * The archive reachable under `key` right now: a private archive by its token, an unlisted or public
   * one by its slug. Undefined for anything else (a rotated token, an archive that is off, a slug of a
   * private archive), so a caller cannot tell those cases apart.
   */
  findArchiveByKey(key: string): Promise<ChannelArchive | undefined>;
  /** Archives with one of these visibilities, oldest first. */
  listArchives(visibilities: readonly ArchiveVisibility[]): Promise<ChannelArchive[]>;
  countDigests(channelId: string): Promise<number>;
  /** Ids and creation times of the channel's digests made in [from, to), oldest first. */
  listDigestStamps(channelId: string, range?: { from: Date; to: Date }): Promise<DigestStamp[]>;
}
