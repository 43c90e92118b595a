/** Runs at most `limit` tasks at a time; the rest wait in arrival order. */
export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

/** Gives a share of a budget back; calling it again does nothing. */
export type Release = () => void;

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

/** Tasks through `limit` slots (a budget of `limit`, a task weighing one), so a digest of many pieces never floods the LLM server. */
export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  const slots = createBudget(limit);
  return async <T>(task: () => Promise<T>): Promise<T> => {
    const release = await slots.acquire(1);
    try {
      return await task();
    } finally {
      release();
    }
  };
}
