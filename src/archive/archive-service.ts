import type { Channel } from '../domain/channel.ts';
import type { Digest } from '../domain/digest.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { absoluteUrl, pieceAnchor, sitePaths } from './archive-paths.ts';
import { archiveKeyOf, newCapabilityToken, type ArchiveVisibility, type ChannelArchive } from './channel-archive.ts';
import { withSlugs } from './edition-urls.ts';

/** The archive use cases chat commands, the chat header and the CLI share. */
export interface ArchiveService {
  /** The configured public base URL (`web.publicUrl`), or null when links cannot be made. */
  readonly publicUrl: string | null;
  archiveOf(channel: Channel): Promise<ChannelArchive>;
  setVisibility(channel: Channel, visibility: ArchiveVisibility): Promise<ChannelArchive>;
  /** A new capability token: the old private address stops working at once. */
  rotate(channel: Channel): Promise<ChannelArchive>;
  /** The archive's address (site path, and absolute URL when a public URL is configured); null when it is off. */
  addressOf(archive: ChannelArchive): { path: string; url: string | null } | null;
  /** The absolute URL of a digest's page, when a public URL is configured and the archive is not off. */
  editionUrl(digest: Digest): Promise<string | undefined>;
  /** The edition URL with piece N's anchor. */
  pieceUrl(digest: Digest, position: number): Promise<string | undefined>;
}

export function createArchiveService(options: { store: Store; publicUrl: string | null; now: () => Date }): ArchiveService {
  const { store, publicUrl, now } = options;

  const archiveOf = (channel: Channel): Promise<ChannelArchive> => store.ensureArchive(channel.id, channel.settings.timezone, now());
  const archiveOfDigest = async (digest: Digest): Promise<ChannelArchive | undefined> => {
    const existing = await store.getArchive(digest.channelId);
    if (existing !== undefined) return existing;
    const channel = await store.getChannel(digest.channelId);
    return channel === undefined ? undefined : archiveOf(channel);
  };
  const mustExist = (archive: ChannelArchive | undefined, channel: Channel): ChannelArchive => {
    if (archive === undefined) throw new Error(`the archive of channel ${channel.id} vanished while it was being changed`);
    return archive;
  };
  const editionUrl = async (digest: Digest): Promise<string | undefined> => {
    if (publicUrl === null) return undefined;
    const archive = await archiveOfDigest(digest);
    const key = archive === undefined ? null : archiveKeyOf(archive);
    if (archive === undefined || key === null) return undefined;
    const [edition] = await withSlugs(store, archive, [digest]);
    return absoluteUrl(publicUrl, sitePaths.edition(key, edition!.slug));
  };

  return {
    publicUrl,
    archiveOf,
    async setVisibility(channel, visibility) {
      await archiveOf(channel);
      return mustExist(await store.setArchiveVisibility(channel.id, visibility, now()), channel);
    },
    async rotate(channel) {
      await archiveOf(channel);
      return mustExist(await store.rotateArchiveToken(channel.id, newCapabilityToken(), now()), channel);
    },
    addressOf(archive) {
      const key = archiveKeyOf(archive);
      if (key === null) return null;
      const path = sitePaths.channel(key);
      return { path, url: publicUrl === null ? null : absoluteUrl(publicUrl, path) };
    },
    editionUrl,
    async pieceUrl(digest, position) {
      const url = await editionUrl(digest);
      return url === undefined ? undefined : `${url}#${pieceAnchor(position)}`;
    },
  };
}

/** How a chat adapter learns the web page of the edition it posts: undefined when there is none to link. */
export type EditionLink = (digest: Digest) => Promise<string | undefined>;

/** The edition's link, or undefined when there is none or finding it failed: a missing link never stops a post. */
export async function editionLinkFor(link: EditionLink | undefined, digest: Digest, logger: Logger): Promise<string | undefined> {
  if (link === undefined) return undefined;
  try {
    return await link(digest);
  } catch (error) {
    logger.warn({ digestId: digest.id, err: error instanceof Error ? error.message : String(error) }, "could not find the edition's web page; posting the header without its link");
    return undefined;
  }
}
