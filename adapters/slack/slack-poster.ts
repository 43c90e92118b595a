import type { WebClient } from '@slack/web-api';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { DigestPoster, PostedMessage } from '../../src/deliver/digest-poster.ts';
import type { Logger } from '../../src/log/logger.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { truncateText } from '../../src/text/split-text.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { toDeliveryError } from './map-slack-error.ts';
import { renderHeaderMessage, renderPieceMessages, type SlackMessageContent } from './render-digest-blocks.ts';

export interface SlackPosterOptions {
  /** A WebClient carrying the bot token (Bolt's `app.client`). */
  client: WebClient;
  logger: Logger;
}

/** Delivers digests to Slack: a Block Kit parent message, then one threaded reply (or a few) per piece. */
export function createSlackPoster(options: SlackPosterOptions): DigestPoster {
  const { client, logger } = options;

  const post = async (channel: ChannelRef, content: SlackMessageContent | { text: string }, threadTs?: string): Promise<PostedMessage> => {
    try {
      const result = await client.chat.postMessage({
        channel: channel.channelId,
        ...content,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
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

  return {
    platform: 'slack',

    postHeader(channel, digest) {
      return post(channel, renderHeaderMessage(digest));
    },

    // On Slack a thread is just replies carrying the parent's ts: nothing to create.
    async openThread(_channel, header) {
      return { id: header.id, fallback: false };
    },

    async postPiece(channel, thread, _digest, piece) {
      const posted: PostedMessage[] = [];
      for (const message of renderPieceMessages(piece)) posted.push(await post(channel, message, thread.id));
      return posted;
    },

    postAlert(channel, text) {
      return post(channel, { text: truncateText(escapeMrkdwn(text), PLATFORM_LIMITS.slack.fallbackText) });
    },
  };
}
