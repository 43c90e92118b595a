import type { Selectable } from 'kysely';
import type { ArchiveVisibility, ChannelArchive } from '../../archive/channel-archive.ts';
import { newCapabilityToken, publicSlugOf } from '../../archive/channel-archive.ts';
import type { ChannelArchivesTable } from '../db-schema.ts';
import type { ArchiveStore } from '../ports/archives.ts';
import { readCount, readDate } from '../row-codec.ts';
import type { QueryContext } from './context.ts';

function toArchive(row: Selectable<ChannelArchivesTable>): ChannelArchive {
  return {
    channelId: row.channel_id,
    visibility: row.visibility as ArchiveVisibility,
    token: row.token,
    slug: row.slug,
    timeZone: row.time_zone,
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}

export function archiveQueries({ db, codec }: QueryContext): ArchiveStore {
  const getArchive = async (channelId: string): Promise<ChannelArchive | undefined> => {
    const row = await db.selectFrom('channel_archives').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
    return row ? toArchive(row) : undefined;
  };
  return {
    async ensureArchive(channelId, timeZone, now) {
      // Insert-or-ignore, then read: racing first sights agree on the one row that won.
      await db.insertInto('channel_archives').values({
        channel_id: channelId,
        visibility: 'private',
        token: newCapabilityToken(),
        slug: publicSlugOf(channelId),
        time_zone: timeZone,
        created_at: codec.date(now),
        updated_at: codec.date(now),
      }).onConflict((oc) => oc.column('channel_id').doNothing()).execute();
      const archive = await getArchive(channelId);
      if (archive === undefined) throw new Error(`the archive of channel ${channelId} vanished after it was created`);
      return archive;
    },
    getArchive,
    async setArchiveVisibility(channelId, visibility, now) {
      await db.updateTable('channel_archives').set({ visibility, updated_at: codec.date(now) }).where('channel_id', '=', channelId).execute();
      return getArchive(channelId);
    },
    async rotateArchiveToken(channelId, token, now) {
      await db.updateTable('channel_archives').set({ token, updated_at: codec.date(now) }).where('channel_id', '=', channelId).execute();
      return getArchive(channelId);
    },
    async findArchiveByKey(key) {
      const row = await db.selectFrom('channel_archives').selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('visibility', '=', 'private'), eb('token', '=', key)]),
            eb.and([eb('visibility', 'in', ['unlisted', 'public']), eb('slug', '=', key)]),
          ])
        )
        .executeTakeFirst();
      return row ? toArchive(row) : undefined;
    },
    async listArchives(visibilities) {
      if (visibilities.length === 0) return [];
      const rows = await db.selectFrom('channel_archives').selectAll().where('visibility', 'in', [...visibilities])
        .orderBy('created_at').orderBy('channel_id').execute();
      return rows.map(toArchive);
    },
    async countDigests(channelId) {
      const row = await db.selectFrom('digests').select((eb) => eb.fn.countAll().as('n')).where('channel_id', '=', channelId).executeTakeFirst();
      return readCount(row?.n);
    },
    async listDigestStamps(channelId, range) {
      let query = db.selectFrom('digests').select(['id', 'created_at']).where('channel_id', '=', channelId);
      if (range !== undefined) query = query.where('created_at', '>=', codec.date(range.from)).where('created_at', '<', codec.date(range.to));
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map((row) => ({ id: row.id, createdAt: readDate(row.created_at) }));
    },
  };
}
