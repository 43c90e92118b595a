import type { Logger } from '../log/logger.ts';
import { PlatformConnectError } from './platform-error.ts';

/** Capped exponential backoff: initial, ×factor per failed attempt, never more than max. */
export interface Backoff {
  initialMs: number;
  factor: number;
  maxMs: number;
}
export const CONNECT_BACKOFF: Backoff = { initialMs: 1_000, factor: 2, maxMs: 60_000 };

/** The delay before attempt `attempt + 1`, after `attempt` failures (1-based). */
export function backoffDelay(policy: Backoff, attempt: number): number {
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt - 1));
}

/** What /healthz shows for a platform while it connects. */
export interface ConnectStatus {
  ok: boolean;
  detail: string;
  kind?: string;
  [field: string]: unknown;
}

export interface ConnectWithRetryOptions<T> {
  /** "Slack", "Discord": how log lines name it. */
  label: string;
  /** One attempt; throws PlatformConnectError (retryable or not). Any other error is a bug and is rethrown. */
  connect: () => Promise<T>;
  logger: Logger;
  /** Every state change, for the status registry. */
  onStatus?: (status: ConnectStatus) => void;
  policy?: Backoff;
  /** Waits `ms`, rejecting when `signal` aborts; injected so tests run without real time. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Aborting stops the retries (shutdown): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Connects, retrying transient failures (unreachable, 5xx, 429) with capped exponential backoff until it works or the
 * signal aborts. Logs one line per state change — the first failure, a change of cause, the recovery — not one per
 * attempt; a failure retrying cannot fix (a rejected token) is thrown at once.
 */
export async function connectWithRetry<T>(options: ConnectWithRetryOptions<T>): Promise<T> {
  const { label, logger } = options;
  const policy = options.policy ?? CONNECT_BACKOFF;
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  let failures = 0;
  let lastKind: string | undefined;
  let downSince: number | undefined;
  options.onStatus?.({ ok: false, detail: 'connecting' });
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const connected = await options.connect();
      if (failures > 0) {
        const seconds = Math.round((now() - (downSince ?? now())) / 1000);
        logger.info({ attempts: failures + 1, unavailableSeconds: seconds }, `${label} is reachable again: connected after ${failures + 1} attempts (${seconds} s)`);
      }
      options.onStatus?.({ ok: true, detail: 'connected' });
      return connected;
    } catch (error) {
      if (!(error instanceof PlatformConnectError) || !error.retryable) throw error;
      failures += 1;
      downSince ??= now();
      const delay = Math.max(backoffDelay(policy, failures), (error.retryAfterSeconds ?? 0) * 1000);
      if (error.kind !== lastKind) {
        lastKind = error.kind;
        logger.warn({ code: error.code, kind: error.kind, reason: error.reason, retryInSeconds: delay / 1000 },
          `${error.message} — retrying with backoff (${policy.initialMs / 1000} s doubling to at most ${policy.maxMs / 1000} s); /healthz answers 503 until it connects`);
      }
      options.onStatus?.({ ok: false, kind: error.kind, detail: `${error.message}; attempt ${failures} failed, next in ${Math.round(delay / 1000)} s` });
      await sleep(delay, options.signal);
    }
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
