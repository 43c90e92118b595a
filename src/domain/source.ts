/** A feed the bot reads: its identity, the admin's choices for it, and its fetch state. */
export interface Source {
  /** Short stable id an admin can type (`/digest sources remove 3f9a12bc`). */
  id: string;
  /** http(s) URL, `file:` URL or local path. */
  url: string;
  /** Display name, e.g. "AI Alignment Forum"; the feed's own title when the admin gave none. */
  name: string;
  /** Selection weight; 1 is neutral. */
  weight: number;
  /** Fetch the article page when an item carries only an excerpt. */
  fullText: boolean;
  paused: boolean;
  createdAt: Date;
  fetchState: SourceFetchState;
}

/** What the last fetches of a source left behind, so the next one can be conditional and polite. */
export interface SourceFetchState {
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: Date | null;
  lastSuccessAt: Date | null;
  /** Earliest time the host asked us to come back (429/503 Retry-After). */
  retryAfter: Date | null;
  consecutiveFailures: number;
  /** Set after `ingest.failingAfter` consecutive failures; cleared by the next success. */
  failing: boolean;
  lastError: string | null;
  /** What article pages did in the last cycle that wanted them, when worth an admin's eye (bot walls, spent budgets); else null. */
  fullTextNote: string | null;
}

export interface NewSource {
  url: string;
  name: string;
  weight?: number;
  fullText?: boolean;
  paused?: boolean;
}

export type SourcePatch = Partial<Pick<Source, 'name' | 'weight' | 'fullText' | 'paused'>> & {
  fetchState?: Partial<SourceFetchState>;
};

/** One fetch attempt of one source, as `digest ingest` reports it and the fetch log keeps it. */
export interface FetchRecord {
  sourceId: string;
  at: Date;
  /** HTTP status, 0 for a network error, 200 for a local file. */
  status: number;
  outcome: 'fetched' | 'not-modified' | 'failed' | 'skipped';
  durationMs: number;
  bytes: number;
  newItems: number;
  seenItems: number;
  error: string | null;
}
