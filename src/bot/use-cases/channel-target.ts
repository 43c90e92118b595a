import type { Channel } from '../../domain/channel.ts';
import type { ChannelStore } from '../../store/ports/channels.ts';
import type { Actor } from '../actor.ts';
import { invalidInput } from '../errors.ts';
import { channelsInScope } from './scope.ts';

/** The one channel a settings or schedule use case acts on: the admin's own, or the one the operator names. */
export async function targetChannel(store: ChannelStore, actor: Actor): Promise<Channel> {
  if (actor.kind === 'admin') return (await store.getChannel(actor.channel.id)) ?? actor.channel;
  const channels = await channelsInScope(store, actor);
  if (channels?.length !== 1 || channels[0] === undefined) throw invalidInput('Name one channel for this change.', 'Pass --channel <platform:workspace:channel>; `digest sources list` shows the channels.');
  return channels[0];
}
