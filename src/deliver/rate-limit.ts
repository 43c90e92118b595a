import type { DigestPoster } from './digest-poster.ts';

/** Grants requests at most `limit` per sliding `windowMs`. */
export interface RateLimiter {
  /** Resolves when one more request may go out now. */
  take(): Promise<void>;
}

/** A sliding-window limiter: the (limit+1)-th request waits until the oldest of the last `limit` leaves the window. */
export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number; sleep?: (ms: number) => Promise<void> }): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const granted: number[] = [];
  let chain: Promise<void> = Promise.resolve();
  const takeOne = async (): Promise<void> => {
    for (;;) {
      const t = now();
      while (granted.length > 0 && granted[0]! <= t - options.windowMs) granted.shift();
      if (granted.length < options.limit) {
        granted.push(t);
        return;
      }
      await sleep(granted[0]! + options.windowMs - t);
    }
  };
  return {
    // Takers queue in order, so a waiting request is never overtaken.
    take() {
      const turn = chain.then(takeOne);
      chain = turn.catch(() => undefined);
      return turn;
    },
  };
}

/**
 * Wraps a poster so every platform call first takes from the global limiter and the channel's own
 * limiter (e.g. Discord's 50 requests/s per bot; Slack's ~1 message/s per channel).
 */
export function rateLimitPoster(poster: DigestPoster, limits: {
  global?: RateLimiter;
  perChannel?: (channelId: string) => RateLimiter;
  /** False where opening a thread is no request (Slack: the thread is the header's ts). Default true. */
  threadIsRequest?: boolean;
}): DigestPoster {
  const gate = async (channelId: string): Promise<void> => {
    await limits.perChannel?.(channelId).take();
    await limits.global?.take();
  };
  return {
    platform: poster.platform,
    postHeader: async (c, d, s) => {
      await gate(c.channelId);
      return poster.postHeader(c, d, s);
    },
    openThread: async (c, h, d, s) => {
      if (limits.threadIsRequest !== false) await gate(c.channelId);
      return poster.openThread(c, h, d, s);
    },
    postPiece: async (c, t, d, p, s) => {
      await gate(c.channelId);
      return poster.postPiece(c, t, d, p, s);
    },
    postAlert: async (c, alert) => {
      await gate(c.channelId);
      return poster.postAlert(c, alert);
    },
  };
}

/** Per-channel limiters created on first use. */
export function perChannelLimiters(make: () => RateLimiter): (channelId: string) => RateLimiter {
  const limiters = new Map<string, RateLimiter>();
  return (channelId) => {
    let limiter = limiters.get(channelId);
    if (limiter === undefined) {
      limiter = make();
      limiters.set(channelId, limiter);
    }
    return limiter;
  };
}
