/** Serialises requests per host, spaces them out, and caps how many run at once overall. */
export interface HostPoliteness {
  /** Runs `task` when its host is free, the host's minimum interval has passed, and a global slot is open. */
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
}

export interface HostPolitenessOptions {
  /** Minimum gap between the end of one request to a host and the start of the next. */
  perHostIntervalMs: number;
  /** Requests in flight at once, over all hosts. */
  concurrency: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

/** Creates the politeness gate shared by feed and article fetches of one ingest run. */
export function createHostPoliteness(options: HostPolitenessOptions): HostPoliteness {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const clock = options.clock ?? (() => Date.now());
  const tails = new Map<string, Promise<unknown>>();
  const lastEnd = new Map<string, number>();
  let active = 0;
  const waiting: (() => void)[] = [];

  async function acquire(): Promise<void> {
    if (active < options.concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  function release(): void {
    const next = waiting.shift();
    if (next) next(); // hand the slot over without decrementing
    else active--;
  }

  return {
    run<T>(host: string, task: () => Promise<T>): Promise<T> {
      const key = host.toLowerCase();
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.catch(() => undefined).then(async () => {
        const gap = (lastEnd.get(key) ?? -Infinity) + options.perHostIntervalMs - clock();
        if (gap > 0) await sleep(gap);
        await acquire();
        try {
          return await task();
        } finally {
          release();
          lastEnd.set(key, clock());
        }
      });
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
