import { sql } from 'kysely';
import type { Digest, DigestPiece } from '../../domain/digest.ts';
import type { DigestStore } from '../ports/digests.ts';
import { toDigest, toDigestPiece } from '../row-codec.ts';
import { searchDigests } from '../search-digests.ts';
import { inTransaction, type QueryContext } from './context.ts';
import { neverReached, reachedChannel } from './digest-reach.ts';

export function digestQueries({ db, dialect, codec }: QueryContext): DigestStore {
  const piecesOfDigests = async (digestIds: string[]): Promise<Map<string, DigestPiece[]>> => {
    const byDigest = new Map<string, DigestPiece[]>();
    if (digestIds.length === 0) return byDigest;
    const rows = await db.selectFrom('digest_pieces')
      .select(['digest_id', 'position', 'piece_id', 'title', 'source_name', 'url', 'read_minutes', 'summary', 'summarised_by', 'reason', 'also_on'])
      .where('digest_id', 'in', digestIds).orderBy('position').execute();
    for (const row of rows) {
      const list = byDigest.get(row.digest_id) ?? [];
      list.push(toDigestPiece(row));
      byDigest.set(row.digest_id, list);
    }
    return byDigest;
  };
  const getDigest = async (id: string): Promise<Digest | undefined> => {
    const row = await db.selectFrom('digests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const pieces = await piecesOfDigests([id]);
    return toDigest(row, pieces.get(id) ?? []);
  };
  return {
    async saveDigest(digest: Digest) {
      await inTransaction(db, async (trx) => {
        const row = {
          channel_id: digest.channelId,
          edition: digest.edition,
          title: digest.title,
          header_line: digest.headerLine,
          created_at: codec.date(digest.createdAt),
          read_minutes: digest.readMinutes,
          summarised_offline: codec.bool(digest.summarisedOffline),
          language: digest.language ?? 'en',
          passed: codec.json(digest.passed ?? []),
          offline_reason: digest.offlineReason == null ? null : codec.json(digest.offlineReason),
        };
        // Saving again replaces the edition's content (a re-render), never duplicates it.
        const existed = await trx.selectFrom('digests').select('id').where('id', '=', digest.id).executeTakeFirst();
        await trx.insertInto('digests').values({ id: digest.id, ...row })
          .onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
        if (existed) {
          await trx.deleteFrom('digest_pieces').where('digest_id', '=', digest.id).execute();
          // FTS5 cannot index an unindexed column, so this scans the search table: only done for a re-render.
          if (dialect === 'sqlite') await trx.deleteFrom('digest_search').where('digest_id', '=', digest.id).execute();
        }
        if (digest.pieces.length === 0) return;
        const searchTexts = digest.pieces.map((p) => [p.summary.summary, p.summary.whyItMatters ?? '', p.summary.whatToBuild ?? '', ...p.summary.keyTakeaways].join('\n'));
        await trx.insertInto('digest_pieces').values(digest.pieces.map((p, i) => ({
          digest_id: digest.id,
          position: p.position,
          piece_id: p.pieceId,
          title: p.title,
          source_name: p.sourceName,
          url: p.url,
          read_minutes: p.readMinutes,
          summary: codec.json(p.summary),
          summarised_by: p.summarisedBy,
          reason: p.reason,
          also_on: codec.json(p.alsoOn ?? []),
          search_text: searchTexts[i]!,
        }))).execute();
        if (dialect === 'sqlite') {
          await trx.insertInto('digest_search').values(digest.pieces.map((p, i) => ({
            digest_id: digest.id,
            channel_id: digest.channelId,
            position: p.position,
            title: p.title,
            body: searchTexts[i]!,
          }))).execute();
        }
      });
    },
    getDigest,
    async findDigestByEdition(channelId: string, edition: string) {
      const row = await db.selectFrom('digests').select('id').where('channel_id', '=', channelId).where('edition', '=', edition)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
      return row === undefined ? undefined : getDigest(row.id);
    },
    async listDigests(channelId: string, options?: { limit?: number; offset?: number }) {
      // Only digests someone received: `/digest latest` never shows one whose delivery posted nothing.
      const rows = await db.selectFrom('digests').selectAll().where('channel_id', '=', channelId).where(reachedChannel(sql.ref('digests.id')))
        .orderBy('created_at', 'desc').orderBy('id', 'desc')
        .limit(options?.limit ?? 20).offset(options?.offset ?? 0).execute();
      const pieces = await piecesOfDigests(rows.map((r) => r.id));
      return rows.map((r) => toDigest(r, pieces.get(r.id) ?? []));
    },
    async digestedPieceIds(channelId: string) {
      const rows = await db.selectFrom('digest_pieces')
        .innerJoin('digests', 'digests.id', 'digest_pieces.digest_id')
        .select('digest_pieces.piece_id').distinct().where('digests.channel_id', '=', channelId)
        // A digest whose delivery failed before anything was posted reached nobody: its pieces may be offered again.
        .where(sql<boolean>`not ${neverReached(sql.ref('digests.id'))}`).execute();
      return new Set(rows.map((r) => r.piece_id));
    },
    searchDigests(channelId: string, query: string, limit: number) {
      return searchDigests(db, dialect, { channelId, query, limit });
    },
  };
}
