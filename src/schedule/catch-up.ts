import type { Channel } from '../domain/channel.ts';
import type { Logger } from '../log/logger.ts';
import type { DeliveryLedger } from '../store/ports/deliveries.ts';
import { lastSlotAtOrBefore } from './cron-slots.ts';

/** What start-up decided about a channel's latest slot. */
export interface CatchUpDecision {
  channelId: string;
  slot: Date;
  action: 'deliver' | 'skip';
  /** How late the slot was at start-up, in minutes. */
  lateMinutes: number;
}

export interface CatchUpOptions {
  store: DeliveryLedger;
  channels: readonly Channel[];
  now: () => Date;
  /** Slots at most this old are delivered late; older ones are recorded as skipped. */
  catchUpHours: number;
  /** Runs a slot (through the slot lease and the ledger). */
  runSlot: (channel: Channel, slot: Date) => Promise<unknown>;
  holder: string;
  logger: Logger;
  /** How far back to look for the latest slot (default 8 days: a weekly schedule's last slot). */
  lookbackMs?: number;
}

const HOUR = 3_600_000;

/**
 * At start-up, looks at each scheduled channel's latest slot before now: if no delivery row has it,
 * the bot was down when it fell. Within the catch-up window it is delivered now; otherwise a
 * 'skipped' delivery is recorded (so it is not reconsidered) and logged. Only the latest slot counts:
 * one digest covers everything new, so older missed slots are not replayed.
 */
export async function catchUpMissedSlots(options: CatchUpOptions): Promise<CatchUpDecision[]> {
  const { store, logger } = options;
  const now = options.now();
  const decisions: CatchUpDecision[] = [];
  for (const channel of options.channels) {
    if (channel.settings.schedulePaused) continue;
    let slot: Date | undefined;
    try {
      slot = lastSlotAtOrBefore(channel.settings.cron, channel.settings.timezone, now, options.lookbackMs ?? 8 * 24 * HOUR);
    } catch (error) {
      logger.error({ channel: channel.id, cron: channel.settings.cron, err: String(error) }, 'invalid cron expression; no catch-up');
      continue;
    }
    // A slot from before the channel existed was never missed.
    if (slot === undefined || slot.getTime() < channel.createdAt.getTime()) continue;
    const edition = slot.toISOString();
    if (await store.getDelivery(channel.id, edition)) continue;
    const lateMs = now.getTime() - slot.getTime();
    const decision: CatchUpDecision = { channelId: channel.id, slot, action: lateMs <= options.catchUpHours * HOUR ? 'deliver' : 'skip', lateMinutes: Math.round(lateMs / 60_000) };
    decisions.push(decision);
    if (decision.action === 'deliver') {
      logger.info({ channel: channel.id, slot: edition, lateMinutes: decision.lateMinutes }, 'delivering a slot missed while the bot was down');
      await options.runSlot(channel, slot);
      continue;
    }
    const reason = `missed while the bot was down: ${(lateMs / HOUR).toFixed(1)} h late, beyond the ${options.catchUpHours} h catch-up window`;
    logger.warn({ channel: channel.id, slot: edition }, reason);
    const claimed = await store.claimDelivery({ channelId: channel.id, edition, holder: options.holder, at: now });
    if (claimed) await store.finishDelivery(claimed.id, { status: 'skipped', error: reason, at: now });
  }
  return decisions;
}
