import type { ExcerptReason } from './full-text-report.ts';

/** What one source may spend in one ingest cycle (config `ingest.sourceCycle*`, `fullTextPerCycle`, `pageMaxBytes`). */
export interface SourceBudgetLimits {
  /** Wall time of the whole cycle, feed included. */
  timeMs: number;
  /** Bytes of the whole cycle, feed included. */
  bytes: number;
  /** Article-page requests. */
  fetches: number;
  /** Bytes read of one page; past it the page is cut. */
  pageMaxBytes: number;
  /** Total timeout of one request. */
  requestTimeoutMs: number;
}

/** A page request's share of the budget, held from its start to its end. */
export interface PageAllowance {
  maxBytes: number;
  timeoutMs: number;
  /** True when the source's remaining time, not the request timeout, set `timeoutMs`. */
  timeCutByBudget: boolean;
  /** Hands back what the request did not use. */
  settle(bytesRead: number): void;
}

/** Bytes below which a page request is not worth starting. */
const MIN_PAGE_BYTES = 16 * 1024;

/**
 * One source's cycle budget. Page requests take a fetch from it when they are queued (so a feed of 130 items
 * queues no more than the budget allows) and bytes and time when they start; parallel requests never overspend,
 * because each holds its byte share until it ends.
 */
export interface SourceBudget {
  /** Takes one page fetch, or says why not. */
  takeFetch(): ExcerptReason | null;
  /** Gives back a fetch taken but not used (the page turned out to be cached). */
  returnFetch(): void;
  /** Starts a request: its byte cap and timeout, or why it may not start. */
  startRequest(): PageAllowance | ExcerptReason;
  /** Milliseconds left (never negative). */
  remainingMs(): number;
  /** What was spent so far. */
  spent(): { bytes: number; fetches: number; ms: number };
}

export function createSourceBudget(limits: SourceBudgetLimits, clock: { now: () => Date; startedAt: Date; feedBytes?: number }): SourceBudget {
  const start = clock.startedAt.getTime();
  let fetches = 0;
  let bytes = clock.feedBytes ?? 0;
  let held = 0;
  const elapsed = (): number => clock.now().getTime() - start;
  const remainingMs = (): number => Math.max(0, limits.timeMs - elapsed());
  return {
    takeFetch() {
      if (remainingMs() === 0) return 'time-budget';
      if (fetches >= limits.fetches) return 'fetch-budget';
      fetches++;
      return null;
    },
    returnFetch() {
      fetches = Math.max(0, fetches - 1);
    },
    startRequest() {
      const left = remainingMs();
      if (left === 0) return 'time-budget';
      const free = limits.bytes - bytes - held;
      if (free < MIN_PAGE_BYTES) return 'byte-budget';
      const share = Math.min(limits.pageMaxBytes, free);
      held += share;
      let settled = false;
      return {
        maxBytes: share,
        timeoutMs: Math.max(1, Math.min(limits.requestTimeoutMs, left)),
        timeCutByBudget: left < limits.requestTimeoutMs,
        settle(bytesRead) {
          if (settled) return;
          settled = true;
          held -= share;
          bytes += Math.min(bytesRead, share);
        },
      };
    },
    remainingMs,
    spent: () => ({ bytes, fetches, ms: elapsed() }),
  };
}
