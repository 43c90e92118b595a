import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordReplyPoster } from '../../../adapters/discord/thread-reply-poster.ts';
import { createSlackReplyPoster } from '../../../adapters/slack/thread-reply-poster.ts';
import { deliverDigest } from '../../../src/deliver/deliver-digest.ts';
import type { DigestPoster } from '../../../src/deliver/digest-poster.ts';
import { createDiscussionDigests } from '../../../src/discussion/discussion-digests.ts';
import { resumeSidePosts } from '../../../src/discussion/side-post.ts';
import { createDiscussionSummariser } from '../../../src/discussion/summarise-discussion.ts';
import type { ThreadReplyPoster } from '../../../src/discussion/thread-reply.ts';
import type { Platform } from '../../../src/domain/channel.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import type { Store } from '../../../src/store/store.ts';
import { channelIn, makeDigest, postgresBackend, postgresSkipReason, postgresUrl, sqliteBackend, type StoreBackend } from '../../deliver/delivery-harness.ts';
import { discordPlatform, slackPlatform } from '../../deliver/platform-harness.ts';
import { messageText } from '../../fakes/slack-api.ts';
import { REWARD_HACKING_THREAD } from '../../fixtures/discussion/reward-hacking-thread.ts';

const logger = silentLogger();
const EDITION = '2026-03-30T08:00:00.000Z';

/** One platform behind its real SDK client: the digest poster, the reply poster, and how to count the bot's replies in a thread. */
interface Platformed {
  platform: Platform;
  workspaceId: string;
  digestPoster: DigestPoster;
  replyPoster: ThreadReplyPoster;
  nextChannel(): string;
  /** The bot's messages in the digest's thread that are not pieces: the discussion reply's parts. */
  replies(channelId: string): string[];
  /** Past the platform's own idempotency window (Discord's nonce), so only the bot's lookup can tell. */
  forgetRecent(): void;
  close(): Promise<void>;
}

async function discord(): Promise<Platformed> {
  const under = await discordPlatform({ channels: 20, logger });
  return {
    ...under,
    digestPoster: under.poster,
    replyPoster: createDiscordReplyPoster({ client: under.client, logger }),
    replies(channelId) {
      const thread = [...under.fake.threads.values()].find((t) => t.parentId === channelId)!;
      return under.fake.messagesIn(thread.id).filter((m) => m.embeds.length === 0).map((m) => m.content);
    },
    forgetRecent: () => under.fake.expireNonces(),
  };
}

async function slack(): Promise<Platformed> {
  const under = await slackPlatform({ logger });
  return {
    ...under,
    digestPoster: under.poster,
    replyPoster: createSlackReplyPoster({ client: under.client, logger }),
    replies(channelId) {
      const header = under.fake.channelMessages(channelId)[0]!;
      return under.fake.threadReplies(channelId, header.ts).slice(3).map((m) => messageText(m));
    },
    forgetRecent: () => undefined,
  };
}

/**
 * A reply poster in a process that is killed while it waits: after the platform accepted the post (its answer never
 * comes back), or before anything reached the platform. `reached` resolves at the moment of the kill.
 */
function killed(inner: ThreadReplyPoster, afterAccept: boolean): { poster: ThreadReplyPoster; reached: Promise<void> } {
  let kill: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    kill = resolve;
  });
  return {
    reached,
    poster: {
      ...inner,
      async postReply(channel, target, reply, step) {
        if (afterAccept) await inner.postReply(channel, target, reply, step);
        kill();
        return new Promise<never>(() => undefined);
      },
    },
  };
}

async function discuss(store: Store, channelId: string, digestId: string): Promise<void> {
  for (const [i, c] of REWARD_HACKING_THREAD.entries()) {
    await store.discussion.saveThreadComment({
      channelId,
      messageId: `${c.id}`,
      digestId,
      position: 2,
      replyTo: null,
      authorId: `u${i}`,
      authorName: c.author,
      text: c.text,
      permalink: `https://example.org/c/${c.id}`,
      postedAt: new Date(Date.parse(EDITION) + i * 60_000),
      editedAt: null,
      mentionsBot: false,
    });
  }
}

const backends: { name: string; make: (() => StoreBackend) | undefined }[] = [
  { name: 'SQLite', make: sqliteBackend },
  { name: 'PostgreSQL', make: postgresUrl === undefined ? undefined : () => postgresBackend(postgresUrl!) },
];
if (postgresUrl === undefined) console.warn(`discussion crash tests on PostgreSQL: SKIPPED — ${postgresSkipReason}`);

for (const start of [discord, slack]) {
  for (const { name, make } of backends) {
    describe.skipIf(make === undefined)(`the discussion reply across a kill and restart: ${start.name} on ${name}`, () => {
      let platform: Platformed;
      let backend: StoreBackend;
      beforeAll(async () => {
        platform = await start();
        backend = make!();
      });
      afterAll(async () => {
        await platform.close();
        await backend.cleanup();
      });

      for (const when of ['before the platform accepted it', 'after the platform accepted it', 'after it was accepted, long enough ago that only the lookup can tell'] as const) {
        it(`killed ${when}: the restarted bot posts it exactly once`, async () => {
          const open = await backend.freshDatabase();
          const channelId = platform.nextChannel();
          let t = Date.parse('2026-04-01T09:00:00.000Z');
          const now = () => new Date(t);

          const first = await open();
          const channel = await channelIn(first, channelId, {}, platform.platform, platform.workspaceId);
          const digest = makeDigest(channel, EDITION);
          await deliverDigest({ store: first, poster: platform.digestPoster, channel, digest, holder: 'instance-1', now, logger });
          await discuss(first, channel.id, digest.id);
          const dying = killed(platform.replyPoster, when !== 'before the platform accepted it');
          const summarise = (store: Store) => createDiscussionSummariser({ llm: null, model: 'none', cache: store.askAnswers, now, logger });
          void createDiscussionDigests({ store: first, summarise: summarise(first), posterFor: () => dying.poster, holder: 'instance-1', now, logger }).post(channel, digest, 2);
          // The process goes away at that moment: nothing after the post runs.
          await dying.reached;
          await first.close();
          if (when.includes('only the lookup')) platform.forgetRecent();

          t += 2 * 60_000;
          const second = await open();
          try {
            const digests = createDiscussionDigests({ store: second, summarise: summarise(second), posterFor: () => platform.replyPoster, holder: 'instance-2', now, logger });
            const resumed = await resumeSidePosts({
              store: second,
              posterFor: () => platform.replyPoster,
              holder: 'instance-2',
              now,
              logger,
              rebuild: (c, d, post) => (post.kind === 'discussion' ? digests.rebuild(c, d, post.position) : Promise.resolve(null)),
            });
            expect(resumed.map((r) => r.outcome)).toEqual(['posted']);
            const again = await digests.post(channel, digest, 2);
            expect(again.status).toBe('already-posted');
            // The reply may be several messages (Discord's 2,000 characters); each once, and the ledger has them all.
            const replies = platform.replies(channelId);
            const delivery = await second.getDelivery(channel.id, `discussion:${digest.id}:2`);
            expect(delivery?.status).toBe('delivered');
            expect(replies).toHaveLength((await second.listDeliveredMessages(delivery!.id)).length);
            expect(new Set(replies).size).toBe(replies.length);
            expect(replies.join('\n').match(/Discussion of 2\./g)).toHaveLength(1);
            expect(replies.join('\n')).toContain('What readers are debating');
          } finally {
            await second.close();
          }
        });
      }
    });
  }
}
