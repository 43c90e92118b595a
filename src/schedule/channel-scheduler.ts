import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Channel } from '../domain/channel.ts';
import type { Logger } from '../log/logger.ts';
import { checkCron } from '../rules/cron.ts';
import { isCronSlot } from './cron-slots.ts';

/** Called once per scheduled slot; `slot` is the cron instant (seconds zeroed) and names the edition. */
export type SlotHandler = (channel: Channel, slot: Date) => Promise<void>;

export interface ChannelScheduler {
  /** Schedules every given channel (replacing earlier tasks); paused channels get none. */
  sync(channels: readonly Channel[]): void;
  /** Rebuilds one channel's task after an admin changed its schedule: no restart needed. */
  update(channel: Channel): void;
  /** The next `count` slots of a channel, or [] when it has no task. */
  nextRuns(channelId: string, count: number): Date[];
  stop(): Promise<void>;
}

/** Options of createChannelScheduler; `coordinator` turns on node-cron's distributed mode (one instance per slot). */
export interface ChannelSchedulerOptions {
  onSlot: SlotHandler;
  logger: Logger;
  coordinator?: RunCoordinator;
  /** The coordinator's lease per slot, in ms. */
  leaseMs?: number;
}

/**
 * One node-cron task per channel, in the channel's timezone, with noOverlap so a slow delivery is
 * never run twice at once. With a coordinator, each slot runs on one instance only (a lease in the
 * store); exactly-once posting still rests on the delivery ledger's (channel, edition) claim.
 */
export function createChannelScheduler(options: ChannelSchedulerOptions): ChannelScheduler {
  const tasks = new Map<string, ScheduledTask>();

  const remove = async (channelId: string) => {
    const task = tasks.get(channelId);
    tasks.delete(channelId);
    if (task !== undefined) await task.destroy();
  };

  const schedule = (channel: Channel) => {
    void remove(channel.id);
    if (channel.settings.schedulePaused) return;
    const check = checkCron(channel.settings.cron);
    if (!check.ok) {
      options.logger.error({ channel: channel.id, cron: channel.settings.cron, problem: check.problem }, 'invalid cron expression; channel not scheduled');
      return;
    }
    const task = cron.schedule(channel.settings.cron, async (context) => {
      const slot = new Date(context.date);
      slot.setUTCSeconds(0, 0);
      // src/schedule/cron-slots.ts is the one definition of a slot (catch-up and DST rules use it); a fire it disowns is dropped.
      if (!isCronSlot(channel.settings.cron, channel.settings.timezone, slot)) {
        options.logger.warn({ channel: channel.id, slot: slot.toISOString() }, 'cron fired outside a computed slot; ignored');
        return;
      }
      try {
        await options.onSlot(channel, slot);
      } catch (error) {
        options.logger.error({ channel: channel.id, slot: slot.toISOString(), err: error instanceof Error ? error.message : String(error) }, 'scheduled digest failed');
      }
    }, {
      timezone: channel.settings.timezone,
      noOverlap: true,
      name: channel.id,
      ...(options.coordinator === undefined ? {} : { distributed: true, runCoordinator: options.coordinator, distributedLease: options.leaseMs }),
    });
    tasks.set(channel.id, task);
  };

  return {
    sync(channels) {
      const wanted = new Set(channels.map((c) => c.id));
      for (const id of tasks.keys()) if (!wanted.has(id)) void remove(id);
      for (const channel of channels) schedule(channel);
    },
    update: schedule,
    nextRuns: (channelId, count) => tasks.get(channelId)?.getNextRuns(count) ?? [],
    async stop() {
      await Promise.all([...tasks.keys()].map(remove));
    },
  };
}
