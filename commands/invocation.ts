import type { ChannelRef } from '../src/domain/channel.ts';
import type { TypedBy } from '../src/rules/feed-location.ts';
import type { CommandServices } from './services.ts';

/** Who ran a command, where, and with which services. */
export interface CommandContext {
  channel: ChannelRef;
  /** A direct message with the bot rather than a channel: no channel row is made for member commands there. */
  direct?: boolean;
  user: { id: string; name?: string; isAdmin(): Promise<boolean> };
  services: CommandServices;
  /**
   * Who typed it: `local` for the console and the CLI (`digest command`), which may name files on the bot's disk;
   * otherwise what the channel's platform implies (chat for Discord and Slack).
   */
  typedBy?: TypedBy;
  /**
   * Whether a channel id names a channel of this workspace that the bot can see, so a setting that sends messages
   * there (the admin alert channel) never points at another workspace's channel. Absent where a channel id cannot
   * name another workspace's channel (Slack: one bot token per workspace) or on the console.
   */
  channelInWorkspace?(channelId: string): Promise<boolean>;
}
