import type { FetchRecord, NewSource, Source, SourcePatch } from '../../domain/source.ts';

/**
 * Feeds: one row per URL, with its fetch state and fetch log, shared by every channel that reads the URL. A feed
 * row is never deleted by a channel leaving it, so a feed added again keeps its id and its pieces. Its `paused`
 * and `fullText` are kept by the subscription store (docs/adr/0007-subscriptions-and-ownership.md): paused when no channel reads it
 * actively, full text when any channel reading it actively wants full text.
 */
export interface SourceStore {
  /** Adds a source, or returns the existing one with the same URL unchanged. */
  addSource(input: NewSource): Promise<{ source: Source; created: boolean }>;
  getSource(id: string): Promise<Source | undefined>;
  getSourceByUrl(url: string): Promise<Source | undefined>;
  listSources(): Promise<Source[]>;
  updateSource(id: string, patch: SourcePatch): Promise<Source | undefined>;
  /** Appends to the fetch log. Callers update fetch state with updateSource. */
  recordFetch(record: FetchRecord): Promise<void>;
  /** Newest first. */
  listFetches(sourceId: string, limit: number): Promise<FetchRecord[]>;
}
