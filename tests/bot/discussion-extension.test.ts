import { costConfigSchema } from '../../src/budget/cost-config.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discussionConfigSchema } from '../../src/config/discussion-schema.ts';
import { MESSAGE_CONTENT_NOTICE } from '../../src/discussion/announce-degraded.ts';
import { createDiscussionExtension } from '../../src/bot/runtime/discussion-extension.ts';
import { createDiscussionService } from '../../src/discussion/discussion-service.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createRecordingPoster } from '../deliver/delivery-harness.ts';
import { REWARD_HACKING_THREAD } from '../fixtures/discussion/reward-hacking-thread.ts';
import { DELIVERED_AT, seedDeliveredDigest } from '../discussion/discussion-harness.ts';
import { createRecordingReplyPoster } from '../discussion/recording-reply-poster.ts';

const logger = silentLogger();
/** What a running platform has besides its posters (unused here). */
const idle = { stop: async () => undefined, health: () => ({ ok: true, detail: 'up' }) };

describe('the reader discussion extension of the runtime', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => store.close());

  const runtime = (now: () => Date) => {
    const service = createDiscussionService({ store, config: discussionConfigSchema.parse({}), cost: costConfigSchema.parse({}), llm: null, recordUsage: () => undefined, holder: 'i', now, logger });
    return createDiscussionExtension({ service, store, now, logger, everyMs: 60_000 });
  };

  it('tells each guild’s admins once that Discord withholds message content, across restarts, and again after it came back', async () => {
    const seeded = await seedDeliveredDigest(store, { workspaceId: 'g1', channelId: 'c1' });
    await store.updateChannelSettings(seeded.channel.id, { ...seeded.channel.settings, adminChannelId: 'admins' });
    const poster = createRecordingPoster();
    const now = () => DELIVERED_AT;
    const bootWith = async (available: boolean) => {
      const r = runtime(now);
      r.adapterHooks.onMessageContent(available, ['g1']);
      await r.start([{ platform: 'discord', poster, ...idle }]);
      await r.stop();
    };
    await bootWith(false);
    await bootWith(false);
    expect(poster.messages.filter((m) => m.text === MESSAGE_CONTENT_NOTICE).map((m) => m.channelId)).toEqual(['admins']);
    await bootWith(true);
    await bootWith(false);
    expect(poster.messages.filter((m) => m.text === MESSAGE_CONTENT_NOTICE)).toHaveLength(2);
  });

  it('sweeps at start: a discussion that is due is posted through the attached reply poster', async () => {
    const seeded = await seedDeliveredDigest(store);
    for (const [i, c] of REWARD_HACKING_THREAD.entries()) {
      await store.discussion.saveThreadComment({
        channelId: seeded.channel.id,
        messageId: c.id,
        digestId: seeded.digest.id,
        position: 1,
        replyTo: null,
        authorId: `u${i}`,
        authorName: c.author,
        text: c.text,
        permalink: `https://x/${c.id}`,
        postedAt: DELIVERED_AT,
        editedAt: null,
        mentionsBot: false,
      });
    }
    const replies = createRecordingReplyPoster();
    const r = runtime(() => new Date(DELIVERED_AT.getTime() + 49 * 3_600_000));
    await r.start([{ platform: 'discord', poster: createRecordingPoster(), replyPoster: replies.poster, ...idle }]);
    await r.stop();
    expect(replies.replies).toHaveLength(1);
    expect(replies.replies[0]!.target.replyTo).toBe(seeded.ids.pieces[0]);
  });
});
