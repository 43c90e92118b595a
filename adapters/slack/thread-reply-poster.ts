import type { WebClient } from '@slack/web-api';
import { partKey } from '../../src/deliver/digest-poster.ts';
import type { ReplyInline, ThreadReply, ThreadReplyPoster } from '../../src/discussion/thread-reply.ts';
import type { Logger } from '../../src/log/logger.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { splitText, truncateText } from '../../src/text/split-text.ts';
import { escapeMrkdwn, safeSlackLinkUrl } from './escape-mrkdwn.ts';
import { slackErrorCode, toDeliveryError } from './map-slack-error.ts';
import { STEP_EVENT_TYPE } from './slack-poster.ts';

type Block = { type: 'section'; text: { type: 'mrkdwn'; text: string; verbatim: true } } | { type: 'context'; elements: { type: 'mrkdwn'; text: string; verbatim: true }[] };

/** Every text is escaped and every link checked: nothing in a reply can ping or disguise a link. */
function inline(parts: readonly ReplyInline[]): string {
  return parts.map((p) => {
    if (typeof p === 'string') return escapeMrkdwn(p);
    if ('strong' in p) return `*${escapeMrkdwn(p.strong)}*`;
    if ('quote' in p) return `“${escapeMrkdwn(p.quote)}”`;
    const url = safeSlackLinkUrl(p.link);
    return url === undefined ? escapeMrkdwn(p.label) : `<${url}|${escapeMrkdwn(p.label)}>`;
  }).join('');
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text, verbatim: true as const });

/** A reply as Block Kit messages: lines gathered into sections of at most 3,000 characters, at most 50 blocks each. */
export function renderSlackReply(reply: ThreadReply): { blocks: Block[]; text: string }[] {
  const blocks: Block[] = [];
  let section: string[] = [];
  const flush = () => {
    if (section.length === 0) return;
    for (const chunk of splitText(section.join('\n'), PLATFORM_LIMITS.slack.sectionText)) blocks.push({ type: 'section', text: mrkdwn(chunk) });
    section = [];
  };
  for (const b of reply.blocks) {
    if (b.kind === 'note') {
      flush();
      blocks.push({ type: 'context', elements: [mrkdwn(truncateText(escapeMrkdwn(b.text), PLATFORM_LIMITS.slack.sectionText))] });
      continue;
    }
    if (b.kind === 'heading') flush();
    section.push(b.kind === 'heading' ? `*${escapeMrkdwn(b.text)}*` : b.kind === 'bullet' ? `• ${inline(b.parts)}` : inline(b.parts));
  }
  flush();
  const messages: { blocks: Block[]; text: string }[] = [];
  for (let i = 0; i < blocks.length; i += PLATFORM_LIMITS.slack.blocks) {
    messages.push({ blocks: blocks.slice(i, i + PLATFORM_LIMITS.slack.blocks), text: truncateText(escapeMrkdwn(reply.text), 3_000) });
  }
  return messages;
}

/**
 * Posts replies under a digest on Slack, in its thread. chat.postMessage has no idempotency key, so each message
 * carries its step key in message metadata, and a resumed step first looks for it in the thread.
 */
export function createSlackReplyPoster(options: { client: WebClient; logger: Logger }): ThreadReplyPoster {
  const { client, logger } = options;

  const postedInThread = async (channel: string, threadTs: string): Promise<Map<string, string>> => {
    const found = new Map<string, string>();
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200, ...(cursor === undefined ? {} : { cursor }) });
      for (const m of result.messages ?? []) {
        const key = m.metadata?.event_type === STEP_EVENT_TYPE ? (m.metadata.event_payload as Record<string, unknown> | undefined)?.['key'] : undefined;
        if (typeof key === 'string' && typeof m.ts === 'string') found.set(key, m.ts);
      }
      cursor = result.response_metadata?.next_cursor;
      if (result.has_more !== true || !cursor) break;
    }
    return found;
  };

  return {
    platform: 'slack',
    async postReply(channel, target, reply, step) {
      try {
        const already = step.resumed ? await postedInThread(channel.channelId, target.threadId) : new Map<string, string>();
        const posted: { id: string }[] = [];
        for (const [k, message] of renderSlackReply(reply).entries()) {
          const key = partKey(step, k + 1);
          const ts = already.get(key);
          if (ts !== undefined) {
            posted.push({ id: ts });
            continue;
          }
          const result = await client.chat.postMessage({
            channel: channel.channelId,
            thread_ts: target.threadId,
            ...message,
            unfurl_links: false,
            unfurl_media: false,
            metadata: { event_type: STEP_EVENT_TYPE, event_payload: { key } },
          });
          if (typeof result.ts !== 'string') throw new Error('Slack accepted the reply but returned no ts');
          posted.push({ id: result.ts });
        }
        return posted;
      } catch (error) {
        const failure = toDeliveryError(error, channel, 'reply in the digest thread');
        logger.warn({ channelId: channel.channelId, permanent: failure.permanent, err: failure.message }, 'slack reply under a digest failed');
        throw failure;
      }
    },
    async sendDirect(member, reply) {
      try {
        const opened = await client.conversations.open({ users: member.userId });
        const dm = opened.channel?.id;
        if (dm === undefined) return 'not-allowed';
        for (const message of renderSlackReply(reply)) await client.chat.postMessage({ channel: dm, ...message, unfurl_links: false, unfurl_media: false });
        return 'sent';
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === 'missing_scope') logger.warn({}, 'cannot send saved pieces as direct messages: the app lacks the im:write scope (adapters/slack/manifest.yaml)');
        if (code !== undefined && ['missing_scope', 'user_not_found', 'cannot_dm_bot', 'user_disabled', 'messages_tab_disabled', 'not_allowed_token_type'].includes(code)) return 'not-allowed';
        throw error;
      }
    },
  };
}
