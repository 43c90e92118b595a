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
      perHostIntervalMs: 500, concurrency: 4, clock: () => clock,
      sleep: async (ms) => { sleeps.push(ms); clock += ms; },
    });
    await gate.run('h', async () => { clock += 100; });
    await gate.run('h', async () => undefined);
    await gate.run('other', async () => undefined);
    expect(sleeps).toEqual([500]);
  });

  it('keeps going after a failed task', async () => {
    const gate = createHostPoliteness({ perHostIntervalMs: 0, concurrency: 1 });
    const blocker = deferred();
    const first = gate.run('h', async () => { await blocker.promise; throw new Error('boom'); });
    const second = gate.run('h', async () => 'ok');
    blocker.resolve();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
  });
});
