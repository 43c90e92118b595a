import type { Source } from '../domain/source.ts';
import type { LeaseStore } from '../store/ports/leases.ts';

/** The lease key of one source's ingest cycle. */
export const ingestLeaseKey = (sourceId: string): string => `ingest:${sourceId}`;

/** How long a source's ingest lease lasts: a little less than the cycle (a running cycle renews it). */
export const ingestLeaseTtlMs = (cycleMs: number): number => Math.max(1_000, Math.floor(cycleMs * 0.9));

/**
 * The sources this instance fetches this cycle: each is leased for a little less than the cycle, so
 * of several instances sharing a database one fetches a feed per cycle, and if that instance dies
 * another picks the feed up on its next cycle.
 */
export async function claimSourcesForCycle(options: { store: LeaseStore; sources: readonly Source[]; holder: string; now: Date; cycleMs: number }): Promise<Source[]> {
  const ttl = ingestLeaseTtlMs(options.cycleMs);
  const claimed: Source[] = [];
  for (const source of options.sources) {
    if (await options.store.tryAcquireLease(ingestLeaseKey(source.id), options.holder, ttl, options.now)) claimed.push(source);
  }
  return claimed;
}
