import { partKey, type PostingStep } from '../../src/deliver/digest-poster.ts';
import type { ReplyTarget, ThreadReply, ThreadReplyPoster } from '../../src/discussion/thread-reply.ts';

/** A reply the in-memory platform accepted. */
export interface RecordedReply {
  id: string;
  channelId: string;
  target: ReplyTarget;
  text: string;
  key: string;
}

/**
 * A platform in memory for replies under a digest. Like the real adapters, a resumed step whose key it already
 * accepted returns that message instead of posting again. `failNext` makes the next post fail before the platform
 * accepts it; `hangAfterAccept` accepts it and never answers (the process is killed while waiting).
 */
export function createRecordingReplyPoster(options: { parts?: number } = {}) {
  const replies: RecordedReply[] = [];
  const direct: { userId: string; text: string }[] = [];
  const steps: PostingStep[] = [];
  let next = 1;
  let failNext: Error | undefined;
  let hangAfterAccept: (() => void) | undefined;
  const poster: ThreadReplyPoster = {
    platform: 'discord',
    async postReply(channel, target, reply: ThreadReply, step) {
      steps.push(step);
      if (failNext !== undefined) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
      const posted = Array.from({ length: options.parts ?? 1 }, (_, k) => {
        const key = partKey(step, k + 1);
        const existing = step.resumed ? replies.find((r) => r.key === key) : undefined;
        if (existing !== undefined) return { id: existing.id };
        const message = { id: `r${next++}`, channelId: channel.channelId, target, text: reply.text, key };
        replies.push(message);
        return { id: message.id };
      });
      if (hangAfterAccept !== undefined) {
        hangAfterAccept();
        hangAfterAccept = undefined;
        return new Promise<never>(() => undefined);
      }
      return posted;
    },
    async sendDirect(member, reply) {
      direct.push({ userId: member.userId, text: reply.text });
      return 'sent';
    },
  };
  return {
    poster,
    replies,
    direct,
    steps,
    failNext(error: Error) {
      failNext = error;
    },
    /** Resolves once the platform has accepted the post it will never answer. */
    hangAfterAccept(): Promise<void> {
      return new Promise<void>((resolve) => {
        hangAfterAccept = resolve;
      });
    },
  };
}
