import type { DeliveredMessage, Delivery, FailedStep } from '../../domain/delivery.ts';

/** The delivery ledger: one claim per (channel, edition), and every message posted for it. */
export interface DeliveryLedger {
  /** Claims (channel, edition) atomically. Undefined when it was already claimed, by anyone. */
  claimDelivery(input: { channelId: string; edition: string; holder: string; at: Date }): Promise<Delivery | undefined>;
  getDelivery(channelId: string, edition: string): Promise<Delivery | undefined>;
  setDeliveryDigest(deliveryId: string, digestId: string): Promise<void>;
  /** Idempotent per (deliveryId, slot): a retried record never duplicates. */
  recordDeliveredMessage(message: DeliveredMessage): Promise<void>;
  listDeliveredMessages(deliveryId: string): Promise<DeliveredMessage[]>;
  /** A step the platform refused for good; the first record per (deliveryId, slot) wins. */
  recordFailedStep(failure: FailedStep): Promise<void>;
  /** Oldest first. */
  listFailedSteps(deliveryId: string): Promise<FailedStep[]>;
  finishDelivery(deliveryId: string, outcome: { status: 'delivered' | 'failed' | 'skipped'; error: string | null; at: Date }): Promise<void>;
  listPendingDeliveries(): Promise<Delivery[]>;
}
