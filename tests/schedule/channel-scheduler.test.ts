import { Writable } from 'node:stream';
import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../src/domain/channel.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createChannelScheduler } from '../../src/schedule/channel-scheduler.ts';
import { createLogger } from '../../src/log/logger.ts';
import { nextSlots } from '../../src/schedule/cron-slots.ts';

function channel(id: string, cron: string, timezone: string, paused = false): Channel {
  return {
    id,
    ref: { platform: 'discord', workspaceId: 'g', channelId: id },
    createdAt: new Date(0),
    lastDeliveryError: null,
    lastDeliveryErrorAt: null,
    settingsSetInChat: [],
    settings: { pieces: 3, interests: [], language: 'en', cron, timezone, schedulePaused: paused, adminChannelId: null },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createChannelScheduler', () => {
  const cases = [
    { cron: '0 9 * * *', zone: 'Europe/London', from: '2026-03-27T12:00:00Z' },
    { cron: '0 9 * * *', zone: 'Europe/London', from: '2026-10-23T12:00:00Z' },
    { cron: '0 9 * * 1-5', zone: 'America/New_York', from: '2026-03-05T12:00:00Z' },
    { cron: '0 9 * * *', zone: 'America/New_York', from: '2026-10-30T12:00:00Z' },
  ];
  for (const c of cases) {
    it(`node-cron's own next runs agree with the computed slots across DST (${c.cron} ${c.zone} from ${c.from})`, async () => {
      // Only Date is faked: the tasks are inspected, never run.
      vi.useFakeTimers({ now: new Date(c.from), toFake: ['Date'] });
      const scheduler = createChannelScheduler({ logger: silentLogger(), onSlot: async () => undefined, coordinator: { shouldRun: () => true } });
      try {
        scheduler.sync([channel('a', c.cron, c.zone)]);
        expect(scheduler.nextRuns('a', 5).map((d) => d.toISOString())).toEqual(nextSlots(c.cron, c.zone, new Date(c.from), 5).map((d) => d.toISOString()));
      } finally {
        await scheduler.stop();
      }
    });
  }

  it('drops the second pass through a repeated hour, which node-cron matches again, so the slot runs once', async () => {
    const fired: string[] = [];
    const scheduler = createChannelScheduler({ logger: silentLogger(), onSlot: async (_c, slot) => {
      fired.push(slot.toISOString());
    } });
    try {
      scheduler.sync([channel('dst', '30 1 * * *', 'Europe/London')]);
      const task = [...cron.getTasks().values()].find((t) => t.name === 'dst');
      if (!task) throw new Error('task not registered');
      for (const at of ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']) {
        expect(task.match(new Date(at))).toBe(true);
        vi.useFakeTimers({ now: new Date(at), toFake: ['Date'] });
        await task.execute();
        vi.useRealTimers();
      }
      expect(fired).toEqual(['2026-10-25T00:30:00.000Z']);
    } finally {
      await scheduler.stop();
    }
  });

  it('schedules in distributed mode without NODE_CRON_RUN, skips paused channels and rebuilds one channel on update', async () => {
    const scheduler = createChannelScheduler({ logger: silentLogger(), onSlot: async () => undefined, coordinator: { shouldRun: () => true } });
    try {
      scheduler.sync([channel('a', '0 9 * * *', 'UTC'), channel('b', '0 9 * * *', 'UTC', true), channel('c', 'not a cron', 'UTC')]);
      expect(scheduler.nextRuns('a', 1)).toHaveLength(1);
      expect(scheduler.nextRuns('b', 1)).toEqual([]);
      expect(scheduler.nextRuns('c', 1)).toEqual([]);
      scheduler.update(channel('a', '30 7 * * *', 'UTC'));
      expect(scheduler.nextRuns('a', 1)[0]?.getUTCHours()).toBe(7);
    } finally {
      await scheduler.stop();
    }
  });

  it('refuses a stored cron by the one cron rule, logging which field is wrong', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ pretty: false, destination: new Writable({ write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    } }) });
    const scheduler = createChannelScheduler({ logger, onSlot: async () => undefined });
    try {
      // Syntax node-cron accepts but that never fires: day 1 that is also the fifth Monday.
      scheduler.sync([channel('never', '0 9 1 * 1#5', 'UTC'), channel('bad', '0 25 * * *', 'UTC')]);
      expect(scheduler.nextRuns('never', 1)).toEqual([]);
      expect(lines.filter((l) => l['msg'] === 'invalid cron expression; channel not scheduled').map((l) => l['problem'])).toEqual([
        expect.stringContaining('never fires'),
        'hour 25 is out of range 0–23',
      ]);
    } finally {
      await scheduler.stop();
    }
  });
});
