import type { RunCoordinator } from 'node-cron';
import type { Channel } from '../domain/channel.ts';
import type { LeaseStore } from '../store/ports/leases.ts';

/** How long a slot's lease lasts: long enough to build and post one digest, short enough to take a dead instance's slot over. */
export const SLOT_LEASE_MS = 5 * 60_000;

/** The lease key of one channel's slot; the same string node-cron builds (`<task name>:<slot ISO>`), prefixed. */
export const slotLeaseKey = (channelId: string, slot: Date): string => `cron:${channelId}:${slot.toISOString()}`;

export interface SlotRunner {
  /** node-cron's `runCoordinator` (with `distributed: true`): one instance per (channel, slot) is elected. */
  readonly coordinator: RunCoordinator;
  /** Runs a slot outside node-cron (catch-up), elected by the same lease; false when another instance has it. */
  run(channel: Channel, slot: Date): Promise<boolean>;
}

/**
 * Elects one instance per slot through a lease in the store, so several instances sharing a database
 * build each digest once (summaries cost LLM calls). The delivery ledger's claim still guarantees a
 * single post if a lease is ever lost; the lease saves the duplicate work. The lease is not released
 * after the run, so an instance whose clock fires late does not run the slot again.
 */
export function createSlotRunner(options: {
  store: LeaseStore;
  holder: string;
  now: () => Date;
  deliver: (channel: Channel, slot: Date) => Promise<unknown>;
  leaseMs?: number;
}): SlotRunner {
  const leaseMs = options.leaseMs ?? SLOT_LEASE_MS;
  const acquire = (key: string, ttlMs: number) => options.store.tryAcquireLease(key, options.holder, ttlMs, options.now());
  return {
    coordinator: { shouldRun: (key, ttlMs) => acquire(`cron:${key}`, ttlMs > 0 ? ttlMs : leaseMs) },
    async run(channel, slot) {
      if (!(await acquire(slotLeaseKey(channel.id, slot), leaseMs))) return false;
      await options.deliver(channel, slot);
      return true;
    },
  };
}
