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

/** A shutdown over `inFlight` with a 30 s grace, writing each of its steps to `events`. */
function recordedShutdown(inFlight: ReturnType<typeof createInFlight>, events: string[], wait: (ms: number) => Promise<void>) {
  return createGracefulShutdown({
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
    wait,
  });
}

describe('createGracefulShutdown', () => {
  it('stops intake, waits for in-flight deliveries, then releases', async () => {
    const inFlight = createInFlight();
    const events: string[] = [];
    const delivery = deferred();
    void inFlight.track(delivery.promise.then(() => events.push('delivery finished')));
    // The grace period never runs out in this test.
    const shutdown = recordedShutdown(inFlight, events, () => new Promise(() => undefined));
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
    const shutdown = recordedShutdown(inFlight, events, (ms) => {
      events.push(`grace ${ms}`);
      return grace.promise;
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
