import { z } from 'zod';
import type { ChannelRef, Platform } from '../domain/channel.ts';
import type { PostedMessage, PostingStep } from '../deliver/digest-poster.ts';

/**
 * A reply the bot posts under a digest (a discussion digest, an answer), platform-neutral: its structure is the
 * bot's, every text in it may be a reader's. Adapters escape every text and check every link when they render it.
 */
export type ReplyInline = string | { strong: string } | { link: string; label: string } | { quote: string };

export type ReplyBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'line'; parts: ReplyInline[] }
  | { kind: 'bullet'; parts: ReplyInline[] }
  /** Small print: how it was made, what was left out. */
  | { kind: 'note'; text: string };

export interface ThreadReply {
  blocks: ReplyBlock[];
  /** The whole reply as plain text (notifications, platforms' fallback text, the console). */
  text: string;
}

/** Where a reply goes: the digest's thread (or, where no thread could be made, the channel), under a message. */
export interface ReplyTarget {
  /** Discord thread channel id or Slack parent ts; the header's id when `fallback`. */
  threadId: string;
  /** True when the digest's pieces went to the channel because a thread could not be created. */
  fallback: boolean;
  /** The message replied to (a piece message, a member's question), or null. */
  replyTo: string | null;
}

/** A member of a workspace, for a direct message. */
export interface MemberRef {
  workspaceId: string;
  userId: string;
}

/**
 * What an adapter implements to post under a digest. `postReply` is one ledger step: the same `step.key` on every
 * attempt, so a step the platform accepted but the bot did not record is found rather than posted again.
 */
export interface ThreadReplyPoster {
  readonly platform: Platform;
  postReply(channel: ChannelRef, target: ReplyTarget, reply: ThreadReply, step: PostingStep): Promise<PostedMessage[]>;
  /** A copy for one member in a direct message; 'not-allowed' when the platform or the member does not allow it. */
  sendDirect(member: MemberRef, reply: ThreadReply): Promise<'sent' | 'not-allowed'>;
}

/** The plain text of inline parts. */
export function inlineText(parts: readonly ReplyInline[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : 'strong' in p ? p.strong : 'quote' in p ? `“${p.quote}”` : `${p.label} (${p.link})`)).join('');
}

/** Builds a reply from its blocks, with the plain text derived from them. */
export function threadReply(blocks: ReplyBlock[]): ThreadReply {
  const text = blocks.map((b) => (b.kind === 'heading' || b.kind === 'note' ? b.text : b.kind === 'bullet' ? `• ${inlineText(b.parts)}` : inlineText(b.parts))).join('\n');
  return { blocks, text };
}

const inlineSchema = z.union([z.string(), z.object({ strong: z.string() }), z.object({ link: z.string(), label: z.string() }), z.object({ quote: z.string() })]);
const replySchema = z.object({
  blocks: z.array(z.union([
    z.object({ kind: z.literal('heading'), text: z.string() }),
    z.object({ kind: z.literal('line'), parts: z.array(inlineSchema) }),
    z.object({ kind: z.literal('bullet'), parts: z.array(inlineSchema) }),
    z.object({ kind: z.literal('note'), text: z.string() }),
  ])),
  text: z.string(),
});

/** A reply read back from the store, or undefined when it is not one (an older or damaged row). */
export function parseThreadReply(value: unknown): ThreadReply | undefined {
  const parsed = replySchema.safeParse(value);
  return parsed.success ? (parsed.data as ThreadReply) : undefined;
}
