import type { Channel } from '../domain/channel.ts';
import type { TypedBy } from '../rules/feed-location.ts';

/**
 * Who runs a use case, which decides what it may see and change (docs/adr/0007-subscriptions-and-ownership.md):
 * - `admin`: a chat (or console) admin in a channel, acting on that channel — or, with scope `workspace`, on the
 *   channels of that channel's workspace (an explicit workspace-wide command);
 * - `operator`: whoever runs the CLI on the bot's machine, acting as the server owner on every channel (or the
 *   ones it names).
 */
export type Actor =
  | { kind: 'admin'; channel: Channel; scope: 'channel' | 'workspace'; typedBy: TypedBy }
  | { kind: 'operator'; channelIds?: readonly string[] };

/**
 * An admin acting in their channel. They type in chat, unless the channel is the console or the operator runs the
 * command from the CLI (`digest command --channel …`), who may name local files.
 */
export function channelAdmin(channel: Channel, options: { scope?: 'channel' | 'workspace'; typedBy?: TypedBy } = {}): Actor {
  return { kind: 'admin', channel, scope: options.scope ?? 'channel', typedBy: options.typedBy ?? (channel.ref.platform === 'console' ? 'local' : 'chat') };
}

/** The local operator (the CLI), optionally limited to some channels. */
export function operator(channelIds?: readonly string[]): Actor {
  return channelIds === undefined ? { kind: 'operator' } : { kind: 'operator', channelIds };
}

/** Whether the actor types locally (CLI, console: files allowed) or in chat (Discord, Slack: http(s) only). */
export function typedBy(actor: Actor): TypedBy {
  return actor.kind === 'operator' ? 'local' : actor.typedBy;
}
