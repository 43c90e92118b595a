import type { FetchRecord, NewSource, Source, SourcePatch } from '../../domain/source.ts';

/** Feeds: one row per URL, with its fetch state and fetch log. Shared by every channel that reads the URL. */
export interface SourceStore {
  /** Adds a source, or returns the existing one with the same URL unchanged. */
  addSource(input: NewSource): Promise<{ source: Source; created: boolean }>;
  getSource(id: string): Promise<Source | undefined>;
  getSourceByUrl(url: string): Promise<Source | undefined>;
  listSources(): Promise<Source[]>;
  updateSource(id: string, patch: SourcePatch): Promise<Source | undefined>;
  /** Removes the source and its channel subscriptions; pieces already ingested stay. */
  removeSource(id: string): Promise<boolean>;
  /** Appends to the fetch log. Callers update fetch state with updateSource. */
  recordFetch(record: FetchRecord): Promise<void>;
  /** Newest first. */
  listFetches(sourceId: string, limit: number): Promise<FetchRecord[]>;

  // --- channel subscriptions
  subscribe(channelId: string, sourceId: string): Promise<void>;
  unsubscribe(channelId: string, sourceId: string): Promise<boolean>;
  listChannelSources(channelId: string): Promise<Source[]>;
}
