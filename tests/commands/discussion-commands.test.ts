import { costConfigSchema } from '../../src/budget/cost-config.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discordCommandSize, validateDeclaration } from '../../commands/define-command.ts';
import { digestCommand } from '../../commands/digest-command.ts';
import { dispatchText } from '../../commands/dispatch.ts';
import { discussionConfigSchema } from '../../src/config/discussion-schema.ts';
import { createDiscussionService } from '../../src/discussion/discussion-service.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/store.ts';
import { seedDeliveredDigest, type DeliveredDigest } from '../discussion/discussion-harness.ts';
import { createRecordingReplyPoster } from '../discussion/recording-reply-poster.ts';
import { REWARD_HACKING_THREAD } from '../fixtures/discussion/reward-hacking-thread.ts';
import { CHANNEL, createRig, type TestRig } from './test-context.ts';

describe('/digest discussion, saved and the discussion settings', () => {
  let rig: TestRig;
  let store: Store;
  let seeded: DeliveredDigest;
  let platform: ReturnType<typeof createRecordingReplyPoster>;

  beforeEach(async () => {
    rig = await createRig();
    store = rig.store;
    seeded = await seedDeliveredDigest(store, { platform: CHANNEL.platform, workspaceId: CHANNEL.workspaceId, channelId: CHANNEL.channelId });
    platform = createRecordingReplyPoster();
    const service = createDiscussionService({ store, config: discussionConfigSchema.parse({}), cost: costConfigSchema.parse({}), llm: null, recordUsage: () => undefined, holder: 'cmd', now: rig.services.now, logger: silentLogger() });
    service.attach('slack', platform.poster);
    rig.services.discussion = service.commands();
  });
  afterEach(async () => store.close());

  const comment = async (position: number, text: string, author = 'Ada') =>
    store.discussion.saveThreadComment({
      channelId: seeded.channel.id,
      messageId: `${position}-${text.length}-${author}`,
      digestId: seeded.digest.id,
      position,
      replyTo: null,
      authorId: author,
      authorName: author,
      text,
      permalink: `https://example.slack.com/archives/C1/p${text.length}`,
      postedAt: new Date('2026-11-21T10:00:00Z'),
      editedAt: null,
      mentionsBot: false,
    });

  it('posts the discussion of piece N under it now, once, and says so', async () => {
    for (const c of REWARD_HACKING_THREAD) await comment(2, c.text, c.author);
    const first = await dispatchText('discussion 2', rig.ctx());
    expect(first.kind).toBe('ok');
    expect(first.text).toContain('Posted the discussion of piece 2');
    expect(platform.replies).toHaveLength(1);
    expect(platform.replies[0]!.target.replyTo).toBe(seeded.ids.pieces[1]);
    const second = await dispatchText('discussion latest/2', rig.ctx());
    expect(second.text).toContain('already posted');
    expect(platform.replies).toHaveLength(1);
  });

  it('says there is nothing to digest when nobody discussed the piece, and posts nothing', async () => {
    await comment(1, 'Great post, thanks!');
    const reply = await dispatchText('discussion 1', rig.ctx());
    expect(reply.text).toContain('Nobody has discussed piece 1 yet');
    expect(platform.replies).toHaveLength(0);
    expect((await dispatchText('discussion 9', rig.ctx())).text).toContain('There is no piece 9');
  });

  it('lists a member’s saved pieces, newest first, and only theirs', async () => {
    expect((await dispatchText('saved', rig.ctx())).text).toContain('not saved any piece yet');
    const save = (memberKey: string, position: number, at: string) =>
      store.feedback.setSaved({
        memberKey,
        channelId: seeded.channel.id,
        pieceId: seeded.pieces[position - 1]!.id,
        digestId: seeded.digest.id,
        position,
        title: seeded.digest.pieces[position - 1]!.title,
        url: seeded.digest.pieces[position - 1]!.url,
        present: true,
        at: new Date(at),
      });
    await save('slack:T1:U-member', 1, '2026-11-21T10:00:00Z');
    await save('slack:T1:U-member', 3, '2026-11-21T11:00:00Z');
    await save('slack:T1:U-other', 2, '2026-11-21T12:00:00Z');
    const text = (await dispatchText('saved', rig.ctx())).text;
    expect(text.indexOf(seeded.digest.pieces[2]!.title)).toBeLessThan(text.indexOf(seeded.digest.pieces[0]!.title));
    expect(text).not.toContain(seeded.digest.pieces[1]!.title);
  });

  it('lets admins turn feedback off and on and set the discussion delay; members may not', async () => {
    expect((await dispatchText('settings feedback off', rig.ctx())).kind).toBe('error');
    expect((await dispatchText('settings feedback off', rig.ctx({ admin: true }))).text).toContain('Feedback is off');
    expect((await store.discussion.getDiscussionSettings(seeded.channel.id)).feedback).toBe(false);
    expect((await dispatchText('settings feedback show', rig.ctx({ admin: true }))).text).toContain('Feedback is off');
    expect((await dispatchText('settings feedback on', rig.ctx({ admin: true }))).text).toContain('Feedback is on');
    expect((await dispatchText('settings discussion 12', rig.ctx({ admin: true }))).text).toContain('12 hours after the digest');
    expect(await store.discussion.getDiscussionSettings(seeded.channel.id)).toEqual({ feedback: true, discussion: true, delayHours: 12 });
    expect((await dispatchText('settings discussion off', rig.ctx({ admin: true }))).text).toContain('off here');
    const wrong = await dispatchText('settings discussion soon', rig.ctx({ admin: true }));
    expect(wrong.kind).toBe('error');
    expect(wrong.text).toContain('number of hours from 1 to 720');
  });

  it('answers /digest ask about a piece of an older digest: previous/N or DATE/N', async () => {
    const older = await store.listDigests(seeded.channel.id, { limit: 5 });
    expect(older).toHaveLength(1);
    await seedDeliveredDigest(store, { platform: CHANNEL.platform, workspaceId: CHANNEL.workspaceId, channelId: CHANNEL.channelId, at: new Date('2026-11-21T08:00:00Z'), pieces: [{ contentText: 'Newer text.' }] });
    await dispatchText(`ask previous/2 what does it find?`, rig.ctx());
    expect(rig.calls.askPiece.at(-1)?.title).toBe(seeded.digest.pieces[1]!.title);
    await dispatchText(`ask 2026-03-30/3 and this one?`, rig.ctx());
    expect(rig.calls.askPiece.at(-1)?.title).toBe(seeded.digest.pieces[2]!.title);
    const wrong = await dispatchText('ask yesterday/2 what?', rig.ctx());
    expect(wrong.kind).toBe('error');
    expect(wrong.text).toContain('previous/2 or 2026-11-20/2');
  });

  it('the /digest declaration stays within Discord’s limits as Discord counts them', () => {
    expect(validateDeclaration(digestCommand)).toEqual([]);
    expect(discordCommandSize(digestCommand)).toBeLessThan(8000);
  });
});
