import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Source } from '../../domain/source.ts';
import type { NewSubscription, Subscription, SubscriptionPatch } from '../../domain/subscription.ts';
import type { Database, SubscriptionsTable } from '../db-schema.ts';
import type { SubscriptionStore } from '../ports/subscriptions.ts';
import { toSource, toSubscription, type RowCodec } from '../row-codec.ts';
import { inTransaction, type QueryContext } from './context.ts';

/**
 * The feed-level switches ingest reads, kept from the subscriptions in the same transaction as every change:
 * a feed is paused when no channel reads it actively, and fetches full text when an active reader wants it.
 */
async function refreshFeedFlags(db: Kysely<Database>, codec: RowCodec, sourceId: string): Promise<void> {
  const rows = await db.selectFrom('subscriptions').select(['paused', 'full_text']).where('source_id', '=', sourceId).execute();
  const active = rows.filter((r) => !(r.paused === true || r.paused === 1));
  const fullText = active.some((r) => r.full_text === true || r.full_text === 1);
  await db.updateTable('sources').set({ paused: codec.bool(active.length === 0), full_text: codec.bool(fullText) }).where('id', '=', sourceId).execute();
}

export function subscriptionQueries({ db, codec }: QueryContext): SubscriptionStore {
  const withSources = async (rows: Selectable<SubscriptionsTable>[]): Promise<Subscription[]> => {
    const ids = [...new Set(rows.map((r) => r.source_id))];
    const sources = new Map<string, Source>();
    for (let i = 0; i < ids.length; i += 200) {
      for (const row of await db.selectFrom('sources').selectAll().where('id', 'in', ids.slice(i, i + 200)).execute()) sources.set(row.id, toSource(row));
    }
    return rows.flatMap((row) => {
      const source = sources.get(row.source_id);
      return source === undefined ? [] : [toSubscription(row, source)];
    });
  };
  const getSubscription = async (id: string): Promise<Subscription | undefined> => {
    const row = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : (await withSources([row]))[0];
  };
  const byChannelAndSource = async (trx: Kysely<Database>, channelId: string, sourceId: string) => trx.selectFrom('subscriptions').selectAll().where('channel_id', '=', channelId).where('source_id', '=', sourceId).executeTakeFirst();

  return {
    async subscribe(input: NewSubscription) {
      const { row, created } = await inTransaction(db, async (trx) => {
        const existing = await byChannelAndSource(trx, input.channelId, input.sourceId);
        if (existing !== undefined) return { row: existing, created: false };
        // Ids are short enough to type, so a (rare) collision is retried with a new one.
        for (let attempt = 1;; attempt++) {
          const id = randomBytes(4).toString('hex');
          const taken = await trx.selectFrom('subscriptions').select('id').where('id', '=', id).executeTakeFirst();
          if (taken !== undefined && attempt < 5) continue;
          // Another instance subscribing the same channel at the same moment (two start-ups syncing one config)
          // wins quietly: this insert waits for it, does nothing, and the row read next is theirs.
          const inserted = await trx.insertInto('subscriptions').values({
            id,
            channel_id: input.channelId,
            source_id: input.sourceId,
            name: input.nameOverride ?? null,
            weight: input.weight ?? 1,
            full_text: codec.bool(input.fullText),
            paused: codec.bool(input.paused ?? false),
            origin: input.origin,
            chat_keys: codec.json(input.chatKeys ?? []),
            created_at: codec.date(new Date()),
          }).onConflict((oc) => oc.columns(['channel_id', 'source_id']).doNothing()).executeTakeFirst();
          await refreshFeedFlags(trx, codec, input.sourceId);
          const row = await byChannelAndSource(trx, input.channelId, input.sourceId);
          if (row === undefined) throw new Error(`subscription ${id} vanished after insert`);
          return { row, created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
        }
      });
      const [subscription] = await withSources([row]);
      if (subscription === undefined) throw new Error(`feed ${input.sourceId} does not exist`);
      return { subscription, created };
    },
    getSubscription,
    async listSubscriptions(filter) {
      if (filter?.channelIds !== undefined && filter.channelIds.length === 0) return [];
      let query = db.selectFrom('subscriptions').selectAll();
      if (filter?.channelIds !== undefined) query = query.where('channel_id', 'in', [...filter.channelIds]);
      if (filter?.sourceId !== undefined) query = query.where('source_id', '=', filter.sourceId);
      return withSources(await query.orderBy('created_at').orderBy('id').execute());
    },
    async updateSubscription(id: string, patch: SubscriptionPatch) {
      const set: Updateable<SubscriptionsTable> = {};
      if (patch.nameOverride !== undefined) set.name = patch.nameOverride;
      if (patch.weight !== undefined) set.weight = patch.weight;
      if (patch.fullText !== undefined) set.full_text = codec.bool(patch.fullText);
      if (patch.paused !== undefined) set.paused = codec.bool(patch.paused);
      if (patch.origin !== undefined) set.origin = patch.origin;
      if (patch.chatKeys !== undefined) set.chat_keys = codec.json([...new Set(patch.chatKeys)].sort());
      if (Object.keys(set).length > 0) {
        await inTransaction(db, async (trx) => {
          const row = await trx.selectFrom('subscriptions').select('source_id').where('id', '=', id).executeTakeFirst();
          if (row === undefined) return;
          await trx.updateTable('subscriptions').set(set).where('id', '=', id).execute();
          await refreshFeedFlags(trx, codec, row.source_id);
        });
      }
      return getSubscription(id);
    },
    async unsubscribe(id: string) {
      return inTransaction(db, async (trx) => {
        const row = await trx.selectFrom('subscriptions').select('source_id').where('id', '=', id).executeTakeFirst();
        if (row === undefined) return false;
        await trx.deleteFrom('subscriptions').where('id', '=', id).execute();
        await refreshFeedFlags(trx, codec, row.source_id);
        return true;
      });
    },
    async listChannelSources(channelId: string) {
      const rows = await db.selectFrom('subscriptions').selectAll().where('channel_id', '=', channelId).orderBy('created_at').orderBy('id').execute();
      return (await withSources(rows)).map((s) => ({ ...s.source, name: s.nameOverride ?? s.source.name, weight: s.weight, fullText: s.fullText, paused: s.paused }));
    },
  };
}
