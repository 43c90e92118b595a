import { Events, GatewayIntentBits, type Client } from 'discord.js';
import type { ReactionMeaning, ThreadEvent } from '../../src/discussion/thread-events.ts';
import type { Logger } from '../../src/log/logger.ts';

/** What reading the discussion under digests takes: messages in guild channels and threads, their text, reactions. */
export const DISCUSSION_INTENTS: readonly GatewayIntentBits[] = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.MessageContent];
/**
 * Without the privileged Message Content intent (not enabled in the Developer Portal), Discord still sends messages
 * but with their text withheld unless they mention the bot: the bot then sees mentions and reactions only.
 */
export const WITHOUT_MESSAGE_CONTENT: readonly GatewayIntentBits[] = DISCUSSION_INTENTS.filter((i) => i !== GatewayIntentBits.MessageContent);

/** Skin tones and the emoji presentation selector do not change what a 👍 means. */
const MODIFIERS = /\u{FE0F}|[\u{1F3FB}-\u{1F3FF}]/gu;

/** 👍 a vote for, 👎 against, 🔖 a bookmark; custom emoji and anything else only count as engagement. */
export function discordReactionMeaning(emoji: { id?: string | null; name?: string | null }): ReactionMeaning {
  if (emoji.id !== null && emoji.id !== undefined) return 'other';
  switch ((emoji.name ?? '').replace(MODIFIERS, '')) {
    case '👍':
      return 'up';
    case '👎':
      return 'down';
    case '🔖':
      return 'save';
    default:
      return 'other';
  }
}

interface RawUser {
  id?: string;
  username?: string;
  global_name?: string | null;
  bot?: boolean;
}
interface RawMessage {
  id?: string;
  channel_id?: string;
  guild_id?: string;
  content?: string;
  timestamp?: string;
  edited_timestamp?: string | null;
  author?: RawUser;
  member?: { nick?: string | null };
  mentions?: RawUser[];
  webhook_id?: string;
  message_reference?: { message_id?: string };
}
interface RawReaction {
  user_id?: string;
  channel_id?: string;
  message_id?: string;
  guild_id?: string;
  emoji?: { id?: string | null; name?: string | null };
}

/** Message ids of links to messages of the same guild in the text (`https://discord.com/channels/<guild>/<channel>/<message>`). */
function linkedMessages(text: string, guildId: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(/https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/channels\/(\d+)\/\d+\/(\d+)/g)) if (match[1] === guildId) ids.push(match[2]!);
  return ids;
}

/** A gateway dispatch as a thread event, or null for anything the discussion does not read (DMs, other events). */
export function toThreadEvent(packet: { t?: string | null; d?: unknown }, botUserId: string | undefined): ThreadEvent | null {
  switch (packet.t) {
    case 'MESSAGE_CREATE':
    case 'MESSAGE_UPDATE': {
      const d = (packet.d ?? {}) as RawMessage;
      // An update without content is an embed unfurling, not an edit; a DM has no guild.
      if (d.id === undefined || d.channel_id === undefined || d.guild_id === undefined || d.author?.id === undefined || typeof d.content !== 'string') return null;
      const edited = packet.t === 'MESSAGE_UPDATE';
      const at = Date.parse((edited ? d.edited_timestamp : d.timestamp) ?? '');
      return {
        kind: 'message',
        scope: { platform: 'discord', workspaceId: d.guild_id },
        messageId: d.id,
        // The message it replies to, messages it links to, then where it is: a thread's id is its header's.
        refersTo: [...new Set([...(d.message_reference?.message_id === undefined ? [] : [d.message_reference.message_id]), ...linkedMessages(d.content, d.guild_id), d.channel_id])],
        authorId: d.author.id,
        authorName: d.member?.nick ?? d.author.global_name ?? d.author.username ?? d.author.id,
        fromBot: d.author.bot === true || d.webhook_id !== undefined || d.author.id === botUserId,
        text: d.content,
        permalink: `https://discord.com/channels/${d.guild_id}/${d.channel_id}/${d.id}`,
        at: Number.isFinite(at) ? new Date(at) : new Date(),
        mentionsBot: botUserId !== undefined && (d.mentions ?? []).some((u) => u.id === botUserId),
        edited,
      };
    }
    case 'MESSAGE_DELETE': {
      const d = (packet.d ?? {}) as RawMessage;
      if (d.id === undefined || d.guild_id === undefined) return null;
      return { kind: 'deleted', scope: { platform: 'discord', workspaceId: d.guild_id }, messageId: d.id };
    }
    case 'MESSAGE_REACTION_ADD':
    case 'MESSAGE_REACTION_REMOVE': {
      const d = (packet.d ?? {}) as RawReaction;
      if (d.user_id === undefined || d.message_id === undefined || d.guild_id === undefined || d.user_id === botUserId) return null;
      const emoji = d.emoji ?? {};
      return {
        kind: 'reaction',
        scope: { platform: 'discord', workspaceId: d.guild_id },
        messageId: d.message_id,
        memberId: d.user_id,
        emoji: emoji.id === null || emoji.id === undefined ? (emoji.name ?? '?') : `<:${emoji.name ?? ''}:${emoji.id}>`,
        meaning: discordReactionMeaning(emoji),
        present: packet.t === 'MESSAGE_REACTION_ADD',
        at: new Date(),
      };
    }
    default:
      return null;
  }
}

/**
 * Reads messages and reactions from the gateway's raw dispatches (so threads and messages need not be in
 * discord.js's caches, which lose threads after a restart or once archived) and hands them on in order.
 */
export function attachThreadEvents(client: Client, options: { onEvent: (event: ThreadEvent) => Promise<unknown>; logger: Logger }): void {
  let chain: Promise<unknown> = Promise.resolve();
  client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) => {
    const event = toThreadEvent(packet, client.user?.id);
    if (event === null) return;
    chain = chain.then(() => options.onEvent(event)).catch((error: unknown) => options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'a discussion event could not be handled'));
  });
}
