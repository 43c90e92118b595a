import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { isWellFormed } from '../../src/text/well-formed.ts';
import { HttpFailure, invalidForm, LIMITS, rateLimitHeaders, bucketOf, validateCallback, validateMessage } from './discord-limits.ts';

/**
 * A fake Discord on 127.0.0.1: REST under `/api/v10` and a gateway WebSocket under `/gateway`, enough for
 * the real discord.js Client to log in, receive interactions and post. It enforces Discord's message
 * limits with 400s in Discord's error shape, so an adapter that overflows a limit fails here as it would live.
 * Message creation honours `nonce` + `enforce_nonce` (the same nonce from the bot in the same channel within
 * the window returns the message already created), and starting a second thread from a message answers 160004.
 */

export interface FakeGuild {
  id: string;
  name: string;
  /** type 0 = text, 2 = voice (has text chat, no message threads), 5 = announcement, 15 = forum. */
  channels: { id: string; name: string; type?: number }[];
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  botUserId?: string;
  guilds?: FakeGuild[];
  /** How long an enforced nonce is remembered ("the past few minutes"; Discord does not say exactly). Default 3 min. */
  nonceWindowMs?: number;
  /**
   * Privileged intents enabled for the application in the Developer Portal (off by default, as for a new bot). A
   * session identifying with a privileged intent that is not enabled is closed with 4014, as Discord does.
   */
  privilegedIntents?: { messageContent?: boolean; guildMembers?: boolean; guildPresences?: boolean };
}

/** Gateway intent bits the fake acts on (DAD topics/gateway.mdx). */
export const INTENTS = { guilds: 1 << 0, guildMembers: 1 << 1, guildPresences: 1 << 8, guildMessages: 1 << 9, guildMessageReactions: 1 << 10, directMessages: 1 << 12, messageContent: 1 << 15 } as const;

/** A person (not the bot) as the fake shows them in messages and reactions. */
export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

/** One REST request as the fake received it. */
export interface RecordedCall {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/channels/1/messages`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | undefined>;
  /** The status the fake answered. */
  status: number;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: FakeEmbed[];
  allowed_mentions: unknown;
  flags: number;
  /** The nonce it was created with, if any. */
  nonce?: string | number;
  /** ISO time it was created. */
  timestamp: string;
  /** Who wrote it; the bot when absent. */
  author?: FakeUser;
  /** The message it replies to, if any. */
  message_reference?: { message_id: string; channel_id?: string; guild_id?: string };
  /** Users it mentions. */
  mentions?: FakeUser[];
}

export interface FakeEmbed {
  title?: string;
  url?: string;
  description?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  author?: { name: string };
}

export interface FakeThread {
  id: string;
  parentId: string;
  name: string;
  autoArchiveDuration: number | undefined;
}

/** What a scripted failure answers. */
export interface ScriptedFailure {
  status: number;
  /** Seconds, for 429s. */
  retryAfter?: number;
  global?: boolean;
  code?: number;
  message?: string;
  /** Discord's per-field errors of a 400 Invalid Form Body (50035), e.g. `{ embeds: { 0: { description: { _errors: [...] } } } }`. */
  errors?: Record<string, unknown>;
  /** How many matching requests fail; default 1. */
  times?: number;
}

/** A function matcher also sees the request's JSON body, to refuse one payload (a piece) and not the others. */
export type RouteMatcher = { method?: string; path: string | RegExp } | ((call: { method: string; path: string; body: unknown }) => boolean);

export interface FakeDiscord {
  /** For `rest.api` / `apiUrl`: `http://127.0.0.1:P/api`. */
  apiUrl: string;
  token: string;
  applicationId: string;
  botUserId: string;
  calls: RecordedCall[];
  /** Messages by channel or thread id, in posting order. */
  messages: Map<string, FakeMessage[]>;
  threads: Map<string, FakeThread>;
  /** Application commands by scope: 'global' or a guild id. */
  commands: Map<string, unknown[]>;
  messagesIn(channelId: string): FakeMessage[];
  failNext(matcher: RouteMatcher, failure: ScriptedFailure): void;
  /** Every bot call touching the channel answers 403 Missing Permissions (50013). */
  forbid(channelId: string): void;
  /** Only thread creation from a message in the channel answers 403 (50013). */
  forbidThreads(channelId: string): void;
  /** The bot lacks Read Message History there: listing messages answers an empty list and reading one answers 403, as Discord does. */
  forbidHistory(channelId: string): void;
  /** The channel answers 404 Unknown Channel (10003) from now on. */
  deleteChannel(channelId: string): void;
  /** Forgets every remembered nonce, as if the nonce window had passed. */
  expireNonces(): void;
  /** Pushes INTERACTION_CREATE to every connected gateway session. */
  dispatchInteraction(payload: Record<string, unknown>): void;
  /**
   * A member posts in a channel or thread: the message is stored (history shows it) and MESSAGE_CREATE goes to every
   * session with the GUILD_MESSAGES intent — without MESSAGE_CONTENT, with empty content unless it mentions the bot.
   */
  postAsUser(input: { channelId: string; author: FakeUser; content: string; replyTo?: string; mentions?: FakeUser[] }): FakeMessage;
  /** The member edits it: MESSAGE_UPDATE, under the same intent rules. */
  editAsUser(channelId: string, messageId: string, content: string): void;
  /** The member deletes it: MESSAGE_DELETE. */
  deleteAsUser(channelId: string, messageId: string): void;
  /** A member adds or removes a reaction: MESSAGE_REACTION_ADD/REMOVE to sessions with GUILD_MESSAGE_REACTIONS. */
  react(input: { channelId: string; messageId: string; user: FakeUser; emoji: string; remove?: boolean }): void;
  /** Direct-message channels the bot opened, by recipient user id. */
  dmChannels: Map<string, string>;
  /** The member does not accept direct messages from server members: posting to their DM answers 50007. */
  blockDirectMessages(userId: string): void;
  /** The intents each gateway session identified with, in connection order. */
  sessionIntents(): number[];
  /** Close codes the fake sent to sessions (4014 for disallowed intents). */
  closeCodes: number[];
  /** Resolves with the first recorded call (past or future) matching; rejects after `timeoutMs`. */
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 port 0. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = options.token ?? 'fake-bot-token-0123456789';
  const applicationId = options.applicationId ?? '900000000000000001';
  const botUserId = options.botUserId ?? applicationId;
  const guilds = options.guilds ?? [{ id: '800000000000000001', name: 'Research', channels: [{ id: '700000000000000001', name: 'digest' }] }];
  const calls: RecordedCall[] = [];
  const messages = new Map<string, FakeMessage[]>();
  const threads = new Map<string, FakeThread>();
  const commands = new Map<string, unknown[]>();
  const failures: { matcher: RouteMatcher; failure: ScriptedFailure; left: number }[] = [];
  const forbidden = new Set<string>();
  const threadsForbidden = new Set<string>();
  const historyForbidden = new Set<string>();
  const deleted = new Set<string>();
  const nonceWindowMs = options.nonceWindowMs ?? 3 * 60_000;
  /** Enforced nonces by `${channelId}:${nonce}` (one bot user here, so the author is implied). */
  const nonces = new Map<string, { at: number; message: Record<string, unknown> }>();
  const waiters: { predicate: (call: RecordedCall) => boolean; resolve: (call: RecordedCall) => void }[] = [];
  const sockets = new Set<WebSocket>();
  const intentsOf = new Map<WebSocket, number>();
  const identified: number[] = [];
  const closeCodes: number[] = [];
  const dmChannels = new Map<string, string>();
  const dmBlocked = new Set<string>();
  const privileged = options.privilegedIntents ?? {};
  let nextId = 1_300_000_000_000_000_000n;
  const snowflake = (): string => String(++nextId);
  let sequence = 0;

  const channelInfo = (id: string): { id: string; name: string; type: number; guildId: string } | undefined => {
    if (deleted.has(id)) return undefined;
    for (const guild of guilds) {
      const channel = guild.channels.find((c) => c.id === id);
      if (channel) return { id, name: channel.name, type: channel.type ?? 0, guildId: guild.id };
    }
    const thread = threads.get(id);
    if (thread) {
      const parent = channelInfo(thread.parentId);
      if (parent) return { id, name: thread.name, type: 11, guildId: parent.guildId };
    }
    for (const [userId, dm] of dmChannels) if (dm === id) return { id, name: `dm-${userId}`, type: 1, guildId: '' };
    return undefined;
  };

  const record = (call: RecordedCall): void => {
    calls.push(call);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(call)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  };

  const matches = (matcher: RouteMatcher, method: string, path: string, body: unknown): boolean => {
    if (typeof matcher === 'function') return matcher({ method, path, body });
    if (matcher.method !== undefined && matcher.method.toUpperCase() !== method) return false;
    return typeof matcher.path === 'string' ? matcher.path === path : matcher.path.test(path);
  };

  const scriptedFailure = (method: string, path: string, body: unknown): HttpFailure | undefined => {
    const entry = failures.find((f) => f.left > 0 && matches(f.matcher, method, path, body));
    if (!entry) return undefined;
    entry.left -= 1;
    const { failure } = entry;
    if (failure.status === 429) {
      const retryAfter = failure.retryAfter ?? 0.05;
      const headers: Record<string, string> = {
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(Date.now() / 1000 + retryAfter),
        'X-RateLimit-Reset-After': String(retryAfter),
        'X-RateLimit-Bucket': bucketOf(method, path),
        'X-RateLimit-Scope': failure.global ? 'global' : 'user',
      };
      if (failure.global) headers['X-RateLimit-Global'] = 'true';
      return new HttpFailure(429, { message: failure.message ?? 'You are being rate limited.', retry_after: retryAfter, global: failure.global ?? false }, headers);
    }
    return new HttpFailure(failure.status, { message: failure.message ?? `${failure.status}: scripted failure`, code: failure.code ?? 0, ...(failure.errors === undefined ? {} : { errors: failure.errors }) });
  };

  const route = async (method: string, path: string, query: URLSearchParams, body: unknown, headers: Record<string, string | undefined>): Promise<{ status: number; payload?: unknown }> => {
    const segments = path.split('/').filter(Boolean);
    const isInteractionRoute = segments[0] === 'interactions' || segments[0] === 'webhooks';
    if (!isInteractionRoute && headers['authorization'] !== `Bot ${token}`) throw new HttpFailure(401, { message: '401: Unauthorized', code: 0 });
    const failure = scriptedFailure(method, path, body);
    if (failure) throw failure;

    if (method === 'GET' && path === '/gateway/bot') {
      return { status: 200, payload: { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 } } };
    }
    // The bot's own user, as Discord answers it to a bot token (what `digest doctor` and the start-up check read).
    if (method === 'GET' && path === '/users/@me') return { status: 200, payload: { ...botAuthor(), flags: 0, mfa_enabled: false, verified: true } };
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = (body as { recipient_id?: unknown } | undefined)?.recipient_id;
      if (typeof recipient !== 'string' || !/^\d+$/.test(recipient)) throw invalidForm('recipient_id', 'Value "' + String(recipient) + '" is not snowflake.');
      let id = dmChannels.get(recipient);
      if (id === undefined) dmChannels.set(recipient, id = snowflake());
      return { status: 200, payload: { id, type: 1, last_message_id: null, flags: 0, recipients: [{ id: recipient, username: `user-${recipient}`, discriminator: '0', avatar: null, global_name: null }] } };
    }
    if (segments[0] === 'channels' && segments[1] !== undefined) return channelRoute(method, segments, body, query);
    if (segments[0] === 'interactions' && method === 'POST' && segments[3] === 'callback') {
      validateCallback(body);
      if (query.get('with_response') === 'true') {
        return { status: 200, payload: { interaction: { id: segments[1], type: 2 }, resource: { type: (body as { type?: number }).type ?? 4 } } };
      }
      return { status: 204 };
    }
    if (segments[0] === 'webhooks' && segments[1] !== undefined && segments[2] !== undefined) {
      if (method === 'DELETE' && segments[3] === 'messages') return { status: 204 };
      if ((method === 'PATCH' || method === 'GET') && segments[3] === 'messages') {
        if (method === 'PATCH') validateMessage(body);
        return { status: 200, payload: messageObject(`webhook:${segments[2]}`, '0', body) };
      }
      if (method === 'POST' && segments.length === 3) {
        validateMessage(body);
        return { status: 200, payload: messageObject(`webhook:${segments[2]}`, '0', body) };
      }
    }
    if (segments[0] === 'applications' && segments[1] === applicationId) {
      const scope = segments[2] === 'guilds' && segments[3] !== undefined && segments[4] === 'commands' ? segments[3] : segments[2] === 'commands' && segments.length === 3 ? 'global' : undefined;
      if (scope !== undefined) {
        if (method === 'GET') return { status: 200, payload: commands.get(scope) ?? [] };
        if (method === 'PUT') {
          if (!Array.isArray(body)) throw invalidForm('_root', 'Must be an array.');
          const stored = body.map((command: Record<string, unknown>) => ({ type: 1, nsfw: false, ...command, id: snowflake(), application_id: applicationId, version: snowflake(), ...(scope === 'global' ? {} : { guild_id: scope }) }));
          commands.set(scope, stored);
          return { status: 200, payload: stored };
        }
      }
    }
    throw new HttpFailure(404, { message: '404: Not Found', code: 0 });
  };

  const channelRoute = (method: string, segments: string[], body: unknown, query: URLSearchParams): { status: number; payload?: unknown } => {
    const channelId = segments[1]!;
    const info = channelInfo(channelId);
    if (!info) throw new HttpFailure(404, { message: 'Unknown Channel', code: 10003 });
    const parentId = threads.get(channelId)?.parentId ?? channelId;
    if (forbidden.has(channelId) || forbidden.has(parentId)) throw new HttpFailure(403, { message: 'Missing Permissions', code: 50013 });
    if (method === 'GET' && segments.length === 2) {
      const thread = threads.get(channelId);
      return { status: 200,
        payload: { id: channelId, type: info.type, name: info.name, guild_id: info.guildId,
          ...(thread ? { parent_id: thread.parentId, thread_metadata: { archived: false, auto_archive_duration: thread.autoArchiveDuration ?? 1440, locked: false } } : {}) } };
    }
    if (method === 'GET' && segments[2] === 'messages' && segments.length === 3) {
      // Newest first, at most `limit` (1–100, default 50), before/after a message id; no history permission: none.
      const limit = Number(query.get('limit') ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalidForm('limit', 'int value should be between 1 and 100.');
      if (historyForbidden.has(channelId) || historyForbidden.has(parentId)) return { status: 200, payload: [] };
      const before = query.get('before');
      const after = query.get('after');
      const list = (messages.get(channelId) ?? [])
        .filter((m) => (before === null || BigInt(m.id) < BigInt(before)) && (after === null || BigInt(m.id) > BigInt(after)));
      const page = after === null ? list.slice(-limit) : list.slice(0, limit);
      return { status: 200,
        payload: page.reverse().map((m) => ({ ...m, type: 0, guild_id: info.guildId, author: m.author === undefined ? botAuthor() : userObject(m.author), edited_timestamp: null, tts: false, mention_everyone: false, pinned: false,
          attachments: [], mentions: (m.mentions ?? []).map(userObject), mention_roles: [], components: [] })
        ) };
    }
    if (method === 'GET' && segments[2] === 'messages' && segments.length === 4) {
      // One message needs Read Message History: without it Discord refuses (50013), where the list answers empty.
      if (historyForbidden.has(channelId) || historyForbidden.has(parentId)) throw new HttpFailure(403, { message: 'Missing Permissions', code: 50013 });
      const found = (messages.get(channelId) ?? []).find((m) => m.id === segments[3]);
      if (!found) throw new HttpFailure(404, { message: 'Unknown Message', code: 10008 });
      return { status: 200,
        payload: { ...found, type: 0, guild_id: info.guildId, author: botAuthor(), edited_timestamp: null, tts: false, mention_everyone: false, pinned: false, attachments: [], mentions: [], mention_roles: [], components: [] } };
    }
    if (method === 'POST' && segments[2] === 'messages' && segments.length === 3) {
      // Forum and media channels take posts (threads), not plain messages.
      if (info.type === 15 || info.type === 16) throw new HttpFailure(400, { message: 'Cannot execute action on this channel type', code: 50024 });
      if (info.type === 1 && [...dmChannels].some(([userId, dm]) => dm === channelId && dmBlocked.has(userId))) throw new HttpFailure(403, { message: 'Cannot send messages to this user', code: 50007 });
      validateMessage(body);
      const { nonce, enforce_nonce: enforceNonce } = body as { nonce?: unknown; enforce_nonce?: unknown };
      if (nonce !== undefined && typeof nonce !== 'string' && typeof nonce !== 'number') throw invalidForm('nonce', 'This field must be a string or integer.');
      if (nonce !== undefined && String(nonce).length > LIMITS.nonce) throw invalidForm('nonce', `Must be ${LIMITS.nonce} or fewer in length.`);
      const nonceKey = nonce !== undefined && enforceNonce === true ? `${channelId}:${String(nonce)}` : undefined;
      const seen = nonceKey === undefined ? undefined : nonces.get(nonceKey);
      // The message created earlier with this nonce comes back; no new message is created.
      if (seen && Date.now() - seen.at <= nonceWindowMs) return { status: 200, payload: seen.message };
      const message = messageObject(channelId, info.guildId, body);
      const reference = (body as { message_reference?: { message_id?: unknown } }).message_reference;
      const stored: FakeMessage = {
        id: message.id,
        channel_id: channelId,
        content: message.content,
        embeds: message.embeds,
        allowed_mentions: (body as Record<string, unknown>)['allowed_mentions'],
        flags: message.flags,
        timestamp: message.timestamp,
        ...(nonce === undefined ? {} : { nonce: nonce as string | number }),
        ...(typeof reference?.message_id === 'string' ? { message_reference: { message_id: reference.message_id } } : {}),
      };
      const list = messages.get(channelId) ?? [];
      list.push(stored);
      messages.set(channelId, list);
      if (nonceKey !== undefined) nonces.set(nonceKey, { at: Date.now(), message });
      return { status: 200, payload: message };
    }
    if (method === 'POST' && segments[2] === 'messages' && segments[3] !== undefined && segments[4] === 'threads') {
      const messageId = segments[3];
      if (threadsForbidden.has(channelId)) throw new HttpFailure(403, { message: 'Missing Permissions', code: 50013 });
      if (info.type !== 0 && info.type !== 5) throw new HttpFailure(400, { message: 'Cannot execute action on this channel type', code: 50024 });
      if (!(messages.get(channelId) ?? []).some((m) => m.id === messageId)) throw new HttpFailure(404, { message: 'Unknown Message', code: 10008 });
      if (threads.has(messageId)) throw new HttpFailure(400, { message: 'A thread has already been created for this message', code: 160004 });
      const { name, auto_archive_duration: autoArchive } = (body ?? {}) as { name?: unknown; auto_archive_duration?: number };
      if (typeof name !== 'string' || name.trim().length < 1 || name.trim().length > LIMITS.threadName || !isWellFormed(name)) throw invalidForm('name', `Must be between 1 and ${LIMITS.threadName} in length.`);
      threads.set(messageId, { id: messageId, parentId: channelId, name, autoArchiveDuration: autoArchive });
      return { status: 201,
        payload: { id: messageId, type: 11, guild_id: info.guildId, parent_id: channelId, name, owner_id: botUserId,
          thread_metadata: { archived: false, auto_archive_duration: autoArchive ?? 1440, archive_timestamp: new Date().toISOString(), locked: false }, message_count: 0, member_count: 1 } };
    }
    throw new HttpFailure(404, { message: '404: Not Found', code: 0 });
  };

  const botAuthor = () => ({ id: botUserId, username: 'digest-bot', discriminator: '0', avatar: null, bot: true, global_name: null });
  const userObject = (user: FakeUser) => ({ id: user.id, username: user.username, discriminator: '0', avatar: null, global_name: user.username, ...(user.bot === true ? { bot: true } : {}) });

  /** The sessions subscribed to `intent`, each with whether it may read message content. */
  const sessionsWith = (intent: number): { socket: WebSocket; content: boolean }[] =>
    [...sockets].filter((s) => ((intentsOf.get(s) ?? 0) & intent) !== 0).map((socket) => ({ socket, content: ((intentsOf.get(socket) ?? 0) & INTENTS.messageContent) !== 0 }));

  /** A user message as a gateway MESSAGE_CREATE/UPDATE payload; content withheld from a session without MESSAGE_CONTENT unless the bot is mentioned. */
  const messagePayload = (m: FakeMessage, guildId: string, content: boolean): Record<string, unknown> => {
    const mentionsBot = (m.mentions ?? []).some((u) => u.id === botUserId);
    const visible = content || mentionsBot;
    return {
      id: m.id,
      channel_id: m.channel_id,
      guild_id: guildId,
      type: m.message_reference === undefined ? 0 : 19,
      author: m.author === undefined ? botAuthor() : userObject(m.author),
      member: { roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
      content: visible ? m.content : '',
      embeds: visible ? m.embeds : [],
      attachments: [],
      components: [],
      mentions: (m.mentions ?? []).map(userObject),
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: m.timestamp,
      edited_timestamp: null,
      flags: 0,
      ...(m.message_reference === undefined ? {} : { message_reference: { type: 0, message_id: m.message_reference.message_id, channel_id: m.message_reference.channel_id ?? m.channel_id, guild_id: guildId } }),
    };
  };

  const messageObject = (channelId: string, guildId: string, body: unknown): FakeMessage & Record<string, unknown> => {
    const b = (body ?? {}) as { content?: string; embeds?: FakeEmbed[]; flags?: number; nonce?: string | number };
    return {
      id: snowflake(),
      channel_id: channelId,
      guild_id: guildId,
      type: 0,
      content: b.content ?? '',
      embeds: b.embeds ?? [],
      flags: b.flags ?? 0,
      ...(b.nonce === undefined ? {} : { nonce: b.nonce }),
      author: botAuthor(),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      pinned: false,
      attachments: [],
      mentions: [],
      mention_roles: [],
      components: [],
      allowed_mentions: (body as Record<string, unknown> | undefined)?.['allowed_mentions'],
    };
  };

  const server = createServer((req, res) => void handle(req, res));
  const wss = new WebSocketServer({ server, path: '/gateway' });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      intentsOf.delete(socket);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (data) => {
      let frame: { op?: number; d?: unknown };
      try {
        frame = JSON.parse(String(data)) as { op?: number; d?: unknown };
      } catch {
        return;
      }
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      else if (frame.op === 2) {
        const intents = Number((frame.d as { intents?: unknown } | undefined)?.intents ?? 0);
        identified.push(intents);
        const disallowed = ((intents & INTENTS.messageContent) !== 0 && privileged.messageContent !== true)
          || ((intents & INTENTS.guildMembers) !== 0 && privileged.guildMembers !== true)
          || ((intents & INTENTS.guildPresences) !== 0 && privileged.guildPresences !== true);
        if (disallowed) {
          closeCodes.push(4014);
          socket.close(4014, 'Disallowed intent(s).');
          return;
        }
        intentsOf.set(socket, intents);
        identify(socket);
      } else if (frame.op === 6) socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
    });
  });

  const dispatch = (socket: WebSocket, t: string, d: unknown): void => {
    socket.send(JSON.stringify({ op: 0, t, s: ++sequence, d }));
  };

  const identify = (socket: WebSocket): void => {
    dispatch(socket, 'READY', {
      v: 10,
      user: { id: botUserId, username: 'digest-bot', discriminator: '0', avatar: null, bot: true, global_name: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: `session-${snowflake()}`,
      resume_gateway_url: gatewayUrl,
      shard: [0, 1],
      application: { id: applicationId, flags: 0 },
    });
    for (const guild of guilds) {
      dispatch(socket, 'GUILD_CREATE', {
        id: guild.id,
        name: guild.name,
        icon: null,
        owner_id: '1',
        unavailable: false,
        member_count: 2,
        large: false,
        features: [],
        roles: [],
        emojis: [],
        stickers: [],
        members: [],
        presences: [],
        voice_states: [],
        threads: [],
        stage_instances: [],
        guild_scheduled_events: [],
        joined_at: new Date().toISOString(),
        channels: guild.channels.filter((c) => !deleted.has(c.id)).map((c, position) => ({ id: c.id, type: c.type ?? 0, name: c.name, position, guild_id: guild.id, permission_overwrites: [] })),
      });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const path = url.pathname.replace(/^\/api\/v\d+/, '').split('/').map((s) => decodeURIComponent(s)).join('/');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(req.headers)) headers[key] = Array.isArray(value) ? value.join(', ') : value;
    let body: unknown = raw;
    if (raw.length > 0 && (headers['content-type'] ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    } else if (raw.length === 0) body = undefined;
    let status: number;
    let payload: unknown;
    let extraHeaders: Record<string, string> = {};
    try {
      const result = await route(method, path, url.searchParams, body, headers);
      status = result.status;
      payload = result.payload;
      extraHeaders = rateLimitHeaders(method, path);
    } catch (error) {
      if (error instanceof HttpFailure) {
        status = error.status;
        payload = error.payload;
        extraHeaders = { ...(status === 429 ? {} : rateLimitHeaders(method, path)), ...error.headers };
      } else {
        status = 500;
        payload = { message: `fake discord crashed: ${String(error)}`, code: 0 };
      }
    }
    // A 204 has no body, so no JSON content type: discord.js would try to parse the empty body.
    res.writeHead(status, status === 204 ? extraHeaders : { 'Content-Type': 'application/json', ...extraHeaders });
    res.end(status === 204 ? undefined : JSON.stringify(payload ?? {}));
    record({ method, path, query: url.searchParams, body, headers, status });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    applicationId,
    botUserId,
    calls,
    messages,
    threads,
    commands,
    messagesIn: (channelId) => messages.get(channelId) ?? [],
    failNext(matcher, failure) {
      failures.push({ matcher, failure, left: failure.times ?? 1 });
    },
    forbid: (channelId) => void forbidden.add(channelId),
    forbidThreads: (channelId) => void threadsForbidden.add(channelId),
    forbidHistory: (channelId) => void historyForbidden.add(channelId),
    deleteChannel: (channelId) => void deleted.add(channelId),
    expireNonces: () => nonces.clear(),
    dispatchInteraction(payload) {
      for (const socket of sockets) dispatch(socket, 'INTERACTION_CREATE', payload);
    },
    postAsUser(input) {
      const info = channelInfo(input.channelId);
      if (info === undefined) throw new Error(`fake discord: no channel ${input.channelId}`);
      const message: FakeMessage = {
        id: snowflake(),
        channel_id: input.channelId,
        content: input.content,
        embeds: [],
        allowed_mentions: undefined,
        flags: 0,
        timestamp: new Date().toISOString(),
        author: input.author,
        mentions: input.mentions ?? [],
        ...(input.replyTo === undefined ? {} : { message_reference: { message_id: input.replyTo } }),
      };
      const list = messages.get(input.channelId) ?? [];
      list.push(message);
      messages.set(input.channelId, list);
      for (const { socket, content } of sessionsWith(INTENTS.guildMessages)) dispatch(socket, 'MESSAGE_CREATE', messagePayload(message, info.guildId, content));
      return message;
    },
    editAsUser(channelId, messageId, content) {
      const message = (messages.get(channelId) ?? []).find((m) => m.id === messageId);
      const info = channelInfo(channelId);
      if (message === undefined || info === undefined) throw new Error(`fake discord: no message ${messageId} in ${channelId}`);
      message.content = content;
      for (const { socket, content: canRead } of sessionsWith(INTENTS.guildMessages)) {
        dispatch(socket, 'MESSAGE_UPDATE', { ...messagePayload(message, info.guildId, canRead), edited_timestamp: new Date().toISOString() });
      }
    },
    deleteAsUser(channelId, messageId) {
      const list = messages.get(channelId) ?? [];
      const index = list.findIndex((m) => m.id === messageId);
      if (index >= 0) list.splice(index, 1);
      const info = channelInfo(channelId);
      for (const { socket } of sessionsWith(INTENTS.guildMessages)) dispatch(socket, 'MESSAGE_DELETE', { id: messageId, channel_id: channelId, guild_id: info?.guildId });
    },
    react(input) {
      const info = channelInfo(input.channelId);
      if (info === undefined) throw new Error(`fake discord: no channel ${input.channelId}`);
      const target = (messages.get(input.channelId) ?? []).find((m) => m.id === input.messageId);
      const base = {
        user_id: input.user.id,
        channel_id: input.channelId,
        message_id: input.messageId,
        guild_id: info.guildId,
        emoji: { id: null, name: input.emoji },
        burst: false,
        type: 0,
      };
      const payload = input.remove === true ? base : {
        ...base,
        member: { user: userObject(input.user), roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
        message_author_id: target?.author?.id ?? botUserId,
        burst_colors: [],
      };
      for (const { socket } of sessionsWith(INTENTS.guildMessageReactions)) dispatch(socket, input.remove === true ? 'MESSAGE_REACTION_REMOVE' : 'MESSAGE_REACTION_ADD', payload);
    },
    dmChannels,
    blockDirectMessages: (userId) => void dmBlocked.add(userId),
    sessionIntents: () => [...identified],
    closeCodes,
    waitForCall(predicate, timeoutMs = 5000) {
      const past = calls.find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.findIndex((w) => w.resolve === done), 1);
          reject(new Error(`fake discord: no matching call within ${timeoutMs} ms; calls: ${calls.map((c) => `${c.method} ${c.path}`).join(', ')}`));
        }, timeoutMs);
        const done = (call: RecordedCall): void => {
          clearTimeout(timer);
          resolve(call);
        };
        waiters.push({ predicate, resolve: done });
      });
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A slash-command interaction payload as the gateway delivers it (`/digest [group] sub options…`). */
export function buildCommandInteraction(input: {
  applicationId: string;
  guildId: string;
  channelId: string;
  userId?: string;
  /** Permission bitfield string of the member; '0' for none, '32' for Manage Server. */
  permissions?: string;
  group?: string;
  subcommand: string;
  options?: { name: string; type: number; value: string | number | boolean }[];
  id?: string;
  token?: string;
}): Record<string, unknown> {
  const leaf = { type: 1, name: input.subcommand, options: input.options ?? [] };
  const top = input.group === undefined ? leaf : { type: 2, name: input.group, options: [leaf] };
  const userId = input.userId ?? '600000000000000001';
  return {
    id: input.id ?? '1400000000000000001',
    application_id: input.applicationId,
    type: 2,
    token: input.token ?? `interaction-token-${Math.random().toString(36).slice(2)}`,
    version: 1,
    guild_id: input.guildId,
    channel_id: input.channelId,
    channel: { id: input.channelId, type: 0, name: 'digest', guild_id: input.guildId },
    member: {
      user: { id: userId, username: 'reader', discriminator: '0', avatar: null, global_name: 'Reader' },
      roles: [],
      joined_at: '2026-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      permissions: input.permissions ?? '0',
    },
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': input.guildId },
    context: 0,
    data: { id: '1500000000000000001', type: 1, name: 'digest', options: [top] },
  };
}

/** The flattened text of a message (content, embed titles, descriptions, fields, footers), for assertions. */
export function messageText(message: FakeMessage): string {
  const parts: string[] = [message.content];
  for (const embed of message.embeds) {
    parts.push(embed.author?.name ?? '', embed.title ?? '', embed.url ?? '', embed.description ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
    parts.push(embed.footer?.text ?? '');
  }
  return parts.filter((p) => p.length > 0).join('\n');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
