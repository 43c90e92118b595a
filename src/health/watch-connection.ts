import type { Logger } from '../log/logger.ts';

/** Runs `tick` every `ms` until the returned function is called; injected so tests drive it without real time. */
export type Every = (ms: number, tick: () => void) => () => void;

const realEvery: Every = (ms, tick) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** How often a connected platform's own view of its connection is read. */
export const CONNECTION_WATCH_MS = 5_000;

/**
 * Watches a connected platform after start-up (its SDK reconnects by itself, silently) and logs one line when the
 * connection drops and one when it is back — a state change, never an attempt. Returns the stop function.
 */
export function watchConnection(options: { label: string; read: () => { ok: boolean; detail: string }; logger: Logger; every?: Every; now?: () => number; intervalMs?: number }): () => void {
  const now = options.now ?? Date.now;
  let up = options.read().ok;
  let downSince = up ? undefined : now();
  return (options.every ?? realEvery)(options.intervalMs ?? CONNECTION_WATCH_MS, () => {
    const status = options.read();
    if (status.ok === up) return;
    up = status.ok;
    if (!up) {
      downSince = now();
      options.logger.warn({ detail: status.detail }, `${options.label} connection lost (${status.detail}); its client is reconnecting, /healthz answers 503 until it is back`);
    } else {
      const seconds = Math.round((now() - (downSince ?? now())) / 1000);
      options.logger.info({ detail: status.detail, unavailableSeconds: seconds }, `${options.label} connection is back after ${seconds} s (${status.detail})`);
    }
  });
}
