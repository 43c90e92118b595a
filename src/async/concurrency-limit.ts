/** Runs at most `limit` tasks at a time; the rest wait in arrival order. */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/** Gives a slot back; calling it again does nothing. */
export type Release = () => void;

/** `limit` slots taken in arrival order: for work whose slot is given back before the task as a whole ends. */
export interface Slots {
  acquire(): Promise<Release>;
}

/** A small FIFO semaphore. */
export function createSlots(limit: number): Slots {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  const releaser = (): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      if (next === undefined) active -= 1;
      else next();
    };
  };
  return {
    async acquire() {
      if (active < limit) active += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      return releaser();
    },
  };
}

/** Tasks through `limit` slots, so a digest of many pieces never floods the LLM server. */
export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  const slots = createSlots(limit);
  return async <T>(task: () => Promise<T>): Promise<T> => {
    const release = await slots.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  };
}
