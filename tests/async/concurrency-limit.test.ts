import { describe, expect, it } from 'vitest';
import { createBudget, createConcurrencyLimit } from '../../src/async/concurrency-limit.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('a budget of unit weights (slots)', () => {
  it('hands out at most the limit, then the rest in arrival order as slots come back', async () => {
    const slots = createBudget(2);
    const order: string[] = [];
    const first = await slots.acquire(1);
    const second = await slots.acquire(1);
    const waiting = ['c', 'd'].map((name) => slots.acquire(1).then((release) => (order.push(name), release)));
    await tick();
    expect(order).toEqual([]);
    second();
    await tick();
    expect(order).toEqual(['c']);
    first();
    await tick();
    expect(order).toEqual(['c', 'd']);
    for (const release of await Promise.all(waiting)) release();
  });

  it('ignores a slot given back twice, which would otherwise let one more task in than the limit', async () => {
    const slots = createBudget(1);
    const release = await slots.acquire(1);
    release();
    release();
    const again = await slots.acquire(1);
    let third = false;
    void slots.acquire(1).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    again();
    await tick();
    expect(third).toBe(true);
  });

  it('refuses a limit that is not a positive integer', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) expect(() => createConcurrencyLimit(limit)).toThrow(RangeError);
  });
});

describe('the concurrency limit', () => {
  it('runs at most the limit of tasks at once and gives the slot back when a task fails', async () => {
    const limit = createConcurrencyLimit(2);
    let running = 0;
    let most = 0;
    const task = (fail: boolean) =>
      limit(async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
        if (fail) throw new Error('failed');
        return 'ok';
      });
    const results = await Promise.allSettled([task(true), task(false), task(true), task(false), task(false)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(most).toBe(2);
  });
});

describe('a budget', () => {
  it('admits weights while they fit, in arrival order, and a weight past the whole budget alone', async () => {
    const budget = createBudget(10);
    const admitted: string[] = [];
    const take = (name: string, weight: number) => budget.acquire(weight).then((release) => (admitted.push(name), release));
    const a = await take('a', 6);
    const b = await take('b', 4);
    const c = take('c', 3);
    // Arrival order holds: d fits beside a and b no more than c does, and waits behind it.
    const d = take('d', 0.5);
    await tick();
    expect(admitted).toEqual(['a', 'b']);
    b();
    await tick();
    expect(admitted).toEqual(['a', 'b', 'c', 'd']);
    a();
    (await c)();
    (await d)();
    const huge = await take('huge', 25);
    const after = take('after', 1);
    await tick();
    expect(admitted.at(-1)).toBe('huge');
    huge();
    huge();
    (await after)();
    expect(admitted.at(-1)).toBe('after');
    expect(() => createBudget(0)).toThrow(RangeError);
  });
});
