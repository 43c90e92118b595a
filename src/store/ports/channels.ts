import type { Channel, ChannelRef, ChannelSettings } from '../../domain/channel.ts';

/** Channels and their settings. */
export interface ChannelStore {
  /** Creates the channel with `defaults` on first sight; returns the stored one otherwise. */
  ensureChannel(ref: ChannelRef, defaults: ChannelSettings): Promise<Channel>;
  getChannel(id: string): Promise<Channel | undefined>;
  listChannels(): Promise<Channel[]>;
  /** Replaces the settings; `setInChat`, when given, replaces the list of keys set from chat too. */
  updateChannelSettings(id: string, settings: ChannelSettings, options?: { setInChat?: readonly (keyof ChannelSettings)[] }): Promise<Channel | undefined>;
  /** Null clears the error. */
  setChannelDeliveryError(id: string, error: string | null, at: Date): Promise<void>;
}
