import { sql, type Kysely } from 'kysely';
import type { Database, StoreDialect } from './db-schema.ts';
import { reachedChannel } from './kysely/digest-reach.ts';
import { readDate } from './row-codec.ts';
import { fts5Query, tsQueryText } from './search-query.ts';
import type { DigestSearchHit } from './ports/digests.ts';

/** A result row of either engine's query, with its rank made higher-is-better by the caller. */
interface HitRow {
  digest_id: string;
  position: number;
  created_at: string | Date;
  title: string;
  source_name: string;
  url: string;
}

function toHit(row: HitRow, rank: number): DigestSearchHit {
  return { digestId: row.digest_id, digestCreatedAt: readDate(row.created_at), position: Number(row.position), title: row.title, sourceName: row.source_name, url: row.url, rank };
}

/**
 * Full-text search over one channel's digest pieces: FTS5 (bm25) on SQLite, tsvector (ts_rank) on
 * Postgres. User text only ever reaches the engine as sanitised word tokens, so it cannot be a syntax error.
 */
export async function searchDigests(
  db: Kysely<Database>,
  dialect: StoreDialect,
  { channelId, query, limit }: { channelId: string; query: string; limit: number },
): Promise<DigestSearchHit[]> {
  if (limit <= 0) return [];
  if (dialect === 'sqlite') {
    const match = fts5Query(query);
    if (match === null) return [];
    const result = await sql<{ digest_id: string; position: number; score: number; created_at: string; title: string; source_name: string; url: string }>`
      select s.digest_id, cast(s.position as integer) as position, bm25(digest_search) as score,
             d.created_at, dp.title, dp.source_name, dp.url
      from digest_search s
      join digests d on d.id = s.digest_id
      join digest_pieces dp on dp.digest_id = s.digest_id and dp.position = cast(s.position as integer)
      where digest_search match ${match} and s.channel_id = ${channelId} and ${reachedChannel(sql.ref('d.id'))}
      order by score, d.created_at desc
      limit ${limit}`.execute(db);
    // bm25 is lower-is-better; the port promises higher-is-better.
    return result.rows.map((r) => toHit(r, -Number(r.score)));
  }
  const text = tsQueryText(query);
  if (text === null) return [];
  const result = await sql<{ digest_id: string; position: number; score: number; created_at: Date; title: string; source_name: string; url: string }>`
    select dp.digest_id, dp.position, ts_rank(dp.search_vector, q) as score,
           d.created_at, dp.title, dp.source_name, dp.url
    from digest_pieces dp
    join digests d on d.id = dp.digest_id,
         plainto_tsquery('english', ${text}) q
    where d.channel_id = ${channelId} and dp.search_vector @@ q and ${reachedChannel(sql.ref('d.id'))}
    order by score desc, d.created_at desc
    limit ${limit}`.execute(db);
  return result.rows.map((r) => toHit(r, Number(r.score)));
}
