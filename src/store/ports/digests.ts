import type { Digest } from '../../domain/digest.ts';

/** A hit of `/digest search`: which digest and which piece in it. */
export interface DigestSearchHit {
  digestId: string;
  digestCreatedAt: Date;
  position: number;
  title: string;
  sourceName: string;
  url: string;
  /** Backend-specific relevance; higher is better. */
  rank: number;
}

/** Digests as they were built, per channel, with full-text search. */
export interface DigestStore {
  /** Saves the digest and its pieces in one transaction. */
  saveDigest(digest: Digest): Promise<void>;
  getDigest(id: string): Promise<Digest | undefined>;
  /** The newest digest saved for an edition of the channel (the resume's way to a digest its delivery does not name). */
  findDigestByEdition(channelId: string, edition: string): Promise<Digest | undefined>;
  /** The channel's digests, newest first; `offset` 1 is "previous". */
  listDigests(channelId: string, options?: { limit?: number; offset?: number }): Promise<Digest[]>;
  /** Ids of every piece that appeared in a digest of this channel. */
  digestedPieceIds(channelId: string): Promise<Set<string>>;
  /** Full-text search over the titles and summaries of this channel's digests (FTS5 / tsvector). */
  searchDigests(channelId: string, query: string, limit: number): Promise<DigestSearchHit[]>;
}
