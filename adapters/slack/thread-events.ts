import type { App } from '@slack/bolt';
import type { ReactionMeaning, ThreadEvent } from '../../src/discussion/thread-events.ts';
import type { Logger } from '../../src/log/logger.ts';

/** Slack names emoji by shortcode; a skin tone is a suffix (`+1::skin-tone-3`). */
export function slackReactionMeaning(reaction: string): ReactionMeaning {
  switch (reaction.replace(/::skin-tone-\d$/, '')) {
    case '+1':
    case 'thumbsup':
      return 'up';
    case '-1':
    case 'thumbsdown':
      return 'down';
    case 'bookmark':
      return 'save';
    default:
      return 'other';
  }
}

/** A Slack permalink's ts: `/archives/C123/p1700000000000100` → `1700000000.000100`, when it is in `channel`. */
function linkedMessages(text: string, channel: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(/\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})\b/g)) if (match[1] === channel) ids.push(`${match[2]}.${match[3]}`);
  return ids;
}

interface SlackMessage {
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  edited?: { ts?: string };
}

export interface SlackEventContext {
  teamId: string;
  botUserId: string | undefined;
  /** The workspace's address (auth.test `url`), for permalinks. */
  teamUrl: string;
  nameOf: (userId: string) => Promise<string>;
}

/** The message's permalink, in the form Slack's "Copy link" gives for a reply in a thread. */
export function slackPermalink(teamUrl: string, channel: string, ts: string, threadTs: string | undefined): string {
  const base = `${teamUrl.endsWith('/') ? teamUrl : `${teamUrl}/`}archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs === undefined || threadTs === ts ? base : `${base}?thread_ts=${threadTs}&cid=${channel}`;
}

/** A Slack event (message, its edit or deletion, a reaction) as a thread event; null for what the discussion does not read. */
export async function toSlackThreadEvent(event: Record<string, unknown>, ctx: SlackEventContext): Promise<ThreadEvent | null> {
  const channel = typeof event['channel'] === 'string' ? event['channel'] : (event['item'] as { channel?: string } | undefined)?.channel;
  if (channel === undefined) return null;
  const scope = { platform: 'slack' as const, workspaceId: ctx.teamId, channelId: channel };
  if (event['type'] === 'reaction_added' || event['type'] === 'reaction_removed') {
    const item = event['item'] as { type?: string; ts?: string } | undefined;
    const user = event['user'];
    if (item?.type !== 'message' || typeof item.ts !== 'string' || typeof user !== 'string' || user === ctx.botUserId) return null;
    const reaction = typeof event['reaction'] === 'string' ? event['reaction'] : '';
    return { kind: 'reaction', scope, messageId: item.ts, memberId: user, emoji: reaction, meaning: slackReactionMeaning(reaction), present: event['type'] === 'reaction_added', at: new Date() };
  }
  if (event['type'] !== 'message') return null;
  const subtype = event['subtype'];
  if (subtype === 'message_deleted') return typeof event['deleted_ts'] === 'string' ? { kind: 'deleted', scope, messageId: event['deleted_ts'] } : null;
  const edited = subtype === 'message_changed';
  const message = (edited ? event['message'] : event) as SlackMessage | undefined;
  // Replies and replies also sent to the channel; joins, topic changes and other system messages are not discussion.
  if (message === undefined || (!edited && subtype !== undefined && subtype !== 'thread_broadcast' && subtype !== 'file_share' && subtype !== 'bot_message')) return null;
  if (typeof message.ts !== 'string' || typeof message.text !== 'string') return null;
  const fromBot = message.bot_id !== undefined || message.subtype === 'bot_message' || subtype === 'bot_message' || (message.user !== undefined && message.user === ctx.botUserId);
  const author = message.user ?? message.bot_id ?? 'unknown';
  const thread = message.thread_ts !== undefined && message.thread_ts !== message.ts ? message.thread_ts : undefined;
  const at = Number(edited ? (message.edited?.ts ?? event['ts']) : message.ts) * 1000;
  return {
    kind: 'message',
    scope,
    messageId: message.ts,
    refersTo: [...new Set([...linkedMessages(message.text, channel), ...(thread === undefined ? [] : [thread])])],
    authorId: author,
    authorName: fromBot ? author : await ctx.nameOf(author),
    fromBot,
    text: message.text,
    permalink: slackPermalink(ctx.teamUrl, channel, message.ts, thread),
    at: Number.isFinite(at) ? new Date(at) : new Date(),
    mentionsBot: ctx.botUserId !== undefined && message.text.includes(`<@${ctx.botUserId}>`),
    edited,
  };
}

/**
 * Listens for `message` (message.channels, message.groups) and `reaction_added`/`reaction_removed` events, in Socket
 * Mode and HTTP mode alike (Bolt acknowledges each before the listener runs), and hands them on in order. Names come
 * from users.info, remembered for the session.
 */
export function attachSlackThreadEvents(app: App, options: { onEvent: (event: ThreadEvent) => Promise<unknown>; teamUrl: () => string; logger: Logger }): void {
  const names = new Map<string, Promise<string>>();
  const nameOf = (userId: string): Promise<string> => {
    let name = names.get(userId);
    if (name === undefined) {
      name = app.client.users.info({ user: userId }).then(
        (r) => r.user?.profile?.display_name || r.user?.real_name || r.user?.name || userId,
        () => userId,
      );
      names.set(userId, name);
    }
    return name;
  };
  let chain: Promise<unknown> = Promise.resolve();
  const listener = async ({ event, body, context }: { event: unknown; body: unknown; context: { botUserId?: string; teamId?: string } }): Promise<void> => {
    const teamId = (body as { team_id?: string }).team_id ?? context.teamId;
    if (teamId === undefined) return;
    chain = chain.then(async () => {
      const thread = await toSlackThreadEvent(event as Record<string, unknown>, { teamId, botUserId: context.botUserId, teamUrl: options.teamUrl(), nameOf });
      if (thread !== null) await options.onEvent(thread);
    }).catch((error: unknown) => options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'a discussion event could not be handled'));
  };
  app.event('message', listener);
  app.event('reaction_added', listener);
  app.event('reaction_removed', listener);
}
