import { afterAll, describe, expect, it } from 'vitest';
import { createDiscussionDigests } from '../../src/discussion/discussion-digests.ts';
import { postDueDiscussions } from '../../src/discussion/discussion-timer.ts';
import { resumeSidePosts } from '../../src/discussion/side-post.ts';
import { createDiscussionSummariser } from '../../src/discussion/summarise-discussion.ts';
import type { ThreadReplyPoster } from '../../src/discussion/thread-reply.ts';
import { DeliveryError } from '../../src/deliver/digest-poster.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/store.ts';
import { postgresBackend, postgresSkipReason, postgresUrl, sqliteBackend, type StoreBackend } from '../deliver/delivery-harness.ts';
import { REWARD_HACKING_THREAD } from '../fixtures/discussion/reward-hacking-thread.ts';
import { DELIVERED_AT, seedDeliveredDigest, type DeliveredDigest } from './discussion-harness.ts';
import { createRecordingReplyPoster } from './recording-reply-poster.ts';

const logger = silentLogger();
const HOUR = 3_600_000;
const clock = (start: number) => {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => {
    t += ms;
  } };
};

/** The fixture discussion as replies to piece 2's message. */
async function discuss(store: Store, seeded: DeliveredDigest, position = 2): Promise<void> {
  for (const [i, c] of REWARD_HACKING_THREAD.entries()) {
    await store.discussion.saveThreadComment({
      channelId: seeded.channel.id,
      messageId: `${c.id}-${position}`,
      digestId: seeded.digest.id,
      position,
      replyTo: seeded.ids.pieces[position - 1]!,
      authorId: `u-${c.id}`,
      authorName: c.author,
      text: c.text,
      permalink: `https://discord.com/channels/g1/${seeded.ids.thread}/${c.id}`,
      postedAt: new Date(DELIVERED_AT.getTime() + (i + 1) * 60_000),
      editedAt: null,
      mentionsBot: false,
    });
  }
}

function discussionsOn(store: Store, poster: ThreadReplyPoster, now: () => Date, holder = 'instance-1') {
  const summarise = createDiscussionSummariser({ llm: null, model: 'none', cache: store.askAnswers, now, logger });
  return createDiscussionDigests({ store, summarise, posterFor: () => poster, holder, now, logger });
}

const backends: { name: string; make: (() => StoreBackend) | undefined }[] = [
  { name: 'sqlite', make: sqliteBackend },
  { name: 'postgres', make: postgresUrl === undefined ? undefined : () => postgresBackend(postgresUrl!) },
];
if (postgresUrl === undefined) console.warn(`discussion side-post tests on PostgreSQL: SKIPPED — ${postgresSkipReason}`);

for (const { name, make } of backends) {
  describe.skipIf(make === undefined)(`the discussion reply, posted once through the ledger (${name})`, () => {
    const backend = make?.();
    afterAll(async () => backend?.cleanup());

    it('is posted under the piece after the delay, once, and not before; a piece nobody discussed gets nothing', async () => {
      const open = await backend!.freshDatabase();
      const store = await open();
      try {
        const seeded = await seedDeliveredDigest(store);
        await discuss(store, seeded);
        const platform = createRecordingReplyPoster();
        const time = clock(DELIVERED_AT.getTime() + 47 * HOUR);
        const sweep = () => postDueDiscussions({ store, discussions: discussionsOn(store, platform.poster, time.now), now: time.now, logger, defaultDelayHours: 48, maxAgeDays: 14 });
        expect(await sweep()).toEqual([]);
        time.advance(2 * HOUR);
        const reports = await sweep();
        expect(reports.map((r) => [r.position, r.outcome])).toEqual([[1, 'no-discussion'], [2, 'posted'], [3, 'no-discussion']]);
        expect(platform.replies).toHaveLength(1);
        expect(platform.replies[0]!.target).toEqual({ threadId: seeded.ids.thread, fallback: false, replyTo: seeded.ids.pieces[1] });
        expect(platform.replies[0]!.text).toContain('What readers are debating');
        expect(platform.replies[0]!.text).toContain('Mira Okafor');
        // Kept for the piece's web page, as posted.
        expect((await store.discussion.listDiscussionReplies(seeded.channel.id, seeded.digest.id)).get(2)).toMatchObject({ text: platform.replies[0]!.text });
        expect(await sweep()).toEqual([]);
        expect(platform.replies).toHaveLength(1);
      } finally {
        await store.close();
      }
    });

    it('follows the channel’s own delay, and a channel that turned discussions off gets none', async () => {
      const open = await backend!.freshDatabase();
      const store = await open();
      try {
        const a = await seedDeliveredDigest(store, { channelId: 'fast' });
        const b = await seedDeliveredDigest(store, { channelId: 'off' });
        await discuss(store, a);
        await discuss(store, b);
        await store.discussion.updateDiscussionSettings(a.channel.id, { delayHours: 6 }, DELIVERED_AT);
        await store.discussion.updateDiscussionSettings(b.channel.id, { discussion: false }, DELIVERED_AT);
        const platform = createRecordingReplyPoster();
        const time = clock(DELIVERED_AT.getTime() + 7 * HOUR);
        const sweep = () => postDueDiscussions({ store, discussions: discussionsOn(store, platform.poster, time.now), now: time.now, logger, defaultDelayHours: 48, maxAgeDays: 14 });
        expect((await sweep()).filter((r) => r.outcome === 'posted').map((r) => r.channelId)).toEqual([a.channel.id]);
        time.advance(48 * HOUR);
        expect((await sweep()).filter((r) => r.outcome === 'posted')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('survives a kill before the platform answered and one after it accepted: the restarted bot posts it exactly once', async () => {
      for (const when of ['before-accept', 'after-accept'] as const) {
        const open = await backend!.freshDatabase();
        const platform = createRecordingReplyPoster({ parts: 2 });
        const time = clock(DELIVERED_AT.getTime() + 49 * HOUR);
        const first = await open();
        const seeded = await seedDeliveredDigest(first);
        await discuss(first, seeded);
        if (when === 'before-accept') platform.failNext(new DeliveryError('connection reset', { channel: seeded.channel.ref, reason: 'transient' }));
        const accepted = when === 'after-accept' ? platform.hangAfterAccept() : undefined;
        const attempt = discussionsOn(first, platform.poster, time.now).post(seeded.channel, seeded.digest, 2);
        if (when === 'before-accept') expect((await attempt).status).toBe('failed');
        else {
          // Killed while waiting for the platform's answer: the store goes away, nothing after the post runs.
          await accepted;
          void attempt;
        }
        await first.close();

        // A new process, after the dead one's lease ran out.
        time.advance(2 * 60_000);
        const second = await open();
        try {
          const discussions = discussionsOn(second, platform.poster, time.now, 'instance-2');
          const resumed = await resumeSidePosts({
            store: second,
            posterFor: () => platform.poster,
            holder: 'instance-2',
            now: time.now,
            logger,
            rebuild: (channel, digest, post) => (post.kind === 'discussion' ? discussions.rebuild(channel, digest, post.position) : Promise.resolve(null)),
          });
          expect({ when, resumed: resumed.map((r) => r.outcome) }).toEqual({ when, resumed: ['posted'] });
          expect({ when, replies: platform.replies.length }).toEqual({ when, replies: 2 });
          expect(platform.steps.at(-1)?.resumed).toBe(true);
          // The timer finds it posted and says so; nothing more is posted.
          const reports = await postDueDiscussions({ store: second, discussions, now: time.now, logger, defaultDelayHours: 48, maxAgeDays: 14 });
          expect(reports.find((r) => r.position === 2)?.outcome).toBe('already-posted');
          expect(platform.replies).toHaveLength(2);
        } finally {
          await second.close();
        }
      }
    });

    it('lets exactly one of two instances post it when both sweep at once', async () => {
      const open = await backend!.freshDatabase();
      const [a, b] = [await open(), await open()];
      try {
        const seeded = await seedDeliveredDigest(a);
        await discuss(a, seeded);
        const platform = createRecordingReplyPoster();
        const time = clock(DELIVERED_AT.getTime() + 49 * HOUR);
        const outcomes = await Promise.all([a, b].map((store, i) => discussionsOn(store, platform.poster, time.now, `instance-${i}`).post(seeded.channel, seeded.digest, 2)));
        expect(outcomes.map((o) => o.status).sort()).toEqual(expect.arrayContaining(['posted']));
        expect(outcomes.filter((o) => o.status === 'posted')).toHaveLength(1);
        expect(platform.replies).toHaveLength(1);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}

describe('resuming side posts leaves digests alone', () => {
  it('resumePendingDeliveries skips a pending discussion reply, and resumeSidePosts skips a pending digest', async () => {
    const { createSqliteStore } = await import('../../src/store/sqlite-store.ts');
    const { resumePendingDeliveries } = await import('../../src/deliver/resume-deliveries.ts');
    const store = await createSqliteStore({ path: ':memory:' });
    try {
      const seeded = await seedDeliveredDigest(store);
      const side = await store.claimDelivery({ channelId: seeded.channel.id, edition: `discussion:${seeded.digest.id}:2`, holder: 'x', at: DELIVERED_AT });
      await store.setDeliveryDigest(side!.id, seeded.digest.id);
      await store.claimDelivery({ channelId: seeded.channel.id, edition: '2026-04-01T08:00:00.000Z', holder: 'x', at: DELIVERED_AT });
      const digestReports = await resumePendingDeliveries({ store, posterFor: () => undefined, holder: 'y', now: () => DELIVERED_AT, logger });
      expect(digestReports.map((r) => r.edition)).toEqual(['2026-04-01T08:00:00.000Z']);
      const sideReports = await resumeSidePosts({ store, posterFor: () => undefined, holder: 'y', now: () => DELIVERED_AT, logger, rebuild: async () => null });
      expect(sideReports).toEqual([{ edition: `discussion:${seeded.digest.id}:2`, outcome: 'no-poster' }]);
    } finally {
      await store.close();
    }
  });
});
