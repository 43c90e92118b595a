import type { WebClient } from '@slack/web-api';
import { renderAlertParts, toAlertPost } from '../../src/domain/alert-post.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { AlertMention } from '../../src/domain/workspace.ts';
import { partKey, type DigestPoster, type PostedMessage } from '../../src/deliver/digest-poster.ts';
import type { ObservePoster } from '../../src/deliver/poster-observation.ts';
import { editionLinkFor, type EditionLink } from '../../src/archive/archive-service.ts';
import type { Logger } from '../../src/log/logger.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { truncateText } from '../../src/text/split-text.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { toDeliveryError } from './map-slack-error.ts';
import { messagesOfDigest } from '../../src/digest/piece-chrome.ts';
import { renderHeaderMessage, renderPieceMessages, type SlackMessageContent } from './render-digest-blocks.ts';

export interface SlackPosterOptions {
  /** A WebClient carrying the bot token (Bolt's `app.client`). */
  client: WebClient;
  logger: Logger;
  /** The web archive page of an edition, linked from its header. */
  editionLink?: EditionLink;
  /** Told whether a resumed step could read the channel's history (channels:history / groups:history), for the admin alert. */
  observe?: ObservePoster;
}

/** The message metadata event that carries a digest step's idempotency key. */
export const STEP_EVENT_TYPE = 'digest_step';

/** How far back before the digest was built the header lookup reads (clock skew between the bot and Slack). */
const HEADER_LOOKBACK_S = 3600;
/** Pages of 200 messages read at most per lookup. */
const LOOKUP_PAGES = 5;

interface HistoryPage {
  messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

/**
 * Delivers digests to Slack: a Block Kit parent message, then one threaded reply (or a few) per piece.
 * chat.postMessage has no idempotency key, so every step message carries its key in message metadata;
 * a resumed step first looks for a message with that key (conversations.history for the header,
 * conversations.replies for piece replies) and returns it instead of posting again.
 */
export function createSlackPoster(options: SlackPosterOptions): DigestPoster {
  const { client, logger } = options;

  const post = async (channel: ChannelRef, content: SlackMessageContent | { text: string }, threadTs?: string, key?: string): Promise<PostedMessage> => {
    try {
      const result = await client.chat.postMessage({
        channel: channel.channelId,
        ...content,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        ...(key === undefined ? {} : { metadata: { event_type: STEP_EVENT_TYPE, event_payload: { key } } }),
        // A digest lists several links; previews of each would bury the summaries.
        unfurl_links: false,
        unfurl_media: false,
      });
      if (typeof result.ts !== 'string') throw new Error('Slack accepted the message but returned no ts');
      return { id: result.ts };
    } catch (error) {
      const failure = toDeliveryError(error, channel, threadTs === undefined ? 'post a message' : 'reply in the digest thread');
      logger.warn({ channelId: channel.channelId, permanent: failure.permanent, err: failure.message }, 'slack delivery step failed');
      throw failure;
    }
  };

  /**
   * The ts of every digest-step message found, by key: in the channel since `oldest`, or in the thread
   * under `threadTs`. A lookup Slack refuses for good (e.g. missing_scope) yields an empty map and a
   * warning, so the step is posted (at least once) rather than lost; a transient failure is thrown.
   */
  const postedKeys = async (channel: ChannelRef, where: { threadTs: string } | { oldest: string }): Promise<Map<string, string>> => {
    const found = new Map<string, string>();
    try {
      let cursor: string | undefined;
      for (let page = 0; page < LOOKUP_PAGES; page++) {
        const base = { channel: channel.channelId, include_all_metadata: true, limit: 200, ...(cursor === undefined ? {} : { cursor }) };
        const result: HistoryPage = 'threadTs' in where
          ? await client.conversations.replies({ ...base, ts: where.threadTs })
          : await client.conversations.history({ ...base, oldest: where.oldest });
        for (const message of result.messages ?? []) {
          const key = message.metadata?.event_type === STEP_EVENT_TYPE ? message.metadata.event_payload?.['key'] : undefined;
          if (typeof key === 'string' && typeof message.ts === 'string' && !found.has(key)) found.set(key, message.ts);
        }
        cursor = result.response_metadata?.next_cursor;
        if (result.has_more !== true || !cursor) break;
      }
      options.observe?.({ kind: 'history', channel, readable: true, detail: null });
    } catch (error) {
      const failure = toDeliveryError(error, channel, 'read the channel history');
      if (!failure.permanent) throw failure;
      if (failure.reason === 'permission') options.observe?.({ kind: 'history', channel, readable: false, detail: failure.message });
      logger.warn(
        { channelId: channel.channelId, err: failure.message },
        'could not check whether a resumed digest step was already posted (does the app have channels:history / groups:history?); posting it, so it may appear twice',
      );
    }
    return found;
  };

  return {
    platform: 'slack',

    async postHeader(channel, digest, step) {
      if (step.resumed) {
        const oldest = (Math.floor(digest.createdAt.getTime() / 1000) - HEADER_LOOKBACK_S).toFixed(6);
        const ts = (await postedKeys(channel, { oldest })).get(step.key);
        if (ts !== undefined) return { id: ts };
      }
      return post(channel, renderHeaderMessage(digest, { editionUrl: await editionLinkFor(options.editionLink, digest, logger) }), undefined, step.key);
    },

    // On Slack a thread is just replies carrying the parent's ts: nothing to create, nothing to repeat.
    async openThread(_channel, header) {
      return { id: header.id, fallback: false };
    },

    async postPiece(channel, thread, digest, piece, step) {
      const already = step.resumed ? await postedKeys(channel, { threadTs: thread.id }) : new Map<string, string>();
      const posted: PostedMessage[] = [];
      for (const [k, message] of renderPieceMessages(piece, messagesOfDigest(digest)).entries()) {
        const key = partKey(step, k + 1);
        const ts = already.get(key);
        posted.push(ts === undefined ? await post(channel, message, thread.id, key) : { id: ts });
      }
      return posted;
    },

    postAlert(channel, alert) {
      const { parts, mention } = toAlertPost(alert);
      // Escaping makes every `<…>` in the text inert, so only the bot's own channel links and mention remain.
      const body = renderAlertParts(parts, { text: escapeMrkdwn, channel: (id) => (/^[CGD][A-Z0-9]{2,30}$/.test(id) ? `<#${id}>` : `#${escapeMrkdwn(id)}`) });
      const ping = slackMention(mention);
      return post(channel, { text: truncateText(ping === null ? body : `${ping} ${body}`, PLATFORM_LIMITS.slack.fallbackText) });
    },
  };
}

/** The configured alert mention in Slack's syntax: a user group (`<!subteam^S…>`) or one user (`<@U…>`). */
function slackMention(mention: AlertMention | null): string | null {
  if (mention === null || !/^[A-Z0-9]{2,30}$/.test(mention.id)) return null;
  return mention.kind === 'user' ? `<@${mention.id}>` : `<!subteam^${mention.id}>`;
}
