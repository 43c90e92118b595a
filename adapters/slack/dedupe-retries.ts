import type { SlashCommand } from '@slack/bolt';

export interface RetryGuardOptions {
  /** How long an invocation is remembered; Slack retries within minutes. Default 10 minutes. */
  ttlMs?: number;
  now?: () => number;
}

/** Decides whether a slash-command request is the first delivery of its invocation. */
export interface RetryGuard {
  /**
   * True exactly once per invocation: false for a request Slack marked as a retry (X-Slack-Retry-Num)
   * and for a repeat of a key seen within the TTL (a retry that lost its header, or a socket redelivery).
   */
  firstDelivery(input: { retryNum: number | undefined; key: string }): boolean;
}

/**
 * Slack re-sends a request when it did not see the ack in time; the first copy is usually still running,
 * so acting on the retry would post twice. Retries are acked and dropped.
 */
export function createRetryGuard(options: RetryGuardOptions = {}): RetryGuard {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  return {
    firstDelivery({ retryNum, key }) {
      const at = now();
      for (const [k, expires] of seen) {
        // Insertion order is expiry order, so the scan stops at the first live key.
        if (expires > at) break;
        seen.delete(k);
      }
      const repeat = seen.has(key);
      if (!repeat) seen.set(key, at + ttlMs);
      return !repeat && (retryNum === undefined || retryNum === 0);
    },
  };
}

/** What identifies one slash-command invocation: the trigger id is unique per keystroke of Enter. */
export function slashCommandKey(command: Pick<SlashCommand, 'team_id' | 'channel_id' | 'user_id' | 'command' | 'text' | 'trigger_id'>): string {
  return JSON.stringify([command.team_id, command.channel_id, command.user_id, command.command, command.text, command.trigger_id]);
}
