import { describe, expect, it } from 'vitest';
import { createHostPoliteness } from '../../src/ingest/host-politeness.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createHostPoliteness', () => {
  it('runs one request at a time per host and caps the global concurrency', async () => {
    const gate = createHostPoliteness({ perHostIntervalMs: 0, concurrency: 2 });
    const active = new Map<string, number>();
    let global = 0;
    let maxGlobal = 0;
    let maxPerHost = 0;
    const task = (host: string) => async () => {
      active.set(host, (active.get(host) ?? 0) + 1);
      global++;
      maxGlobal = Math.max(maxGlobal, global);
      maxPerHost = Math.max(maxPerHost, active.get(host)!);
      await new Promise((r) => setTimeout(r, 2));
      active.set(host, active.get(host)! - 1);
      global--;
      return host;
    };
    const hosts = ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'a'];
    const results = await Promise.all(hosts.map((h) => gate.run(h, task(h))));
    expect(results).toEqual(hosts);
    expect(maxPerHost).toBe(1);
    expect(maxGlobal).toBe(2);
  });

  it('waits the minimum interval between requests to one host (fake clock)', async () => {
    let clock = 1000;
    const sleeps: number[] = [];
    const gate = createHostPoliteness({
      perHostIntervalMs: 500,
      concurrency: 4,
      clock: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    await gate.run('h', async () => {
      clock += 100;
    });
    await gate.run('h', async () => undefined);
    await gate.run('other', async () => undefined);
    expect(sleeps).toEqual([500]);
  });

  it('keeps going after a failed task', async () => {
    const gate = createHostPoliteness({ perHostIntervalMs: 0, concurrency: 1 });
    const blocker = deferred();
    const first = gate.run('h', async () => {
      await blocker.promise;
      throw new Error('boom');
    });
    const second = gate.run('h', async () => 'ok');
    blocker.resolve();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
  });
});

describe('lanes', () => {
  it('lets a feed waiting for a host go before the article pages already queued for it', async () => {
    const gate = createHostPoliteness({ perHostIntervalMs: 0, concurrency: 4 });
    const order: string[] = [];
    const blocker = deferred();
    const first = gate.run('h', async () => {
      await blocker.promise;
      order.push('page 1');
    }, 'page');
    const pages = [2, 3].map((n) =>
      gate.run('h', async () => {
        order.push(`page ${n}`);
      }, 'page')
    );
    const feed = gate.run('h', async () => {
      order.push('feed');
    }, 'feed');
    blocker.resolve();
    await Promise.all([first, ...pages, feed]);
    expect(order).toEqual(['page 1', 'feed', 'page 2', 'page 3']);
  });

  it("never gives article pages every slot, so another host's feed starts while pages hang", async () => {
    const gate = createHostPoliteness({ perHostIntervalMs: 0, concurrency: 3, pageConcurrency: 2 });
    const hang = deferred();
    let pagesStarted = 0;
    const pages = ['a', 'b', 'c', 'd'].map((h) =>
      gate.run(h, async () => {
        pagesStarted++;
        await hang.promise;
      }, 'page')
    );
    await gate.run('feeds.example', async () => undefined, 'feed');
    expect(pagesStarted).toBe(2);
    hang.resolve();
    await Promise.all(pages);
    expect(pagesStarted).toBe(4);
  });
});
