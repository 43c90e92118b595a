/** One research piece (a post, paper or article), normalised from a feed item. */
export interface Piece {
  /** Stable id derived from the first source and the item's guid. */
  id: string;
  /** The source it was first seen in. Other sources carrying it are occurrences. */
  sourceId: string;
  guid: string;
  /** The link as published. */
  url: string;
  /** Tracking parameters and fragment dropped, host lower-cased; used for dedupe. */
  canonicalUrl: string;
  title: string;
  authors: string[];
  publishedAt: Date;
  /** True when the feed gave no usable date and `publishedAt` is the fetch time. */
  publishedAtEstimated: boolean;
  fetchedAt: Date;
  /** Plain text, sanitised. */
  contentText: string;
  /** Safe HTML (no scripts, styles, event handlers or remote embeds). */
  contentHtml: string;
  wordCount: number;
  /** sha256 of the normalised text; keys the summary cache. */
  contentHash: string;
  /** MinHash signature of title and text shingles, for cross-feed near-duplicate detection. */
  signature: number[];
  fullTextFetched: boolean;
  updatedAt: Date;
}

/** A place a piece was seen: its first source, and every crosspost folded into it by dedupe. */
export interface PieceOccurrence {
  pieceId: string;
  sourceId: string;
  guid: string;
  canonicalUrl: string;
  firstSeenAt: Date;
  /** How it was matched to the piece: 'original' for the first sighting. */
  matchedBy: 'original' | 'guid' | 'canonical-url' | 'content-hash' | 'near-duplicate';
  similarity: number | null;
}

/** What near-duplicate matching needs of a piece: which it is, whose, and its MinHash signature. */
export type PieceSignature = Pick<Piece, 'id' | 'sourceId' | 'signature'>;
