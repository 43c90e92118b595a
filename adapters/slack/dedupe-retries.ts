import type { SlashCommand } from '@slack/bolt';

export interface RetryGuardOptions {
  /** How long an invocation is remembered; Slack retries within minutes. Default 10 minutes. */
  ttlMs?: number;
  now?: () => number;
  /**
   * Claims an invocation across every instance sharing the database (true for the first claimant), so a retry
   * that a load balancer sends to another instance while the first still runs is not run twice. Optional: a
   * single instance needs only the in-process memory.
   */
  claimShared?: (key: string, ttlMs: number) => Promise<boolean>;
}

/** Decides whether a slash-command request is the first delivery of its invocation. */
export interface RetryGuard {
  /**
   * True exactly once per invocation: for the first copy that reaches the bot, whether or not Slack marked it as a
   * retry (X-Slack-Retry-Num): when the original never arrived, the retry is the only copy and must run. False for
   * a repeat of a key seen within the TTL (a retry of a request still running, a retry that lost its header, or a
   * socket redelivery).
   */
  firstDelivery(input: { retryNum: number | undefined; key: string }): Promise<boolean>;
}

/**
 * Slack re-sends a request when it did not see the ack in time. Usually the first copy is still running, and
 * acting on the retry would post twice; but when the first copy was lost on the way, dropping every marked retry
 * would lose the command. So the invocation itself (its trigger id) is remembered, not the header.
 */
export function createRetryGuard(options: RetryGuardOptions = {}): RetryGuard {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  return {
    async firstDelivery({ key }) {
      const at = now();
      for (const [k, expires] of seen) {
        // Insertion order is expiry order, so the scan stops at the first live key.
        if (expires > at) break;
        seen.delete(k);
      }
      if (seen.has(key)) return false;
      seen.set(key, at + ttlMs);
      return options.claimShared === undefined ? true : options.claimShared(key, ttlMs);
    },
  };
}

/** What identifies one slash-command invocation: the trigger id is unique per keystroke of Enter. */
export function slashCommandKey(command: Pick<SlashCommand, 'team_id' | 'channel_id' | 'user_id' | 'command' | 'text' | 'trigger_id'>): string {
  return JSON.stringify([command.team_id, command.channel_id, command.user_id, command.command, command.text, command.trigger_id]);
}
