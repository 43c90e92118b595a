import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Slack Web API on 127.0.0.1, enough for the real Bolt App and WebClient: auth.test,
 * chat.postMessage (with message metadata), chat.postEphemeral, users.info, conversations.history and
 * conversations.replies (metadata only with include_all_metadata, cursor pagination, scope checks),
 * apps.connections.open (Socket Mode, with the `socketMode` option) and `response_url` endpoints for slash commands.
 * It enforces the Block Kit limits the digest relies on and answers `invalid_blocks` / `msg_too_long`
 * the way Slack does, so an adapter that overflows a limit fails here as it would live.
 */

export interface FakeSlackUser {
  id: string;
  name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
}

export interface FakeSlackOptions {
  botToken?: string;
  teamId?: string;
  botUserId?: string;
  users?: FakeSlackUser[];
  /** The bot token's scopes; conversations.* answer missing_scope without the history scope. Default: the manifest's. */
  scopes?: string[];
  /** Channels that are private (need groups:history rather than channels:history). */
  privateChannels?: string[];
  /**
   * Socket Mode: apps.connections.open accepts this app-level token (xapp-…) and answers with the URL
   * `openConnection()` mints (tests/fakes/slack-socket-mode.ts). A bot token there is refused with
   * `not_allowed_token_type`, as Slack does.
   */
  socketMode?: { appToken: string; openConnection(): string };
}

/** The bot scopes adapters/slack/manifest.yaml asks for. */
export const MANIFEST_SCOPES = ['chat:write', 'commands', 'users:read', 'channels:history', 'groups:history', 'reactions:read', 'im:write'];

/** Message metadata as chat.postMessage takes it and conversations.* return it. */
export interface FakeMessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** One Web API call as the fake received it. */
export interface SlackCall {
  method: string;
  /** Form or JSON body, with `blocks` parsed from its JSON string. */
  body: Record<string, unknown>;
  /** Bearer token, or the `token` form field. */
  token: string | undefined;
  /** HTTP status answered. */
  status: number;
  /** The `error` answered, when ok was false. */
  error: string | undefined;
}

/** A message the fake accepted. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  threadTs: string | undefined;
  text: string | undefined;
  blocks: FakeBlock[];
  /** Whether a top-level `text` accompanied the blocks (Slack warns without one). */
  hadFallbackText: boolean;
  unfurlLinks: unknown;
  unfurlMedia: unknown;
  /** Set for chat.postEphemeral. */
  ephemeralUser?: string;
  /** The `metadata` it was posted with. */
  metadata?: FakeMessageMetadata;
  /** The member who wrote it; the bot when absent. */
  user?: string;
}

/** An Events API callback as Slack sends it, over Socket Mode (the envelope's payload) or HTTP (the body). */
export type EventCallback = Record<string, unknown> & { event: Record<string, unknown>; event_id: string };

/** A post to a slash command's response_url. */
export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  /** The validation error answered, if the blocks broke a limit. */
  error: string | undefined;
}

export interface FakeBlock {
  type: string;
  text?: { type: string; text: string; verbatim?: boolean; emoji?: boolean };
  elements?: { type: string; text?: string; verbatim?: boolean }[];
  fields?: { type: string; text: string; verbatim?: boolean }[];
  [key: string]: unknown;
}

export type ChannelFailure = 'not_in_channel' | 'channel_not_found' | 'is_archived';

/** A scripted failure of one Web API method; `when` limits it to the calls whose arguments match (one piece's payload). */
export interface ScriptedSlackFailure {
  error: string;
  retryAfter?: number;
  status?: number;
  times?: number;
  hang?: boolean;
  when?: (body: Record<string, unknown>) => boolean;
}

export interface FakeSlack {
  /** For `clientOptions.slackApiUrl`, e.g. `http://127.0.0.1:P/api/`. */
  apiUrl: string;
  /** The only token the fake accepts. */
  botToken: string;
  teamId: string;
  botUserId: string;
  /** users.info answers from here; tests may add users. */
  users: Map<string, FakeSlackUser>;
  calls: SlackCall[];
  /** Every accepted message, in order (channel messages, thread replies and ephemerals). */
  messages: FakeSlackMessage[];
  /** Top-level messages in a channel (no thread_ts), in order. */
  channelMessages(channel: string): FakeSlackMessage[];
  /** Replies in the thread under `parentTs`, in order. */
  threadReplies(channel: string, parentTs: string): FakeSlackMessage[];
  /** A response_url for one slash-command invocation. */
  responseUrl(id: string): string;
  responses(id: string): ResponseUrlPost[];
  /** Resolves with the first accepted message matching `predicate` (already posted or future). */
  waitForMessage(predicate: (message: FakeSlackMessage) => boolean, timeoutMs?: number): Promise<FakeSlackMessage>;
  /** Posts to this response_url answer 404 `expired_url` from now on (older than 30 minutes, or used 5 times). */
  expireResponseUrl(id: string): void;
  /** Resolves with the first response_url post for `id` (already made or future). */
  waitForResponse(id: string, timeoutMs?: number): Promise<ResponseUrlPost>;
  /**
   * The next call of `method` fails: `ratelimited` answers HTTP 429 with Retry-After; `status` ≥ 500 answers that status;
   * `hang` never answers (until close), as an overloaded Slack may.
   */
  failNext(method: string, failure: ScriptedSlackFailure): void;
  /** Every post to `channel` fails with this error from now on. */
  failChannel(channel: string, error: ChannelFailure): void;
  /** Every call answers invalid_auth from now on (a revoked token). */
  invalidAuth(): void;
  /**
   * A member posts in a channel (or in the thread under `threadTs`): the message is stored, so history shows it, and
   * the `message` event callback Slack would send the app comes back. Slack sends none for a channel the app cannot
   * read (channels:history / groups:history), so then this throws.
   */
  postAsUser(input: { channel: string; user: string; text: string; threadTs?: string }): { ts: string; callback: EventCallback };
  /** The member edits it: a `message_changed` callback. */
  editAsUser(channel: string, ts: string, text: string): EventCallback;
  /** The member deletes it: a `message_deleted` callback. */
  deleteAsUser(channel: string, ts: string): EventCallback;
  /** A member adds (or removes) a reaction: `reaction_added` / `reaction_removed`, which need reactions:read. */
  reactionEvent(input: { channel: string; ts: string; user: string; reaction: string; removed?: boolean }): EventCallback;
  /** DM channels conversations.open made, by user id. */
  dmChannels: Map<string, string>;
  close(): Promise<void>;
}

/** Slack's Block Kit limits for messages. */
export const BLOCK_LIMITS = { blocks: 50, sectionText: 3000, sectionFields: 10, fieldText: 2000, headerText: 150, contextElements: 10, blockId: 255, text: 40_000 };

/**
 * Checks blocks as Slack does for a message; returns a reason when Slack would answer invalid_blocks.
 * Only the block types the digest uses (and divider) are accepted, so an unexpected type is caught too.
 */
export function blocksProblem(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > BLOCK_LIMITS.blocks) return `more than ${BLOCK_LIMITS.blocks} blocks (${blocks.length})`;
  for (const [i, raw] of blocks.entries()) {
    const block = raw as FakeBlock;
    const where = `blocks[${i}]`;
    if (typeof block !== 'object' || block === null) return `${where} is not an object`;
    if (typeof block['block_id'] === 'string' && block['block_id'].length > BLOCK_LIMITS.blockId) return `${where}.block_id too long`;
    switch (block.type) {
      case 'header': {
        if (block.text?.type !== 'plain_text') return `${where}.text must be plain_text`;
        const problem = textProblem(block.text, BLOCK_LIMITS.headerText);
        if (problem) return `${where}.text ${problem}`;
        break;
      }
      case 'section': {
        if (block.text === undefined && block.fields === undefined) return `${where} needs text or fields`;
        if (block.text !== undefined) {
          const problem = textProblem(block.text, BLOCK_LIMITS.sectionText);
          if (problem) return `${where}.text ${problem}`;
        }
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length > BLOCK_LIMITS.sectionFields) return `${where}.fields: at most ${BLOCK_LIMITS.sectionFields}`;
          for (const field of block.fields) {
            const problem = textProblem(field, BLOCK_LIMITS.fieldText);
            if (problem) return `${where}.fields ${problem}`;
          }
        }
        break;
      }
      case 'context': {
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > BLOCK_LIMITS.contextElements) return `${where}.elements: 1–${BLOCK_LIMITS.contextElements}`;
        for (const element of elements) {
          if (element.type === 'image') continue;
          const problem = textProblem(element, BLOCK_LIMITS.sectionText);
          if (problem) return `${where}.elements ${problem}`;
        }
        break;
      }
      case 'divider':
        break;
      default:
        return `${where}: unsupported block type ${String(block.type)}`;
    }
  }
  return undefined;
}

function textProblem(text: unknown, max: number): string | undefined {
  if (typeof text !== 'object' || text === null) return 'is not a text object';
  const object = text as { type?: unknown; text?: unknown; verbatim?: unknown; emoji?: unknown };
  if (object.type !== 'mrkdwn' && object.type !== 'plain_text') return `has type ${String(object.type)}`;
  if (typeof object.text !== 'string') return 'has no text';
  if (object.text.length < 1 || object.text.length > max) return `length ${object.text.length} not in 1–${max}`;
  if (object.type === 'plain_text' && object.verbatim !== undefined) return 'plain_text cannot be verbatim';
  if (object.type === 'mrkdwn' && object.emoji !== undefined) return 'mrkdwn cannot set emoji';
  return undefined;
}

/** Flattens a message's blocks (or its text when it has none) to the text a reader sees. */
export function messageText(message: { blocks: FakeBlock[]; text: string | undefined }): string {
  if (message.blocks.length === 0) return message.text ?? '';
  const lines: string[] = [];
  for (const block of message.blocks) {
    if (block.text) lines.push(block.text.text);
    for (const field of block.fields ?? []) lines.push(field.text);
    for (const element of block.elements ?? []) if (typeof element.text === 'string') lines.push(element.text);
  }
  return lines.join('\n');
}

/** Every text string in blocks and fallback, for "nothing unescaped anywhere" assertions. */
export function allTexts(message: { blocks: FakeBlock[]; text: string | undefined }): string[] {
  const texts: string[] = message.text === undefined ? [] : [message.text];
  for (const block of message.blocks) {
    if (block.text) texts.push(block.text.text);
    for (const field of block.fields ?? []) texts.push(field.text);
    for (const element of block.elements ?? []) if (typeof element.text === 'string') texts.push(element.text);
  }
  return texts;
}

class SlackFailure extends Error {
  readonly status: number;
  readonly error: string;
  readonly headers: Record<string, string>;
  /** Extra fields of the error body, e.g. `needed` / `provided` for missing_scope. */
  readonly extra: Record<string, unknown>;
  constructor(error: string, status = 200, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
    super(error);
    this.error = error;
    this.status = status;
    this.headers = headers;
    this.extra = extra;
  }
}

/** Thrown to leave a request unanswered. */
class Hang extends Error {}

/** Slack's event_type pattern for message metadata. */
const EVENT_TYPE = /^[a-zA-Z0-9_]+$/;

/** Starts the fake on 127.0.0.1 port 0. Always `close()` it. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = options.botToken ?? 'xoxb-fake-bot-token';
  const teamId = options.teamId ?? 'T0FAKE';
  const botUserId = options.botUserId ?? 'U0BOT';
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const scopes = new Set(options.scopes ?? MANIFEST_SCOPES);
  const privateChannels = new Set(options.privateChannels ?? []);
  const calls: SlackCall[] = [];
  const messages: FakeSlackMessage[] = [];
  const responses: ResponseUrlPost[] = [];
  const pending = new Map<string, (ScriptedSlackFailure & { times: number })[]>();
  const channelFailures = new Map<string, ChannelFailure>();
  const responseWaiters: { id: string; resolve: (post: ResponseUrlPost) => void }[] = [];
  const expired = new Set<string>();
  const messageWaiters: { predicate: (message: FakeSlackMessage) => boolean; resolve: (message: FakeSlackMessage) => void }[] = [];
  let revoked = false;
  const dmChannels = new Map<string, string>();
  let eventSequence = 0;
  let clock = 1_700_000_000;
  let sequence = 0;
  const nextTs = (): string => `${clock}.${String(++sequence).padStart(6, '0')}`;

  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const type = req.headers['content-type'] ?? '';
    if (type.includes('application/json')) return raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    const body: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
    // WebClient JSON-encodes structured arguments inside the form.
    for (const key of ['blocks', 'attachments', 'metadata']) {
      if (typeof body[key] === 'string') body[key] = JSON.parse(body[key] as string);
    }
    return body;
  };

  const accept = (method: string, body: Record<string, unknown>): FakeSlackMessage => {
    const channel = typeof body['channel'] === 'string' ? body['channel'] : '';
    if (channel === '') throw new SlackFailure('channel_not_found');
    const failure = channelFailures.get(channel);
    if (failure) throw new SlackFailure(failure);
    const text = typeof body['text'] === 'string' ? body['text'] : undefined;
    const blocks = body['blocks'] === undefined ? [] : body['blocks'];
    if (body['blocks'] !== undefined && blocksProblem(blocks) !== undefined) throw new SlackFailure('invalid_blocks');
    if ((text === undefined || text === '') && (blocks as unknown[]).length === 0) throw new SlackFailure('no_text');
    if (text !== undefined && text.length > BLOCK_LIMITS.text) throw new SlackFailure('msg_too_long');
    const threadTs = typeof body['thread_ts'] === 'string' ? body['thread_ts'] : undefined;
    if (threadTs !== undefined && !messages.some((m) => m.channel === channel && m.ts === threadTs && m.threadTs === undefined)) {
      throw new SlackFailure('thread_not_found');
    }
    const metadata = body['metadata'] === undefined ? undefined : metadataOf(body['metadata']);
    const message: FakeSlackMessage = {
      channel,
      ts: nextTs(),
      threadTs,
      text,
      blocks: blocks as FakeBlock[],
      hadFallbackText: text !== undefined && text.trim() !== '',
      unfurlLinks: body['unfurl_links'],
      unfurlMedia: body['unfurl_media'],
      ...(metadata === undefined ? {} : { metadata }),
    };
    if (method === 'chat.postEphemeral') message.ephemeralUser = String(body['user']);
    messages.push(message);
    for (const waiter of messageWaiters.filter((w) => w.predicate(message))) waiter.resolve(message);
    return message;
  };

  const handleMethod = (method: string, body: Record<string, unknown>, token: string | undefined): Record<string, unknown> => {
    const queue = pending.get(method);
    const next = queue?.find((failure) => failure.when === undefined || failure.when(body));
    if (queue && next) {
      if (--next.times <= 0) queue.splice(queue.indexOf(next), 1);
      if (next.hang === true) throw new Hang();
      if (next.error === 'ratelimited') throw new SlackFailure('ratelimited', 429, { 'retry-after': String(next.retryAfter ?? 1) });
      throw new SlackFailure(next.error, next.status ?? 200);
    }
    if (method === 'apps.connections.open') {
      // The one method that wants the app-level token; a bot, user or legacy token is the wrong type.
      if (token !== undefined && /^xox[abpe]-/.test(token)) throw new SlackFailure('not_allowed_token_type');
      const socketMode = options.socketMode;
      if (revoked || socketMode === undefined || token !== socketMode.appToken) throw new SlackFailure(token === undefined ? 'not_authed' : 'invalid_auth');
      return { url: socketMode.openConnection() };
    }
    if (revoked || token !== botToken) throw new SlackFailure(token === undefined ? 'not_authed' : 'invalid_auth');
    switch (method) {
      case 'auth.test':
        return { url: 'https://fake.slack.com/', team: 'Fake Team', user: 'research-digest', team_id: teamId, user_id: botUserId, bot_id: 'B0BOT' };
      case 'chat.postMessage': {
        const message = accept(method, body);
        return { channel: message.channel, ts: message.ts, message: { type: 'message', text: message.text ?? '', user: botUserId, ts: message.ts, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) } };
      }
      case 'chat.postEphemeral': {
        const message = accept(method, body);
        return { message_ts: message.ts };
      }
      case 'conversations.history': {
        const channel = readableChannel(body);
        const oldest = Number(body['oldest'] ?? 0);
        const latest = body['latest'] === undefined ? Infinity : Number(body['latest']);
        const inclusive = body['inclusive'] === true || body['inclusive'] === 'true';
        // Newest first, top-level messages only (thread replies live in conversations.replies).
        const inRange = messages
          .filter((m) => m.channel === channel && m.threadTs === undefined && m.ephemeralUser === undefined)
          .filter((m) => (inclusive ? Number(m.ts) >= oldest && Number(m.ts) <= latest : Number(m.ts) > oldest && Number(m.ts) < latest))
          .reverse();
        return { ...page(inRange, body), pin_count: 0, channel_actions_ts: null, channel_actions_count: 0 };
      }
      case 'conversations.replies': {
        const channel = readableChannel(body);
        const ts = typeof body['ts'] === 'string' ? body['ts'] : '';
        const parent = messages.find((m) => m.channel === channel && m.ts === ts && m.threadTs === undefined && m.ephemeralUser === undefined);
        if (!parent) throw new SlackFailure('thread_not_found');
        // The parent first, then its replies, oldest first.
        return page([parent, ...messages.filter((m) => m.channel === channel && m.threadTs === ts && m.ephemeralUser === undefined)], body);
      }
      case 'conversations.open': {
        if (!scopes.has('im:write')) throw new SlackFailure('missing_scope', 200, {}, { needed: 'im:write', provided: [...scopes].join(',') });
        const user = typeof body['users'] === 'string' ? body['users'] : '';
        if (!/^[UW][A-Z0-9]+$/.test(user)) throw new SlackFailure('user_not_found');
        let id = dmChannels.get(user);
        if (id === undefined) dmChannels.set(user, id = `D${user.slice(1)}`);
        return { channel: { id } };
      }
      case 'users.info': {
        const user = users.get(String(body['user']));
        if (!user) throw new SlackFailure('user_not_found');
        return { user: { id: user.id, name: user.name ?? user.id, team_id: teamId, is_admin: user.is_admin ?? false, is_owner: user.is_owner ?? false, is_primary_owner: false, is_bot: false } };
      }
      default:
        throw new SlackFailure('unknown_method');
    }
  };

  /** The channel of a conversations.* call, once the token may read it. */
  const readableChannel = (body: Record<string, unknown>): string => {
    const channel = typeof body['channel'] === 'string' ? body['channel'] : '';
    if (channel === '') throw new SlackFailure('channel_not_found');
    const needed = privateChannels.has(channel) ? 'groups:history' : 'channels:history';
    if (!scopes.has(needed)) throw new SlackFailure('missing_scope', 200, {}, { needed, provided: [...scopes].join(',') });
    const failure = channelFailures.get(channel);
    if (failure) throw new SlackFailure(failure);
    return channel;
  };

  /** One page of `list` as conversations.* return it (limit default 100, opaque cursor). */
  const page = (list: FakeSlackMessage[], body: Record<string, unknown>): Record<string, unknown> => {
    const limit = Math.min(Math.max(Number(body['limit'] ?? 100) || 100, 1), 999);
    const cursor = typeof body['cursor'] === 'string' && body['cursor'] !== '' ? body['cursor'] : undefined;
    const start = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64').toString('utf8').replace(/^offset:/, ''));
    if (!Number.isInteger(start) || start < 0) throw new SlackFailure('invalid_cursor');
    const slice = list.slice(start, start + limit);
    const hasMore = start + limit < list.length;
    const withMetadata = body['include_all_metadata'] === true || body['include_all_metadata'] === 'true';
    return {
      messages: slice.map((m) => historyMessage(m, withMetadata)),
      has_more: hasMore,
      response_metadata: { next_cursor: hasMore ? Buffer.from(`offset:${start + limit}`).toString('base64') : '' },
    };
  };

  /** A stored message the way conversations.* show it; metadata only when asked for. */
  const historyMessage = (m: FakeSlackMessage, withMetadata: boolean): Record<string, unknown> => {
    const replies = m.threadTs === undefined ? messages.filter((r) => r.channel === m.channel && r.threadTs === m.ts) : [];
    return {
      type: 'message',
      ...(m.user === undefined ? { user: botUserId, bot_id: 'B0BOT', app_id: 'A0APP' } : { user: m.user }),
      text: m.text ?? '',
      ts: m.ts,
      blocks: m.blocks,
      ...(m.threadTs !== undefined ? { thread_ts: m.threadTs, parent_user_id: botUserId } : replies.length > 0 ? { thread_ts: m.ts, reply_count: replies.length, latest_reply: replies.at(-1)!.ts } : {}),
      ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
    };
  };

  const send = (res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(payload));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: Record<string, unknown>;
      try {
        body = await readBody(req);
      } catch {
        send(res, 400, { ok: false, error: 'invalid_form_data' });
        return;
      }
      const response = /^\/responses\/([^/]+)$/.exec(url.pathname);
      if (response && req.method === 'POST') {
        const id = decodeURIComponent(response[1] ?? '');
        if (expired.has(id)) {
          send(res, 404, { ok: false, error: 'expired_url' });
          return;
        }
        const problem = body['blocks'] === undefined ? undefined : blocksProblem(body['blocks']);
        const post: ResponseUrlPost = { id, body, error: problem === undefined ? undefined : 'invalid_blocks' };
        responses.push(post);
        for (const waiter of responseWaiters.filter((w) => w.id === id)) waiter.resolve(post);
        send(res, problem === undefined ? 200 : 400, problem === undefined ? { ok: true } : { ok: false, error: 'invalid_blocks' });
        return;
      }
      const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
      if (!api || req.method !== 'POST') {
        send(res, 404, { ok: false, error: 'not_found' });
        return;
      }
      const method = api[1] ?? '';
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const token = bearer ?? (typeof body['token'] === 'string' ? body['token'] : undefined);
      try {
        const result = handleMethod(method, body, token);
        calls.push({ method, body, token, status: 200, error: undefined });
        // Slack lists a bot token's granted scopes on every answer to it (what `digest doctor` compares to the manifest).
        send(res, 200, { ok: true, ...result }, token === botToken ? { 'x-oauth-scopes': [...scopes].join(',') } : {});
      } catch (error) {
        if (error instanceof Hang) {
          calls.push({ method, body, token, status: 0, error: 'no answer' });
          return;
        }
        const failure = error instanceof SlackFailure ? error : new SlackFailure('internal_error', 500);
        calls.push({ method, body, token, status: failure.status, error: failure.error });
        send(res, failure.status, { ok: false, error: failure.error, ...failure.extra }, failure.headers);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  clock = Math.floor(Date.now() / 1000);

  /** The envelope of one event as Slack's Events API delivers it to this app. */
  const callback = (event: Record<string, unknown>, needs: string): EventCallback => {
    if (!scopes.has(needs)) throw new Error(`fake slack: Slack sends no ${String(event['type'])} event to an app without ${needs}`);
    eventSequence += 1;
    return {
      token: 'deprecated-verification-token',
      team_id: teamId,
      context_team_id: teamId,
      api_app_id: 'A0APP',
      event,
      type: 'event_callback',
      event_id: `Ev${String(eventSequence).padStart(8, '0')}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: `4-fake-${eventSequence}`,
    };
  };
  const historyScope = (channel: string) => (privateChannels.has(channel) ? 'groups:history' : 'channels:history');
  const channelType = (channel: string) => (privateChannels.has(channel) ? 'group' : 'channel');

  return {
    apiUrl: `${base}/api/`,
    dmChannels,
    postAsUser(input) {
      const message: FakeSlackMessage = {
        channel: input.channel,
        ts: nextTs(),
        threadTs: input.threadTs,
        text: input.text,
        blocks: [],
        hadFallbackText: true,
        unfurlLinks: undefined,
        unfurlMedia: undefined,
        user: input.user,
      };
      const event = {
        type: 'message',
        channel: input.channel,
        user: input.user,
        text: input.text,
        ts: message.ts,
        event_ts: message.ts,
        team: teamId,
        channel_type: channelType(input.channel),
        ...(input.threadTs === undefined ? {} : { thread_ts: input.threadTs, parent_user_id: botUserId }),
      };
      const envelope = callback(event, historyScope(input.channel));
      messages.push(message);
      return { ts: message.ts, callback: envelope };
    },
    editAsUser(channel, ts, text) {
      const message = messages.find((m) => m.channel === channel && m.ts === ts);
      if (message === undefined) throw new Error(`fake slack: no message ${ts} in ${channel}`);
      const previous = { type: 'message', user: message.user, text: message.text, ts, ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }) };
      message.text = text;
      const editedAt = nextTs();
      return callback({
        type: 'message',
        subtype: 'message_changed',
        channel,
        hidden: true,
        ts: editedAt,
        event_ts: editedAt,
        channel_type: channelType(channel),
        message: { ...previous, text, edited: { user: message.user, ts: editedAt } },
        previous_message: previous,
      }, historyScope(channel));
    },
    deleteAsUser(channel, ts) {
      const index = messages.findIndex((m) => m.channel === channel && m.ts === ts);
      const [message] = index >= 0 ? messages.splice(index, 1) : [];
      const at = nextTs();
      return callback({
        type: 'message',
        subtype: 'message_deleted',
        channel,
        hidden: true,
        deleted_ts: ts,
        ts: at,
        event_ts: at,
        channel_type: channelType(channel),
        previous_message: { type: 'message', user: message?.user, text: message?.text, ts, ...(message?.threadTs === undefined ? {} : { thread_ts: message.threadTs }) },
      }, historyScope(channel));
    },
    reactionEvent(input) {
      const target = messages.find((m) => m.channel === input.channel && m.ts === input.ts);
      const at = nextTs();
      return callback({
        type: input.removed === true ? 'reaction_removed' : 'reaction_added',
        user: input.user,
        reaction: input.reaction,
        item: { type: 'message', channel: input.channel, ts: input.ts },
        item_user: target?.user ?? botUserId,
        event_ts: at,
      }, 'reactions:read');
    },
    botToken,
    teamId,
    botUserId,
    users,
    calls,
    messages,
    channelMessages: (channel) => messages.filter((m) => m.channel === channel && m.threadTs === undefined && m.ephemeralUser === undefined),
    threadReplies: (channel, parentTs) => messages.filter((m) => m.channel === channel && m.threadTs === parentTs),
    responseUrl: (id) => `${base}/responses/${encodeURIComponent(id)}`,
    responses: (id) => responses.filter((r) => r.id === id),
    waitForMessage(predicate, timeoutMs = 5000) {
      const past = messages.find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          messageWaiters.splice(messageWaiters.findIndex((w) => w.resolve === done), 1);
          reject(new Error(`fake slack: no matching message within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`));
        }, timeoutMs);
        const done = (message: FakeSlackMessage): void => {
          clearTimeout(timer);
          messageWaiters.splice(messageWaiters.findIndex((w) => w.resolve === done), 1);
          resolve(message);
        };
        messageWaiters.push({ predicate, resolve: done });
      });
    },
    expireResponseUrl(id) {
      expired.add(id);
    },
    waitForResponse(id, timeoutMs = 5000) {
      const past = responses.find((r) => r.id === id);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          responseWaiters.splice(responseWaiters.findIndex((w) => w.resolve === done), 1);
          reject(new Error(`fake slack: no response_url post for ${id} within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`));
        }, timeoutMs);
        const done = (post: ResponseUrlPost): void => {
          clearTimeout(timer);
          responseWaiters.splice(responseWaiters.findIndex((w) => w.resolve === done), 1);
          resolve(post);
        };
        responseWaiters.push({ id, resolve: done });
      });
    },
    failNext(method, failure) {
      const queue = pending.get(method) ?? [];
      queue.push({ ...failure, times: failure.times ?? 1 });
      pending.set(method, queue);
    },
    failChannel(channel, error) {
      channelFailures.set(channel, error);
    },
    invalidAuth() {
      revoked = true;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Validates chat.postMessage `metadata` as Slack does: an event_type and an object event_payload. */
function metadataOf(raw: unknown): FakeMessageMetadata {
  const value = raw as { event_type?: unknown; event_payload?: unknown } | null;
  if (typeof value !== 'object' || value === null || typeof value.event_type !== 'string' || !EVENT_TYPE.test(value.event_type)) throw new SlackFailure('invalid_metadata_format');
  if (typeof value.event_payload !== 'object' || value.event_payload === null || Array.isArray(value.event_payload)) throw new SlackFailure('invalid_metadata_format');
  return { event_type: value.event_type, event_payload: value.event_payload as Record<string, unknown> };
}
