import type { ChannelRef } from '../src/domain/channel.ts';
import type { CommandServices } from './services.ts';

/** Who ran a command, where, and with which services. */
export interface CommandContext {
  channel: ChannelRef;
  /** A direct message with the bot rather than a channel: no channel row is made for member commands there. */
  direct?: boolean;
  user: { id: string; name?: string; isAdmin(): Promise<boolean> };
  services: CommandServices;
}
