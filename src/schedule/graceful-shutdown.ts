import type { Logger } from '../log/logger.ts';

/** Work the process has started and should let finish before it stops (deliveries, ingest cycles). */
export interface InFlight {
  /** Registers a promise until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  readonly size: number;
  /** Resolves when everything tracked now has settled. */
  settled(): Promise<void>;
}

export function createInFlight(): InFlight {
  const running = new Set<Promise<unknown>>();
  return {
    track(work) {
      running.add(work);
      const forget = () => {
        running.delete(work);
      };
      work.then(forget, forget);
      return work;
    },
    get size() {
      return running.size;
    },
    async settled() {
      await Promise.allSettled([...running]);
    },
  };
}

export interface GracefulShutdownOptions {
  inFlight: InFlight;
  /** Stop taking new work: scheduler, timers, health "stopping". */
  stopIntake: () => Promise<void>;
  /** Release everything once in-flight work is done or the grace period ran out: adapters, store, servers. */
  release: () => Promise<void>;
  graceMs: number;
  logger: Logger;
  /** Exits the process at once (second signal). */
  exitNow: () => void;
  /** Waits `ms`; injectable so tests need no real time. */
  wait?: (ms: number) => Promise<void>;
}

/**
 * The signal handler of `digest run`: the first signal stops intake, lets in-flight work finish for
 * up to `graceMs`, then releases resources and resolves `done`. A second signal exits at once; the
 * delivery ledger makes that safe (unfinished deliveries resume on the next start).
 */
export function createGracefulShutdown(options: GracefulShutdownOptions): { signal(name: string): void; readonly done: Promise<{ drained: boolean }> } {
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  let started = false;
  let finish!: (result: { drained: boolean }) => void;
  const done = new Promise<{ drained: boolean }>((resolve) => {
    finish = resolve;
  });
  const run = async (name: string) => {
    options.logger.info({ signal: name, inFlight: options.inFlight.size }, 'shutting down: no new work; finishing the current deliveries (signal again to exit at once)');
    await options.stopIntake();
    const drained = await Promise.race([options.inFlight.settled().then(() => true), wait(options.graceMs).then(() => false)]);
    if (!drained) options.logger.warn({ inFlight: options.inFlight.size }, 'work still running at shutdown; unfinished deliveries resume on the next start');
    await options.release();
    finish({ drained });
  };
  return {
    done,
    signal(name) {
      if (started) {
        options.logger.warn({ signal: name }, 'second signal: exiting now; unfinished deliveries resume on the next start');
        options.exitNow();
        return;
      }
      started = true;
      run(name).catch((error: unknown) => {
        options.logger.error({ err: String(error) }, 'shutdown failed');
        finish({ drained: false });
      });
    },
  };
}
