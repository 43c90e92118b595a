import type { Channel, ChannelRef, ChannelSettings } from '../../domain/channel.ts';
import { channelIdOf } from '../../domain/channel.ts';
import type { ChannelStore } from '../ports/channels.ts';
import { toChannel } from '../row-codec.ts';
import type { QueryContext } from './context.ts';

export function channelQueries({ db, codec }: QueryContext): ChannelStore {
  const getChannel = async (id: string): Promise<Channel | undefined> => {
    const row = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toChannel(row) : undefined;
  };
  return {
    async ensureChannel(ref: ChannelRef, defaults: ChannelSettings) {
      const id = channelIdOf(ref);
      await db.insertInto('channels').values({
        id,
        platform: ref.platform,
        workspace_id: ref.workspaceId,
        channel_id: ref.channelId,
        settings: codec.json(defaults),
        created_at: codec.date(new Date()),
        last_delivery_error: null,
        last_delivery_error_at: null,
        chat_keys: codec.json([]),
      }).onConflict((oc) => oc.column('id').doNothing()).execute();
      const channel = await getChannel(id);
      if (!channel) throw new Error(`channel ${id} vanished after insert`);
      return channel;
    },
    getChannel,
    async listChannels() {
      const rows = await db.selectFrom('channels').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toChannel);
    },
    async updateChannelSettings(id: string, settings: ChannelSettings, options?: { setInChat?: readonly (keyof ChannelSettings)[] }) {
      await db.updateTable('channels').set({
        settings: codec.json(settings),
        ...(options?.setInChat === undefined ? {} : { chat_keys: codec.json([...new Set(options.setInChat)].sort()) }),
      }).where('id', '=', id).execute();
      return getChannel(id);
    },
    async setChannelDeliveryError(id: string, error: string | null, at: Date) {
      await db.updateTable('channels').set({
        last_delivery_error: error,
        last_delivery_error_at: error === null ? null : codec.date(at),
      }).where('id', '=', id).execute();
    },
  };
}
