import type { Signals, Timers } from './runtime-ports.ts';

/** Node's timers: what `digest run` uses; tests pass their own. */
export const realTimers: Timers = {
  every(ms, task) {
    const handle = setInterval(task, ms);
    return { cancel: () => clearInterval(handle) };
  },
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()),
};

/** This process's signals. */
export const processSignals: Signals = {
  on(signal, handler) {
    process.on(signal, handler);
  },
};
