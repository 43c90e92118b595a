import { describe, expect, it } from 'vitest';
import { createFanoutQueue } from '../../src/deliver/fanout-queue.ts';
import { createRateLimiter } from '../../src/deliver/rate-limit.ts';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('createFanoutQueue', () => {
  it('runs channels in parallel up to the concurrency, and one channel’s jobs one at a time', async () => {
    const queue = createFanoutQueue({ concurrency: 2 });
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const job = (name: string) => () => {
      started.push(name);
      const gate = deferred();
      gates.set(name, gate);
      return gate.promise.then(() => name);
    };
    const results = [queue.run('a', job('a1')), queue.run('a', job('a2')), queue.run('b', job('b1')), queue.run('c', job('c1'))];
    await flush();
    expect(started).toEqual(['a1', 'b1']);
    expect(queue.size).toBe(4);
    gates.get('a1')!.resolve();
    await flush();
    // a2 waited for a1; with a slot free, the first runnable job in arrival order starts.
    expect(started).toEqual(['a1', 'b1', 'a2']);
    gates.get('b1')!.resolve();
    await flush();
    expect(started).toEqual(['a1', 'b1', 'a2', 'c1']);
    gates.get('a2')!.resolve();
    gates.get('c1')!.resolve();
    expect(await Promise.all(results)).toEqual(['a1', 'a2', 'b1', 'c1']);
    await queue.idle();
    expect(queue.size).toBe(0);
  });

  it('lets a failing channel fail alone and a stuck channel hold only its own slot', async () => {
    const queue = createFanoutQueue({ concurrency: 3 });
    const stuck = deferred();
    const stuckRun = queue.run('stuck', () => stuck.promise);
    const failing = queue.run('failing', async () => {
      throw new Error('Missing Access');
    });
    const others = Array.from({ length: 20 }, (_, i) => queue.run(`ch${i}`, async () => i));
    await expect(failing).rejects.toThrow('Missing Access');
    expect(await Promise.all(others)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(queue.size).toBe(1);
    stuck.resolve();
    await stuckRun;
    await queue.idle();
  });
});

describe('createRateLimiter', () => {
  it('grants `limit` per sliding window and queues the rest in order', async () => {
    let t = 0;
    const sleeps: number[] = [];
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000, now: () => t, sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    } });
    const grants: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map(async () => {
      await limiter.take();
      grants.push(t);
    }));
    expect(grants).toEqual([0, 0, 1000, 1000, 2000]);
    expect(sleeps).toEqual([1000, 1000]);
  });
});
