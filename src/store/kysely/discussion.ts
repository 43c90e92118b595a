import { sql, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import { DEFAULT_DISCUSSION_SETTINGS, type DiscussionSettings, type SourceComment, type StoredThreadComment, type VoteKind } from '../../domain/discussion.ts';
import { SIDE_POST_EDITION_PATTERNS } from '../../domain/side-posts.ts';
import type { SourceCommentsTable, ThreadCommentsTable } from '../db-schema.ts';
import type { DiscussionStores, MessageScope } from '../ports/discussion.ts';
import { readBool, readCount, readDate, readDateOrNull, readJson } from '../row-codec.ts';
import type { QueryContext } from './context.ts';

function toThreadComment(row: Selectable<ThreadCommentsTable>, reactions: number): StoredThreadComment {
  return {
    channelId: row.channel_id,
    messageId: row.message_id,
    digestId: row.digest_id,
    position: row.position === null ? null : Number(row.position),
    replyTo: row.reply_to,
    authorId: row.author_id,
    authorName: row.author_name,
    text: row.text,
    permalink: row.permalink,
    postedAt: readDate(row.posted_at),
    editedAt: readDateOrNull(row.edited_at),
    mentionsBot: readBool(row.mentions_bot),
    reactions,
  };
}

function toSourceComment(row: Selectable<SourceCommentsTable>): SourceComment {
  return {
    pieceId: row.piece_id,
    guid: row.guid,
    author: row.author,
    text: row.text,
    permalink: row.permalink,
    postedAt: readDateOrNull(row.posted_at),
    inReplyTo: row.in_reply_to,
    fetchedAt: readDate(row.fetched_at),
  };
}

/** Restricts a query to stored channels of one workspace, or to one channel of it. */
function inScope(column: 'd.channel_id' | 'channel_id', where: MessageScope): RawBuilder<SqlBool> {
  if (where.channelId !== undefined) return sql<SqlBool>`${sql.ref(column)} = ${`${where.platform}:${where.workspaceId}:${where.channelId}`}`;
  const prefix = `${where.platform}:${where.workspaceId}:`;
  return sql<SqlBool>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;
}

/** Placeholder guard: SQLite binds at most 32,766 values per statement; ids come in far fewer. */
const MAX_IDS = 500;

export function discussionQueries({ db, codec }: QueryContext): DiscussionStores {
  const reactionCounts = async (channelId: string, messageIds: readonly string[]): Promise<Map<string, number>> => {
    if (messageIds.length === 0) return new Map();
    const rows = await db.selectFrom('comment_reactions').select(['message_id', (eb) => eb.fn.countAll().as('n')])
      .where('channel_id', '=', channelId).where('message_id', 'in', [...messageIds]).groupBy('message_id').execute();
    return new Map(rows.map((r) => [r.message_id, readCount(r.n)]));
  };

  const getDiscussionSettings = async (channelId: string): Promise<DiscussionSettings> => {
    const row = await db.selectFrom('discussion_settings').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
    if (row === undefined) return { ...DEFAULT_DISCUSSION_SETTINGS };
    return { feedback: readBool(row.feedback), discussion: readBool(row.discussion), delayHours: row.delay_hours === null ? null : Number(row.delay_hours) };
  };

  return {
    discussion: {
      async locateMessages(where, platformMessageIds) {
        const ids = [...new Set(platformMessageIds)].slice(0, MAX_IDS);
        if (ids.length === 0) return [];
        const rows = await db.selectFrom('delivered_messages as m').innerJoin('deliveries as d', 'd.id', 'm.delivery_id')
          .select(['d.channel_id', 'd.id as delivery_id', 'd.edition', 'd.digest_id', 'm.slot', 'm.platform_message_id'])
          .where('m.platform_message_id', 'in', ids).where(inScope('d.channel_id', where))
          .orderBy('m.posted_at').orderBy('m.slot').execute();
        return rows.map((r) => ({ channelId: r.channel_id, deliveryId: r.delivery_id, edition: r.edition, digestId: r.digest_id, slot: r.slot, platformMessageId: r.platform_message_id }));
      },
      async saveThreadComment(comment) {
        await db.insertInto('thread_comments').values({
          channel_id: comment.channelId,
          message_id: comment.messageId,
          digest_id: comment.digestId,
          position: comment.position,
          reply_to: comment.replyTo,
          author_id: comment.authorId,
          author_name: comment.authorName,
          text: comment.text,
          permalink: comment.permalink,
          posted_at: codec.date(comment.postedAt),
          edited_at: codec.dateOrNull(comment.editedAt),
          mentions_bot: codec.bool(comment.mentionsBot),
        }).onConflict((oc) =>
          oc.columns(['channel_id', 'message_id']).doUpdateSet((eb) => ({
            text: eb.ref('excluded.text'),
            edited_at: eb.ref('excluded.edited_at'),
            author_name: eb.ref('excluded.author_name'),
            mentions_bot: eb.ref('excluded.mentions_bot'),
          }))
        ).execute();
      },
      async findThreadComment(where, messageId) {
        const row = await db.selectFrom('thread_comments').selectAll().where('message_id', '=', messageId).where(inScope('channel_id', where))
          .orderBy('posted_at').executeTakeFirst();
        if (row === undefined) return undefined;
        return toThreadComment(row, (await reactionCounts(row.channel_id, [messageId])).get(messageId) ?? 0);
      },
      async getThreadComment(channelId, messageId) {
        const row = await db.selectFrom('thread_comments').selectAll().where('channel_id', '=', channelId).where('message_id', '=', messageId).executeTakeFirst();
        if (row === undefined) return undefined;
        return toThreadComment(row, (await reactionCounts(channelId, [messageId])).get(messageId) ?? 0);
      },
      async deleteThreadComment(channelId, messageId) {
        await db.deleteFrom('comment_reactions').where('channel_id', '=', channelId).where('message_id', '=', messageId).execute();
        const result = await db.deleteFrom('thread_comments').where('channel_id', '=', channelId).where('message_id', '=', messageId).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      },
      async listThreadComments(channelId, digestId, position) {
        let query = db.selectFrom('thread_comments').selectAll().where('channel_id', '=', channelId).where('digest_id', '=', digestId);
        if (position === null) query = query.where('position', 'is', null);
        else if (position !== undefined) query = query.where('position', '=', position);
        const rows = await query.orderBy('posted_at').orderBy('message_id').execute();
        const counts = await reactionCounts(channelId, rows.map((r) => r.message_id));
        return rows.map((r) => toThreadComment(r, counts.get(r.message_id) ?? 0));
      },
      async setCommentReaction(input) {
        if (input.present) {
          await db.insertInto('comment_reactions').values({
            channel_id: input.channelId,
            message_id: input.messageId,
            member_id: input.memberId,
            emoji: input.emoji,
            at: codec.date(input.at),
          }).onConflict((oc) => oc.columns(['channel_id', 'message_id', 'member_id', 'emoji']).doNothing()).execute();
        } else {
          await db.deleteFrom('comment_reactions').where('channel_id', '=', input.channelId).where('message_id', '=', input.messageId)
            .where('member_id', '=', input.memberId).where('emoji', '=', input.emoji).execute();
        }
      },

      async saveSourceComments(comments) {
        for (const c of comments) {
          await db.insertInto('source_comments').values({
            piece_id: c.pieceId,
            guid: c.guid,
            author: c.author,
            text: c.text,
            permalink: c.permalink,
            posted_at: codec.dateOrNull(c.postedAt),
            in_reply_to: c.inReplyTo,
            fetched_at: codec.date(c.fetchedAt),
          }).onConflict((oc) =>
            oc.columns(['piece_id', 'guid']).doUpdateSet((eb) => ({
              author: eb.ref('excluded.author'),
              text: eb.ref('excluded.text'),
              permalink: eb.ref('excluded.permalink'),
              posted_at: eb.ref('excluded.posted_at'),
              in_reply_to: eb.ref('excluded.in_reply_to'),
              fetched_at: eb.ref('excluded.fetched_at'),
            }))
          ).execute();
        }
      },
      async listSourceComments(pieceId) {
        const rows = await db.selectFrom('source_comments').selectAll().where('piece_id', '=', pieceId).execute();
        // Dated first, oldest first; undated after, in guid order: the same on both backends whatever their NULL ordering.
        return rows.map(toSourceComment).sort((a, b) => {
          if (a.postedAt === null || b.postedAt === null) return a.postedAt === b.postedAt ? a.guid.localeCompare(b.guid) : a.postedAt === null ? 1 : -1;
          return a.postedAt.getTime() - b.postedAt.getTime() || a.guid.localeCompare(b.guid);
        });
      },
      async getCommentFeed(pieceId) {
        const row = await db.selectFrom('comment_feeds').selectAll().where('piece_id', '=', pieceId).executeTakeFirst();
        if (row === undefined) return undefined;
        return { pieceId: row.piece_id, feedUrl: row.feed_url, commentCount: row.comment_count === null ? null : Number(row.comment_count), checkedAt: readDate(row.checked_at), error: row.error };
      },
      async putCommentFeed(record) {
        await db.insertInto('comment_feeds').values({
          piece_id: record.pieceId,
          feed_url: record.feedUrl,
          comment_count: record.commentCount,
          checked_at: codec.date(record.checkedAt),
          error: record.error,
        }).onConflict((oc) =>
          oc.column('piece_id').doUpdateSet((eb) => ({
            feed_url: eb.ref('excluded.feed_url'),
            comment_count: eb.ref('excluded.comment_count'),
            checked_at: eb.ref('excluded.checked_at'),
            error: eb.ref('excluded.error'),
          }))
        ).execute();
      },

      getDiscussionSettings,
      async updateDiscussionSettings(channelId, patch, at) {
        const next = { ...(await getDiscussionSettings(channelId)), ...patch };
        await db.insertInto('discussion_settings').values({
          channel_id: channelId,
          feedback: codec.bool(next.feedback),
          discussion: codec.bool(next.discussion),
          delay_hours: next.delayHours,
          updated_at: codec.date(at),
        }).onConflict((oc) =>
          oc.column('channel_id').doUpdateSet((eb) => ({
            feedback: eb.ref('excluded.feedback'),
            discussion: eb.ref('excluded.discussion'),
            delay_hours: eb.ref('excluded.delay_hours'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
        ).execute();
        return next;
      },

      async listDeliveredDigests(range) {
        let query = db.selectFrom('deliveries').select(['channel_id', 'digest_id', 'id', 'completed_at'])
          .where('status', '=', 'delivered').where('digest_id', 'is not', null)
          .where('completed_at', '>=', codec.date(range.from)).where('completed_at', '<', codec.date(range.to));
        for (const pattern of SIDE_POST_EDITION_PATTERNS) query = query.where('edition', 'not like', pattern);
        const rows = await query.orderBy('completed_at').orderBy('id').execute();
        return rows.map((r) => ({ channelId: r.channel_id, digestId: r.digest_id!, deliveryId: r.id, deliveredAt: readDate(r.completed_at!) }));
      },
      async recordDiscussionCheck(input) {
        const result = await db.insertInto('discussion_checks').values({
          channel_id: input.channelId,
          digest_id: input.digestId,
          position: input.position,
          outcome: input.outcome,
          checked_at: codec.date(input.at),
        }).onConflict((oc) => oc.columns(['channel_id', 'digest_id', 'position']).doNothing()).executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
      },
      async saveDiscussionReply(input) {
        await db.insertInto('discussion_replies').values({
          channel_id: input.channelId,
          digest_id: input.digestId,
          position: input.position,
          reply: codec.json(input.reply),
          created_at: codec.date(input.at),
        }).onConflict((oc) => oc.columns(['channel_id', 'digest_id', 'position']).doUpdateSet((eb) => ({ reply: eb.ref('excluded.reply'), created_at: eb.ref('excluded.created_at') }))).execute();
      },
      async listDiscussionReplies(channelId, digestId) {
        const rows = await db.selectFrom('discussion_replies').select(['position', 'reply']).where('channel_id', '=', channelId).where('digest_id', '=', digestId).execute();
        return new Map(rows.map((r) => [Number(r.position), readJson<unknown>(r.reply)]));
      },
      async checkedPositions(channelId, digestId) {
        const rows = await db.selectFrom('discussion_checks').select('position').where('channel_id', '=', channelId).where('digest_id', '=', digestId).execute();
        return new Set(rows.map((r) => Number(r.position)));
      },
    },

    feedback: {
      async setVote(input) {
        if (input.present) {
          await db.insertInto('piece_votes').values({
            channel_id: input.channelId,
            piece_id: input.pieceId,
            source_id: input.sourceId,
            member_id: input.memberId,
            kind: input.kind,
            at: codec.date(input.at),
          }).onConflict((oc) => oc.columns(['channel_id', 'piece_id', 'member_id', 'kind']).doNothing()).execute();
        } else {
          await db.deleteFrom('piece_votes').where('channel_id', '=', input.channelId).where('piece_id', '=', input.pieceId)
            .where('member_id', '=', input.memberId).where('kind', '=', input.kind).execute();
        }
      },
      async listVotes(channelId, since) {
        const rows = await db.selectFrom('piece_votes').selectAll().where('channel_id', '=', channelId).where('at', '>=', codec.date(since))
          .orderBy('at').orderBy('piece_id').orderBy('member_id').orderBy('kind').execute();
        return rows.map((r) => ({ channelId: r.channel_id, pieceId: r.piece_id, sourceId: r.source_id, memberId: r.member_id, kind: r.kind as VoteKind, at: readDate(r.at) }));
      },
      async setSaved(input) {
        if (!input.present) {
          const result = await db.deleteFrom('saved_pieces').where('member_key', '=', input.memberKey).where('channel_id', '=', input.channelId)
            .where('piece_id', '=', input.pieceId).executeTakeFirst();
          return Number(result.numDeletedRows) > 0;
        }
        const result = await db.insertInto('saved_pieces').values({
          member_key: input.memberKey,
          channel_id: input.channelId,
          piece_id: input.pieceId,
          digest_id: input.digestId,
          position: input.position,
          title: input.title,
          url: input.url,
          saved_at: codec.date(input.at),
        }).onConflict((oc) => oc.columns(['member_key', 'channel_id', 'piece_id']).doNothing()).executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
      },
      async listSaved(memberKey, limit) {
        const rows = await db.selectFrom('saved_pieces').selectAll().where('member_key', '=', memberKey)
          .orderBy('saved_at', 'desc').orderBy('piece_id').limit(limit).execute();
        return rows.map((r) => ({
          memberKey: r.member_key,
          channelId: r.channel_id,
          pieceId: r.piece_id,
          digestId: r.digest_id,
          position: Number(r.position),
          title: r.title,
          url: r.url,
          savedAt: readDate(r.saved_at),
        }));
      },
    },
  };
}
