import { randomBytes } from 'node:crypto';
import { ChannelType, DiscordAPIError, MessageFlags, RESTJSONErrorCodes, Routes, ThreadAutoArchiveDuration, type APIMessage, type Client } from 'discord.js';
import { renderAlertParts, toAlertPost } from '../../src/domain/alert-post.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { AlertMention } from '../../src/domain/workspace.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { partKey, type DigestPoster, type PostedMessage, type ThreadRef } from '../../src/deliver/digest-poster.ts';
import type { ObservePoster } from '../../src/deliver/poster-observation.ts';
import { editionLinkFor, type EditionLink } from '../../src/archive/archive-service.ts';
import type { Logger } from '../../src/log/logger.ts';
import { neutraliseDiscordMentions } from './escape-discord-text.ts';
import { fitDiscordContent } from './fit-discord-message.ts';
import { isPermissionError, toDeliveryError } from './map-discord-error.ts';
import { messagesOfDigest } from '../../src/digest/piece-chrome.ts';
import { renderHeaderContent, renderPieceMessages, renderThreadName } from './render-digest-embeds.ts';

export interface DiscordPosterOptions {
  /** A discord.js Client whose REST manager carries the bot token. */
  client: Client;
  logger: Logger;
  /** The web archive page of an edition, linked from its header. */
  editionLink?: EditionLink;
  /** Told whether a resumed step could read the channel's history (Read Message History), for the admin alert. */
  observe?: ObservePoster;
}

/** Pages of 100 recent messages a resumed step reads to find the message it may already have posted. */
const LOOKUP_PAGES = 3;
/** How long before the digest was built its header can be dated (clock skew between the bot and Discord). */
const HEADER_SKEW_MS = 60_000;

/** The parts of an embed that identify a piece message; Discord adds fields of its own (type, …) when it echoes one. */
function embedIdentity(embed: { title?: string | undefined; url?: string | undefined; description?: string | undefined } | undefined): string {
  return JSON.stringify([embed?.title ?? null, embed?.url ?? null, embed?.description ?? null]);
}

/** Channel types where a thread can be started from a message. */
const THREADABLE = new Set<ChannelType>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/**
 * Delivers digests to Discord: header in the channel, a thread from it, one embed message per piece.
 * Every message goes out with the step's key as `nonce` and `enforce_nonce: true`: for a few minutes
 * Discord answers a repeated nonce from the bot with the message it already created, so a step that was
 * accepted but not recorded is not posted twice (nor is a request discord.js retries after a 5xx).
 * Later than that window a resumed step first reads the channel (header) or thread (pieces) for the
 * bot's own message with the same content, which needs Read Message History (docs/scheduling.md).
 */
export function createDiscordPoster(options: DiscordPosterOptions): DigestPoster {
  const { client, logger } = options;

  const label = (channelId: string): string => {
    const cached = client.channels.cache.get(channelId);
    return cached && 'name' in cached && cached.name ? `#${cached.name} (${channelId})` : `channel ${channelId}`;
  };

  // Every body sets allowed_mentions itself: raw REST calls do not get the client's default.
  // `nonce` is at most 25 characters (partKey keeps within that).
  const send = async (channel: ChannelRef, targetId: string, body: Record<string, unknown>, action: string, nonce: string): Promise<PostedMessage> => {
    try {
      const message = (await client.rest.post(Routes.channelMessages(targetId), { body: { allowed_mentions: { parse: [] }, ...body, nonce, enforce_nonce: true } })) as APIMessage;
      return { id: message.id };
    } catch (error) {
      const failure = toDeliveryError(error, channel, label(channel.channelId), action);
      logger.warn({ channelId: channel.channelId, targetId, permanent: failure.permanent, err: failure.message }, 'discord delivery step failed');
      throw failure;
    }
  };

  /**
   * The bot's own recent messages in a channel or thread, newest first, back to `notBefore`. Reading is a
   * best effort: without Read Message History Discord answers an empty list, and on an error the step is
   * posted anyway, still guarded by its nonce.
   */
  const ownRecentMessages = async (channel: ChannelRef, targetId: string, notBefore?: Date): Promise<APIMessage[]> => {
    const own: APIMessage[] = [];
    const botId = client.user?.id;
    try {
      let before: string | undefined;
      for (let page = 0; page < LOOKUP_PAGES; page++) {
        const query = new URLSearchParams({ limit: '100', ...(before === undefined ? {} : { before }) });
        const batch = (await client.rest.get(Routes.channelMessages(targetId), { query })) as APIMessage[];
        for (const message of batch) {
          if (notBefore !== undefined && Date.parse(message.timestamp) < notBefore.getTime()) return own;
          if (message.author.id === botId) own.push(message);
        }
        if (batch.length < 100) break;
        before = batch.at(-1)!.id;
      }
    } catch (error) {
      if (isPermissionError(error)) historyUnreadable(channel);
      logger.warn(
        { channelId: channel.channelId, targetId, err: error instanceof Error ? error.message : String(error) },
        'could not read recent messages to check whether a resumed digest step was already posted; posting it under its nonce',
      );
      return own;
    }
    if (own.length > 0) options.observe?.({ kind: 'history', channel, readable: true, detail: null });
    return own;
  };

  const historyUnreadable = (channel: ChannelRef): void => {
    options.observe?.({ kind: 'history', channel, readable: false, detail: `missing Read Message History in ${label(channel.channelId)}` });
  };

  /**
   * Without Read Message History Discord lists no messages at all, which looks like "nothing posted yet". When a
   * thread's read-back finds nothing of ours, the header the thread hangs from (which is there) tells which it is.
   */
  const checkHistory = async (channel: ChannelRef, headerId: string): Promise<void> => {
    try {
      await client.rest.get(Routes.channelMessage(channel.channelId, headerId));
      options.observe?.({ kind: 'history', channel, readable: true, detail: null });
    } catch (error) {
      if (isPermissionError(error)) historyUnreadable(channel);
    }
  };

  const fallback = (channel: ChannelRef, header: PostedMessage, reason: string): ThreadRef => {
    logger.warn({ channelId: channel.channelId, reason }, 'cannot create a thread; posting the pieces as replies in the channel');
    return { id: header.id, fallback: true, fallbackReason: reason };
  };

  return {
    platform: 'discord',

    async postHeader(channel, digest, step) {
      const content = renderHeaderContent(digest, { editionUrl: await editionLinkFor(options.editionLink, digest, logger) });
      if (step.resumed) {
        const recent = await ownRecentMessages(channel, channel.channelId, new Date(digest.createdAt.getTime() - HEADER_SKEW_MS));
        const existing = recent.find((message) => message.content === content);
        if (existing) return { id: existing.id };
      }
      return send(channel, channel.channelId, { content, flags: MessageFlags.SuppressEmbeds }, 'send messages', step.key);
    },

    // Idempotent without the step's key: a message has at most one thread, and its id is the message id.
    async openThread(channel, header, digest) {
      const cached = client.channels.cache.get(channel.channelId);
      if (cached && !THREADABLE.has(cached.type)) {
        return fallback(channel, header, `${label(channel.channelId)} is a ${ChannelType[cached.type]} channel, which has no message threads`);
      }
      try {
        await client.rest.post(Routes.threads(channel.channelId, header.id), {
          body: { name: renderThreadName(digest), auto_archive_duration: ThreadAutoArchiveDuration.OneDay },
        });
        return { id: header.id, fallback: false };
      } catch (error) {
        if (isPermissionError(error)) return fallback(channel, header, `missing Create Public Threads permission in ${label(channel.channelId)}`);
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType) {
          return fallback(channel, header, `${label(channel.channelId)} does not support threads`);
        }
        // A resumed delivery may find its thread already made (160004): a message's thread id is the message id.
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) {
          return { id: header.id, fallback: false };
        }
        const failure = toDeliveryError(error, channel, label(channel.channelId), 'create a thread');
        logger.warn({ channelId: channel.channelId, permanent: failure.permanent, err: failure.message }, 'discord thread creation failed');
        throw failure;
      }
    },

    async postPiece(channel, thread, digest: Digest, piece: DigestPiece, step) {
      const posted: PostedMessage[] = [];
      const target = thread.fallback ? channel.channelId : thread.id;
      // The digest's own thread holds only its pieces, so an identical embed there is this piece's part.
      const recent = step.resumed && !thread.fallback ? await ownRecentMessages(channel, target) : [];
      if (step.resumed && !thread.fallback && recent.length === 0) await checkHistory(channel, thread.id);
      for (const [k, message] of renderPieceMessages(piece, messagesOfDigest(digest)).entries()) {
        const existing = recent.find((m) => embedIdentity(m.embeds[0]) === embedIdentity(message.embeds[0]) && !posted.some((p) => p.id === m.id));
        if (existing) {
          posted.push({ id: existing.id });
          continue;
        }
        const reply = thread.fallback ? { message_reference: { message_id: thread.id, fail_if_not_exists: false } } : {};
        posted.push(await send(channel, target, { embeds: message.embeds, ...reply }, thread.fallback ? 'send messages' : 'send messages in threads', partKey(step, k + 1)));
      }
      return posted;
    },

    postAlert(channel, alert) {
      const { parts, mention } = toAlertPost(alert);
      const body = renderAlertParts(parts, { text: neutraliseDiscordMentions, channel: (id) => (/^\d{1,25}$/.test(id) ? `<#${id}>` : `#${neutraliseDiscordMentions(id)}`) });
      const ping = discordMention(mention);
      const content = fitDiscordContent(ping === null ? body : `${ping.text} ${body}`, 'Digest alert');
      // Not a ledger step: a nonce of its own still keeps discord.js's 5xx retries from doubling it.
      return send(channel, channel.channelId, { content, flags: MessageFlags.SuppressEmbeds, allowed_mentions: ping?.allowed ?? { parse: [] } }, 'send messages', randomBytes(15).toString('base64url'));
    },
  };
}

/** The configured alert mention as Discord syntax, with allowed_mentions naming only it (the rest never pings). */
function discordMention(mention: AlertMention | null): { text: string; allowed: Record<string, unknown> } | null {
  if (mention === null || !/^\d{1,25}$/.test(mention.id)) return null;
  // Discord has roles where Slack has user groups.
  return mention.kind === 'user'
    ? { text: `<@${mention.id}>`, allowed: { parse: [], users: [mention.id] } }
    : { text: `<@&${mention.id}>`, allowed: { parse: [], roles: [mention.id] } };
}
