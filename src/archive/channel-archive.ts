import { randomBytes } from 'node:crypto';

/**
 * Who can read a channel's web archive:
 * - `private` (the default): only under a capability URL carrying an unguessable token, rotatable;
 * - `unlisted`: at a stable address derived from the channel, listed nowhere and marked noindex;
 * - `public`: at that stable address and listed on the site's home page;
 * - `off`: no pages at all.
 */
export type ArchiveVisibility = 'private' | 'unlisted' | 'public' | 'off';

export const ARCHIVE_VISIBILITIES: readonly ArchiveVisibility[] = ['private', 'unlisted', 'public', 'off'];

/** A channel's archive settings as stored. */
export interface ChannelArchive {
  channelId: string;
  visibility: ArchiveVisibility;
  /** The capability token of the private address; replaced by a rotation. */
  token: string;
  /** The stable, non-secret path segment of the unlisted and public address. */
  slug: string;
  /** The timezone edition dates in URLs are read in, fixed when the archive was created so URLs never move. */
  timeZone: string;
  createdAt: Date;
  updatedAt: Date;
}

/** 144 random bits as 24 base64url characters: unguessable, and safe in a path segment. */
export function newCapabilityToken(): string {
  return randomBytes(18).toString('base64url');
}

/** `discord-123-456` for `discord:123:456`: readable, stable, and only [A-Za-z0-9_-] so it is a safe path segment. */
export function publicSlugOf(channelId: string): string {
  return channelId.split(':').map((part) => part.replace(/[^A-Za-z0-9_-]/g, '_')).join('-');
}

/** The path segment a channel's archive is reachable under right now, or null when it is off. */
export function archiveKeyOf(archive: ChannelArchive): string | null {
  if (archive.visibility === 'off') return null;
  return archive.visibility === 'private' ? archive.token : archive.slug;
}

/** What a path segment can look like: anything else is refused before a lookup. */
export const ARCHIVE_KEY_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;
