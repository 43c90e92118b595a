import { randomUUID } from 'node:crypto';
import type { DeliveredMessage, FailedStep } from '../../domain/delivery.ts';
import type { DeliveryLedger } from '../ports/deliveries.ts';
import { toDeliveredMessage, toDelivery, toFailedStep } from '../row-codec.ts';
import type { QueryContext } from './context.ts';

export function deliveryQueries({ db, codec }: QueryContext): DeliveryLedger {
  return {
    async claimDelivery(input: { channelId: string; edition: string; holder: string; at: Date }) {
      const id = randomUUID();
      const result = await db.insertInto('deliveries').values({
        id,
        channel_id: input.channelId,
        edition: input.edition,
        digest_id: null,
        status: 'pending',
        claimed_by: input.holder,
        claimed_at: codec.date(input.at),
        completed_at: null,
        error: null,
      }).onConflict((oc) => oc.columns(['channel_id', 'edition']).doNothing()).executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
      return {
        id,
        channelId: input.channelId,
        edition: input.edition,
        digestId: null,
        status: 'pending',
        claimedBy: input.holder,
        claimedAt: new Date(input.at.getTime()),
        completedAt: null,
        error: null,
      };
    },
    async getDelivery(channelId: string, edition: string) {
      const row = await db.selectFrom('deliveries').selectAll()
        .where('channel_id', '=', channelId).where('edition', '=', edition).executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },
    async setDeliveryDigest(deliveryId: string, digestId: string) {
      await db.updateTable('deliveries').set({ digest_id: digestId }).where('id', '=', deliveryId).execute();
    },
    async recordDeliveredMessage(message: DeliveredMessage) {
      await db.insertInto('delivered_messages').values({
        delivery_id: message.deliveryId,
        slot: message.slot,
        platform_message_id: message.platformMessageId,
        posted_at: codec.date(message.postedAt),
      }).onConflict((oc) => oc.columns(['delivery_id', 'slot']).doNothing()).execute();
    },
    async listDeliveredMessages(deliveryId: string) {
      const rows = await db.selectFrom('delivered_messages').selectAll().where('delivery_id', '=', deliveryId)
        .orderBy('posted_at').orderBy('slot').execute();
      return rows.map(toDeliveredMessage);
    },
    async recordFailedStep(failure: FailedStep) {
      await db.insertInto('delivery_failures').values({
        delivery_id: failure.deliveryId,
        slot: failure.slot,
        reason: failure.reason,
        failed_at: codec.date(failure.failedAt),
      }).onConflict((oc) => oc.columns(['delivery_id', 'slot']).doNothing()).execute();
    },
    async listFailedSteps(deliveryId: string) {
      const rows = await db.selectFrom('delivery_failures').selectAll().where('delivery_id', '=', deliveryId)
        .orderBy('failed_at').orderBy('slot').execute();
      return rows.map(toFailedStep);
    },
    async finishDelivery(deliveryId, outcome) {
      await db.updateTable('deliveries').set({
        status: outcome.status,
        error: outcome.error,
        completed_at: codec.date(outcome.at),
      }).where('id', '=', deliveryId).execute();
    },
    async listPendingDeliveries() {
      const rows = await db.selectFrom('deliveries').selectAll().where('status', '=', 'pending')
        .orderBy('claimed_at').orderBy('id').execute();
      return rows.map(toDelivery);
    },
  };
}
