import type { Platform } from '../domain/channel.ts';

/** Where an event happened: a workspace, and the digest channel when the platform names it (Slack does; a Discord thread's parent is not in its events). */
export interface EventScope {
  platform: Platform;
  workspaceId: string;
  /** The platform's id of the digest channel, or undefined when the event does not say. */
  channelId?: string | undefined;
}

/** What an emoji means to the bot, as the adapter read its platform's emoji: a vote, a bookmark, or anything else. */
export type ReactionMeaning = 'up' | 'down' | 'save' | 'other';

/**
 * The platform-neutral events adapters pass on from a channel. The core keeps only those under the bot's own
 * digest messages (found through the delivery ledger); everything else is dropped unread.
 */
export type ThreadEvent =
  | {
    kind: 'message';
    scope: EventScope;
    messageId: string;
    /**
     * Platform message ids this message is under or names, most specific first: the message it replies to, messages
     * it links to, then its thread (a Discord thread's id is its header's; a Slack thread is its parent's ts).
     */
    refersTo: string[];
    authorId: string;
    authorName: string;
    /** Any bot, the digest bot included: their messages are never stored. */
    fromBot: boolean;
    /** The text as written (untrusted); empty when the platform withheld it (Discord without the message content intent). */
    text: string;
    permalink: string;
    at: Date;
    mentionsBot: boolean;
    /** True for an edit of a message sent earlier. */
    edited: boolean;
  }
  | { kind: 'deleted'; scope: EventScope; messageId: string }
  | {
    kind: 'reaction';
    scope: EventScope;
    /** The message reacted to. */
    messageId: string;
    memberId: string;
    /** The emoji as the platform names it (for counting reactions on replies). */
    emoji: string;
    meaning: ReactionMeaning;
    /** Added (true) or removed (false). */
    present: boolean;
    at: Date;
  };

/** The key of a member across platforms and workspaces (Slack user ids are per workspace). */
export function memberKeyOf(scope: Pick<EventScope, 'platform' | 'workspaceId'>, userId: string): string {
  return `${scope.platform}:${scope.workspaceId}:${userId}`;
}
