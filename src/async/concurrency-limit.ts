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

/**
 * A FIFO budget of `capacity` units (bytes, say) that tasks take a weight of: a task waits until its weight fits
 * beside what is taken, in arrival order, and one heavier than the whole budget runs alone rather than never.
 */
export interface Budget {
  acquire(weight: number): Promise<Release>;
}

export function createBudget(capacity: number): Budget {
  if (!(capacity > 0)) throw new RangeError(`budget capacity must be positive, got ${capacity}`);
  let taken = 0;
  let holders = 0;
  const waiting: { weight: number; admit: () => void }[] = [];
  const fits = (weight: number): boolean => holders === 0 || taken + weight <= capacity;
  const admitWaiting = (): void => {
    while (waiting.length > 0 && fits(waiting[0]!.weight)) waiting.shift()!.admit();
  };
  const take = (weight: number): Release => {
    taken += weight;
    holders += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      taken -= weight;
      holders -= 1;
      admitWaiting();
    };
  };
  return {
    async acquire(weight) {
      const w = Math.max(0, weight);
      if (waiting.length === 0 && fits(w)) return take(w);
      return new Promise<Release>((resolve) => waiting.push({ weight: w, admit: () => resolve(take(w)) }));
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
