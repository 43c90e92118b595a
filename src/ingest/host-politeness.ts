/** Which kind of request a task is: feeds go before article pages, and pages never take every slot. */
export type RequestLane = 'feed' | 'page';

/** Serialises requests per host, spaces them out, and caps how many run at once overall. */
export interface HostPoliteness {
  /**
   * Runs `task` when its host is free, the host's minimum interval has passed, and a global slot is open.
   * A feed waiting for a host goes before the article pages waiting for it. A task whose `signal` aborts before
   * its turn leaves the queue at once, failing with the signal's reason.
   */
  run<T>(host: string, task: () => Promise<T>, lane?: RequestLane, signal?: AbortSignal): Promise<T>;
}

export interface HostPolitenessOptions {
  /** Minimum gap between the end of one request to a host and the start of the next. */
  perHostIntervalMs: number;
  /** Requests in flight at once, over all hosts. */
  concurrency: number;
  /**
   * Article-page requests in flight at once, over all hosts (default: all but one of `concurrency`), so a source
   * with many slow pages never holds every slot while the next source's feed waits.
   */
  pageConcurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

interface Waiter {
  lane: RequestLane;
  start: () => void;
}
interface HostState {
  busy: boolean;
  lastEnd: number;
  queue: Waiter[];
}

/** Creates the politeness gate shared by feed and article fetches of one ingest run. */
export function createHostPoliteness(options: HostPolitenessOptions): HostPoliteness {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const clock = options.clock ?? (() => Date.now());
  const pageLimit = Math.max(1, Math.min(options.pageConcurrency ?? options.concurrency - 1, options.concurrency));
  const hosts = new Map<string, HostState>();
  const active = { all: 0, page: 0 };
  const slotWaiters: Waiter[] = [];

  /** Feeds go ahead of pages in a queue; within a lane, first come first served. */
  function enqueue(queue: Waiter[], waiter: Waiter): void {
    if (waiter.lane === 'page') queue.push(waiter);
    else {
      const firstPage = queue.findIndex((w) => w.lane === 'page');
      queue.splice(firstPage === -1 ? queue.length : firstPage, 0, waiter);
    }
  }
  const fits = (lane: RequestLane): boolean => active.all < options.concurrency && (lane === 'feed' || active.page < pageLimit);
  function take(lane: RequestLane): void {
    active.all++;
    if (lane === 'page') active.page++;
  }
  function acquire(lane: RequestLane): Promise<void> {
    if (fits(lane)) {
      take(lane);
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => enqueue(slotWaiters, { lane, start: resolve }));
  }
  function release(lane: RequestLane): void {
    active.all--;
    if (lane === 'page') active.page--;
    const next = slotWaiters.findIndex((w) => fits(w.lane));
    if (next === -1) return;
    const [waiter] = slotWaiters.splice(next, 1);
    take(waiter!.lane);
    waiter!.start();
  }

  function pump(key: string): void {
    const state = hosts.get(key);
    if (!state || state.busy) return;
    const waiter = state.queue.shift();
    if (!waiter) return;
    state.busy = true;
    waiter.start();
  }

  return {
    run<T>(host: string, task: () => Promise<T>, lane: RequestLane = 'feed', signal?: AbortSignal): Promise<T> {
      const key = host.toLowerCase();
      let state = hosts.get(key);
      if (!state) {
        state = { busy: false, lastEnd: -Infinity, queue: [] };
        hosts.set(key, state);
      }
      const hostState = state;
      const reason = (): Error => (signal?.reason instanceof Error ? signal.reason : new Error('cancelled'));
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) {
          reject(reason());
          return;
        }
        const waiter: Waiter = {
          lane,
          start: () => {
            signal?.removeEventListener('abort', leave);
            void (async () => {
              let requested = false;
              try {
                const gap = hostState.lastEnd + options.perHostIntervalMs - clock();
                if (gap > 0 && !signal?.aborted) await sleep(gap);
                if (signal?.aborted) throw reason();
                await acquire(lane);
                try {
                  if (signal?.aborted) throw reason();
                  requested = true;
                  resolve(await task());
                } finally {
                  release(lane);
                }
              } catch (error) {
                reject(error);
              } finally {
                // The interval runs from the end of a request; a task cancelled before it sent one leaves none.
                if (requested) hostState.lastEnd = clock();
                hostState.busy = false;
                pump(key);
              }
            })();
          },
        };
        const leave = (): void => {
          const at = hostState.queue.indexOf(waiter);
          if (at === -1) return;
          hostState.queue.splice(at, 1);
          reject(reason());
        };
        signal?.addEventListener('abort', leave, { once: true });
        enqueue(hostState.queue, waiter);
        pump(key);
      });
    },
  };
}
