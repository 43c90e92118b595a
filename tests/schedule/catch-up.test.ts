import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/channel.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { catchUpMissedSlots } from '../../src/schedule/catch-up.ts';
import { createSlotRunner } from '../../src/schedule/slot-lease.ts';
import type { Store } from '../../src/store/store.ts';
import { channelIn, sqliteBackend } from '../deliver/delivery-harness.ts';

const logger = silentLogger();
const backend = sqliteBackend();
afterAll(() => backend.cleanup());

// Weekdays 09:00 London; Monday 30 March 2026 09:00 BST is 08:00Z.
const MONDAY_SLOT = '2026-03-30T08:00:00.000Z';

describe('catch-up at start-up (fake clock)', () => {
  let store: Store;
  let channel: Channel;
  let runs: string[];
  const start = async (nowIso: string, catchUpHours = 6) =>
    catchUpMissedSlots({
      store,
      channels: [channel],
      now: () => new Date(nowIso),
      catchUpHours,
      holder: 'i1',
      logger,
      runSlot: async (c, slot) => {
        runs.push(`${c.id}@${slot.toISOString()}`);
      },
    });

  beforeEach(async () => {
    store = await (await backend.freshDatabase())();
    channel = { ...(await channelIn(store)), createdAt: new Date('2026-03-01T00:00:00Z') };
    runs = [];
    return () => store.close();
  });

  it('delivers the slot missed 5 h 59 min ago', async () => {
    const decisions = await start('2026-03-30T13:59:00Z');
    expect(decisions).toEqual([{ channelId: channel.id, slot: new Date(MONDAY_SLOT), action: 'deliver', lateMinutes: 359 }]);
    expect(runs).toEqual([`${channel.id}@${MONDAY_SLOT}`]);
  });

  it('delivers at exactly the edge of the window, and respects a configured window', async () => {
    expect((await start('2026-03-30T14:00:00Z')).map((d) => d.action)).toEqual(['deliver']);
    runs = [];
    expect((await start('2026-03-30T09:00:00Z', 0.5)).map((d) => d.action)).toEqual(['skip']);
  });

  it('records a slot missed by more than the window as skipped, and does not reconsider it', async () => {
    const decisions = await start('2026-03-30T14:01:00Z');
    expect(decisions.map((d) => d.action)).toEqual(['skip']);
    expect(runs).toEqual([]);
    const delivery = await store.getDelivery(channel.id, MONDAY_SLOT);
    expect(delivery?.status).toBe('skipped');
    expect(delivery?.error).toMatch(/6 h catch-up window/);
    expect(await start('2026-03-30T15:00:00Z')).toEqual([]);
  });

  it('does nothing when the latest slot was delivered, and looks back over a weekend', async () => {
    await store.claimDelivery({ channelId: channel.id, edition: MONDAY_SLOT, holder: 'x', at: new Date(MONDAY_SLOT) });
    expect(await start('2026-03-30T10:00:00Z')).toEqual([]);
    // Sunday noon: the latest slot is Friday's, 51 h ago → skipped.
    expect((await start('2026-03-29T11:00:00Z')).map((d) => [d.slot.toISOString(), d.action])).toEqual([['2026-03-27T09:00:00.000Z', 'skip']]);
  });

  it('ignores paused channels and slots from before the channel existed', async () => {
    channel = { ...channel, settings: { ...channel.settings, schedulePaused: true } };
    expect(await start('2026-03-30T09:00:00Z')).toEqual([]);
    channel = { ...channel, settings: { ...channel.settings, schedulePaused: false }, createdAt: new Date('2026-03-30T08:30:00Z') };
    expect(await start('2026-03-30T09:00:00Z')).toEqual([]);
  });

  it('runs the slot through the slot lease: an instance already holding it makes catch-up stand down', async () => {
    const delivered: string[] = [];
    const now = () => new Date('2026-03-30T09:00:00Z');
    const runner = (holder: string) =>
      createSlotRunner({ store, holder, now, deliver: async (_c, slot) => {
        delivered.push(`${holder}@${slot.toISOString()}`);
      } });
    const catchUp = (holder: string) => catchUpMissedSlots({ store, channels: [channel], now, catchUpHours: 6, holder, logger, runSlot: (c, s) => runner(holder).run(c, s) });
    await catchUp('a');
    await catchUp('b');
    expect(delivered).toEqual([`a@${MONDAY_SLOT}`]);
  });
});
