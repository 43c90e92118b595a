import type { Source } from '../domain/source.ts';
import type { Logger } from '../log/logger.ts';
import { ingestLeaseKey } from '../schedule/claim-sources.ts';
import type { Store } from '../store/store.ts';

/** The lease a cycle holds on each source it ingests, so instances sharing a database never overlap on one. */
export interface CycleLease {
  /** This instance's lease holder id. */
  holder: string;
  /** How long a claim lasts; the cycle renews it every third of this while it runs. */
  ttlMs: number;
  /** Schedules the renewals (tests drive them by hand); returns a function that stops them. */
  every?: (ms: number, renew: () => Promise<void>) => () => void;
}

/** A source's cycle that may run: call `leave` when it ends, however it ends. */
export interface EnteredCycle {
  /** Renews the lease now: false when it went to another instance (the cycle must not save what it read). */
  confirm(): Promise<boolean>;
  leave(): void;
}

/** Sources whose cycle is running, per store: one process never runs two cycles of a source at once. */
const running = new WeakMap<Store, Set<string>>();

const defaultEvery = (ms: number, renew: () => Promise<void>): () => void => {
  const timer = setInterval(() => void renew(), ms);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * Lets a source's cycle start only when its previous cycle has ended, in this process (single flight) and, with a
 * lease, on every instance sharing the store: the cycle takes (or renews) the source's ingest lease and keeps
 * renewing it while it runs, so a cycle that outlasts the interval still holds the source when the next one comes.
 * Returns why it may not run otherwise. `onLost` is called if a renewal finds the lease taken (a stalled cycle).
 */
export async function enterSourceCycle(source: Source, deps: {
  store: Store;
  now: () => Date;
  logger: Logger;
  lease?: CycleLease;
  onLost: (message: string) => void;
}): Promise<EnteredCycle | { skipped: string }> {
  const mine = running.get(deps.store) ?? new Set<string>();
  running.set(deps.store, mine);
  if (mine.has(source.id)) return { skipped: 'its previous cycle is still running' };
  mine.add(source.id);
  const lease = deps.lease;
  if (!lease) return { confirm: async () => true, leave: () => void mine.delete(source.id) };
  const key = ingestLeaseKey(source.id);
  let held: boolean;
  try {
    held = await deps.store.tryAcquireLease(key, lease.holder, lease.ttlMs, deps.now());
  } catch (error) {
    mine.delete(source.id);
    throw error;
  }
  if (!held) {
    mine.delete(source.id);
    return { skipped: 'another instance is ingesting it' };
  }
  let ended = false;
  const stop = (lease.every ?? defaultEvery)(Math.max(1, Math.floor(lease.ttlMs / 3)), async () => {
    if (ended) return;
    await deps.store.tryAcquireLease(key, lease.holder, lease.ttlMs, deps.now()).then((renewed) => {
      if (renewed || ended) return;
      deps.logger.warn({ sourceId: source.id, holder: lease.holder }, 'source lease went to another instance mid-cycle; stopping its page work');
      deps.onLost('the lease on this source went to another instance');
    }, (error: unknown) => deps.logger.warn({ sourceId: source.id, err: error instanceof Error ? error.message : String(error) }, 'could not renew the source lease'));
  });
  return {
    confirm: () => deps.store.tryAcquireLease(key, lease.holder, lease.ttlMs, deps.now()),
    leave() {
      ended = true;
      stop();
      mine.delete(source.id);
    },
  };
}
