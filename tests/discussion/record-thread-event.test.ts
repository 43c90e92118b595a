import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pieceNumberInText } from '../../src/discussion/locate-piece.ts';
import { createThreadEventRecorder, type ThreadQuestion } from '../../src/discussion/record-thread-event.ts';
import type { ThreadEvent } from '../../src/discussion/thread-events.ts';
import type { SavedPiece } from '../../src/domain/discussion.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { seedDeliveredDigest, type DeliveredDigest } from './discussion-harness.ts';

const at = new Date('2026-03-30T10:00:00.000Z');
const scope = { platform: 'discord' as const, workspaceId: 'g1' };

const message = (overrides: Partial<Extract<ThreadEvent, { kind: 'message' }>>): ThreadEvent => ({
  kind: 'message',
  scope,
  messageId: 'm1',
  refersTo: [],
  authorId: 'u1',
  authorName: 'Ada',
  fromBot: false,
  text: 'Did you try answer-only SFT?',
  permalink: 'https://discord.com/channels/g1/t/m1',
  at,
  mentionsBot: false,
  edited: false,
  ...overrides,
});
const reaction = (overrides: Partial<Extract<ThreadEvent, { kind: 'reaction' }>>): ThreadEvent => ({
  kind: 'reaction',
  scope,
  messageId: 'x',
  memberId: 'u1',
  emoji: '👍',
  meaning: 'up',
  present: true,
  at,
  ...overrides,
});

describe('recording what happens under a digest', () => {
  let store: Store;
  let seeded: DeliveredDigest;
  const questions: ThreadQuestion[] = [];
  const saves: SavedPiece[] = [];
  let record: ReturnType<typeof createThreadEventRecorder>;

  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
    seeded = await seedDeliveredDigest(store);
    questions.length = 0;
    saves.length = 0;
    record = createThreadEventRecorder({
      store,
      now: () => at,
      logger: silentLogger(),
      onQuestion: async (q) => {
        questions.push(q);
      },
      onSaved: async (s) => {
        saves.push(s);
      },
    });
  });
  afterEach(async () => store.close());

  it('keeps a reply to a piece message under that piece, and a reply to that reply too', async () => {
    const thread = seeded.ids.thread;
    expect(await record(message({ refersTo: [seeded.ids.pieces[1]!, thread] }))).toMatchObject({ kind: 'comment', position: 2 });
    expect(await record(message({ messageId: 'm2', refersTo: ['m1', thread], text: 'Agreed, and symmetrise the dataset.' }))).toMatchObject({ kind: 'comment', position: 2 });
    const stored = await store.discussion.listThreadComments(seeded.channel.id, seeded.digest.id, 2);
    expect(stored.map((c) => [c.messageId, c.authorName, c.replyTo])).toEqual([['m1', 'Ada', seeded.ids.pieces[1]], ['m2', 'Ada', 'm1']]);
  });

  it('places a thread reply by the piece number it names, else under the digest as a whole', async () => {
    const thread = seeded.ids.thread;
    expect(await record(message({ messageId: 'a', refersTo: [thread], text: '3. The ablation misses a control.' }))).toMatchObject({ position: 3 });
    expect(await record(message({ messageId: 'b', refersTo: [thread], text: 'On piece #1: prior work by Hubinger et al. (2019).' }))).toMatchObject({ position: 1 });
    expect(await record(message({ messageId: 'c', refersTo: [thread], text: 'Great digest this week, 12 pieces would be too many.' }))).toMatchObject({ position: null });
  });

  it('drops what is not under a digest of the bot, messages of bots, and empty text', async () => {
    expect(await record(message({ refersTo: ['some-other-message'] }))).toEqual({ kind: 'ignored', reason: 'not under a digest' });
    expect(await record(message({ refersTo: [] }))).toEqual({ kind: 'ignored', reason: 'not under a digest' });
    expect(await record(message({ refersTo: [seeded.ids.thread], scope: { platform: 'discord', workspaceId: 'other-guild' } }))).toEqual({ kind: 'ignored', reason: 'not under a digest' });
    expect(await record(message({ refersTo: [seeded.ids.thread], fromBot: true }))).toEqual({ kind: 'ignored', reason: 'from a bot' });
    expect(await record(message({ refersTo: [seeded.ids.thread], text: '   ' }))).toEqual({ kind: 'ignored', reason: 'no text' });
    expect(await store.discussion.listThreadComments(seeded.channel.id, seeded.digest.id)).toEqual([]);
  });

  it('updates an edited reply in place, forgets a deleted one, and asks the answerer only for new mentions', async () => {
    await record(message({ refersTo: [seeded.ids.pieces[0]!], mentionsBot: true, text: '@bot what dataset did they use?' }));
    await record(message({ refersTo: [seeded.ids.pieces[0]!], mentionsBot: true, text: '@bot which dataset, exactly?', edited: true, at: new Date(at.getTime() + 60_000) }));
    expect(questions.map((q) => [q.position, q.comment.text])).toEqual([[1, '@bot what dataset did they use?']]);
    const stored = await store.discussion.getThreadComment(seeded.channel.id, 'm1');
    expect(stored).toMatchObject({ text: '@bot which dataset, exactly?', postedAt: at, editedAt: new Date(at.getTime() + 60_000) });
    expect(await record({ kind: 'deleted', scope, messageId: 'm1' })).toEqual({ kind: 'deleted', channelId: seeded.channel.id });
    expect(await store.discussion.getThreadComment(seeded.channel.id, 'm1')).toBeUndefined();
  });

  it('counts 👍/👎 on a piece message as one vote per member and kind, removable; 🔖 saves once and sends one copy', async () => {
    const piece2 = seeded.ids.pieces[1]!;
    await record(reaction({ messageId: piece2 }));
    await record(reaction({ messageId: piece2 }));
    await record(reaction({ messageId: piece2, memberId: 'u2', meaning: 'down', emoji: '👎' }));
    expect((await store.feedback.listVotes(seeded.channel.id, new Date(0))).map((v) => [v.pieceId, v.memberId, v.kind, v.sourceId])).toEqual([
      [seeded.pieces[1]!.id, 'u1', 'up', seeded.pieces[1]!.sourceId],
      [seeded.pieces[1]!.id, 'u2', 'down', seeded.pieces[1]!.sourceId],
    ]);
    await record(reaction({ messageId: piece2, present: false }));
    expect((await store.feedback.listVotes(seeded.channel.id, new Date(0))).map((v) => v.memberId)).toEqual(['u2']);

    await record(reaction({ messageId: piece2, meaning: 'save', emoji: '🔖' }));
    await record(reaction({ messageId: piece2, meaning: 'save', emoji: '🔖' }));
    expect(saves.map((s) => [s.memberKey, s.position, s.title])).toEqual([['discord:g1:u1', 2, seeded.digest.pieces[1]!.title]]);
    expect((await store.feedback.listSaved('discord:g1:u1', 10)).map((s) => s.pieceId)).toEqual([seeded.pieces[1]!.id]);
    await record(reaction({ messageId: piece2, meaning: 'save', emoji: '🔖', present: false }));
    expect(await store.feedback.listSaved('discord:g1:u1', 10)).toEqual([]);
  });

  it('ignores votes when the channel turned feedback off, and reactions to the header', async () => {
    expect(await record(reaction({ messageId: seeded.ids.header }))).toEqual({ kind: 'ignored', reason: 'not a piece message' });
    await store.discussion.updateDiscussionSettings(seeded.channel.id, { feedback: false }, at);
    expect(await record(reaction({ messageId: seeded.ids.pieces[0]! }))).toEqual({ kind: 'ignored', reason: 'feedback off' });
    expect(await store.feedback.listVotes(seeded.channel.id, new Date(0))).toEqual([]);
  });

  it('counts any reaction to a stored reply as engagement', async () => {
    await record(message({ refersTo: [seeded.ids.pieces[0]!] }));
    await record(reaction({ messageId: 'm1', memberId: 'u2', emoji: '🔥', meaning: 'other' }));
    await record(reaction({ messageId: 'm1', memberId: 'u3', emoji: '👍' }));
    expect((await store.discussion.getThreadComment(seeded.channel.id, 'm1'))?.reactions).toBe(2);
    expect(await record(reaction({ messageId: 'nobody-knows' }))).toEqual({ kind: 'ignored', reason: 'unknown message' });
  });
});

describe('piece numbers in a reply', () => {
  it('reads the usual ways of naming a piece, and only numbers the digest has', () => {
    const positions = [1, 2, 3];
    expect(pieceNumberInText('2. I disagree with the framing', positions)).toBe(2);
    expect(pieceNumberInText('<@U0BOT> 3: is the probe linear?', positions)).toBe(3);
    expect(pieceNumberInText('#1 is the best of the week', positions)).toBe(1);
    expect(pieceNumberInText('re 2: the ablation', positions)).toBe(2);
    expect(pieceNumberInText('The result in piece 3 needs a control', positions)).toBe(3);
    expect(pieceNumberInText('7. not in this digest', positions)).toBeNull();
    expect(pieceNumberInText('We trained 2.7B models', positions)).toBeNull();
    expect(pieceNumberInText('In 2019 Hubinger et al. wrote…', positions)).toBeNull();
  });
});
