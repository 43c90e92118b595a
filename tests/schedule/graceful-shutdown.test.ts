import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.ts';
import { createGracefulShutdown, createInFlight } from '../../src/schedule/graceful-shutdown.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('createGracefulShutdown', () => {
  it('stops intake, waits for in-flight deliveries, then releases', async () => {
    const inFlight = createInFlight();
    const events: string[] = [];
    const delivery = deferred();
    void inFlight.track(delivery.promise.then(() => events.push('delivery finished')));
    const shutdown = createGracefulShutdown({
      inFlight,
      graceMs: 30_000,
      logger: silentLogger(),
      exitNow: () => events.push('exit'),
      stopIntake: async () => {
        events.push('intake stopped');
      },
      release: async () => {
        events.push('released');
      },
      wait: () => new Promise(() => undefined), // the grace period never runs out in this test
    });
    shutdown.signal('SIGTERM');
    await flush();
    expect(events).toEqual(['intake stopped']);
    expect(inFlight.size).toBe(1);
    delivery.resolve();
    expect(await shutdown.done).toEqual({ drained: true });
    expect(events).toEqual(['intake stopped', 'delivery finished', 'released']);
  });

  it('releases after the grace period when a delivery hangs, and a second signal exits at once', async () => {
    const inFlight = createInFlight();
    void inFlight.track(new Promise(() => undefined));
    const grace = deferred();
    const events: string[] = [];
    const shutdown = createGracefulShutdown({
      inFlight,
      graceMs: 30_000,
      logger: silentLogger(),
      exitNow: () => events.push('exit'),
      stopIntake: async () => {
        events.push('intake stopped');
      },
      release: async () => {
        events.push('released');
      },
      wait: (ms) => {
        events.push(`grace ${ms}`);
        return grace.promise;
      },
    });
    shutdown.signal('SIGINT');
    await flush();
    shutdown.signal('SIGINT');
    expect(events).toEqual(['intake stopped', 'grace 30000', 'exit']);
    grace.resolve();
    expect(await shutdown.done).toEqual({ drained: false });
    expect(events.at(-1)).toBe('released');
  });
});
