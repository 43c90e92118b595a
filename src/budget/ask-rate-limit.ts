/** Why a question was held back: which limit, and when the next one is allowed. */
export type RateDecision = { ok: true; release(): void } | { ok: false; scope: 'member' | 'channel'; limit: number; retryAt: Date };

export interface AskRateLimiter {
  /** Takes one question from both the member's and the channel's allowance, or neither. */
  take(keys: { member: string; channel: string }): RateDecision;
}

/** Keys tracked at most per scope; the stalest are forgotten first (they could only have freed up anyway). */
const MAX_KEYS = 10_000;

/**
 * Sliding-window limits on questions that need the LLM, per member and per channel. Counted in this process:
 * a chat platform delivers each command to one instance, and the monthly budget (counted in the database)
 * bounds the cost across instances in any case. `release` gives a slot back when the call did not happen.
 */
export function createAskRateLimiter(options: { perMember: number; perChannel: number; windowMs: number; now: () => Date }): AskRateLimiter {
  const windows = { member: new Map<string, number[]>(), channel: new Map<string, number[]>() };
  const recent = (scope: 'member' | 'channel', key: string, at: number): number[] => {
    const map = windows[scope];
    const times = (map.get(key) ?? []).filter((t) => t > at - options.windowMs);
    map.delete(key);
    if (times.length > 0) map.set(key, times);
    while (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
    return times;
  };
  return {
    take({ member, channel }) {
      const at = options.now().getTime();
      const limits = { member: options.perMember, channel: options.perChannel } as const;
      for (const [scope, key] of [['member', member], ['channel', channel]] as const) {
        const times = recent(scope, key, at);
        if (times.length >= limits[scope]) return { ok: false, scope, limit: limits[scope], retryAt: new Date(times[0]! + options.windowMs) };
      }
      for (const [scope, key] of [['member', member], ['channel', channel]] as const) windows[scope].set(key, [...(windows[scope].get(key) ?? []), at]);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          for (const [scope, key] of [['member', member], ['channel', channel]] as const) {
            const times = windows[scope].get(key);
            const i = times?.lastIndexOf(at) ?? -1;
            if (times !== undefined && i !== -1) times.splice(i, 1);
          }
        },
      };
    },
  };
}
