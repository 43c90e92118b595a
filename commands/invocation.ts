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
}
