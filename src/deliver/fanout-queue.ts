/** Runs deliveries for many channels at once, within a platform's limits. */
export interface FanoutQueue {
  /**
   * Queues a job for a channel. Jobs of different channels run in parallel (up to the queue's
   * concurrency); jobs of one channel run one after another. Rejects only with the job's own error.
   */
  run<T>(channelKey: string, job: () => Promise<T>): Promise<T>;
  /** Jobs waiting or running. */
  readonly size: number;
  /** Resolves when nothing is queued or running (used at shutdown). */
  idle(): Promise<void>;
}

/**
 * A per-platform fan-out queue. Channels are served in arrival order; a channel whose job is slow or
 * failing holds one of `concurrency` slots, never more, so the others go on past it.
 */
export function createFanoutQueue(options: { concurrency: number }): FanoutQueue {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const waiting: { channelKey: string; start: () => void }[] = [];
  const busyChannels = new Set<string>();
  let running = 0;
  let size = 0;
  let idleWaiters: (() => void)[] = [];

  const pump = (): void => {
    for (let i = 0; i < waiting.length && running < concurrency;) {
      const next = waiting[i]!;
      if (busyChannels.has(next.channelKey)) {
        i += 1;
        continue;
      }
      waiting.splice(i, 1);
      busyChannels.add(next.channelKey);
      running += 1;
      next.start();
    }
    if (size === 0) {
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    }
  };

  return {
    run(channelKey, job) {
      size += 1;
      return new Promise((resolve, reject) => {
        waiting.push({
          channelKey,
          start: () => {
            job().then(resolve, reject).finally(() => {
              busyChannels.delete(channelKey);
              running -= 1;
              size -= 1;
              pump();
            });
          },
        });
        pump();
      });
    },
    get size() {
      return size;
    },
    idle() {
      if (size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

/**
 * Channels posted in parallel per platform. Discord: discord.js queues per route and for the 50/s
 * global limit, so a modest number in flight keeps the pipe full. Slack: the limit is ~1 message/s
 * per channel, so many channels may post at once.
 */
export const FANOUT_CONCURRENCY = { discord: 16, slack: 50, console: 1 } as const;
