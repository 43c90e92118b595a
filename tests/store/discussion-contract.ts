import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadComment } from '../../src/domain/discussion.ts';
import type { Store } from '../../src/store/store.ts';

const T0 = new Date('2026-03-30T08:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const comment = (overrides: Partial<ThreadComment> = {}): ThreadComment => ({
  channelId: 'discord:g1:c1',
  messageId: 'm1',
  digestId: 'd1',
  position: 2,
  replyTo: 'p2',
  authorId: 'u1',
  authorName: 'Ada',
  text: 'Did you try an answer-only SFT baseline?',
  permalink: 'https://discord.com/channels/g1/t1/m1',
  postedAt: at(1),
  editedAt: null,
  mentionsBot: false,
  ...overrides,
});

/** A digest delivered to `channelId` with its header, thread and two piece messages recorded in the ledger. */
async function delivered(store: Store, channelId: string, edition: string, ids: { header: string; piece1: string; piece2: string }, when = at(0)) {
  const delivery = await store.claimDelivery({ channelId, edition, holder: 'i1', at: when });
  if (delivery === undefined) throw new Error('claim failed');
  await store.setDeliveryDigest(delivery.id, `digest-of-${edition}`);
  for (const [slot, id] of [['header', ids.header], ['thread', ids.header], ['piece:1', ids.piece1], ['piece:2', ids.piece2]] as const) {
    await store.recordDeliveredMessage({ deliveryId: delivery.id, slot, platformMessageId: id, postedAt: when });
  }
  await store.finishDelivery(delivery.id, { status: 'delivered', error: null, at: when });
  return delivery;
}

/** The DiscussionStore and FeedbackStore contract, on every backend. */
export function describeDiscussionContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Discussion stores contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('locating messages in the ledger', () => {
      it("finds the slots of the bot's own messages in the workspace, and nothing else", async () => {
        const d = await delivered(store, 'discord:g1:c1', '2026-03-30T08:00:00.000Z', { header: 'h1', piece1: 'p1', piece2: 'p2' });
        await delivered(store, 'discord:g2:c9', '2026-03-30T08:00:00.000Z', { header: 'h9', piece1: 'p1-other', piece2: 'p2' });
        const found = await store.discussion.locateMessages({ platform: 'discord', workspaceId: 'g1' }, ['h1', 'p2', 'unknown']);
        expect(found.map((f) => [f.slot, f.platformMessageId])).toEqual([['header', 'h1'], ['piece:2', 'p2'], ['thread', 'h1']]);
        expect(found.every((f) => f.channelId === 'discord:g1:c1' && f.deliveryId === d.id && f.digestId === 'digest-of-2026-03-30T08:00:00.000Z')).toBe(true);
        // The same id in another workspace is that workspace's; a prefix of a workspace id is not the workspace.
        expect(await store.discussion.locateMessages({ platform: 'discord', workspaceId: 'g' }, ['h1'])).toEqual([]);
        expect(await store.discussion.locateMessages({ platform: 'slack', workspaceId: 'g1' }, ['h1'])).toEqual([]);
        expect(await store.discussion.locateMessages({ platform: 'discord', workspaceId: 'g1' }, [])).toEqual([]);
        // Scoped to one channel (Slack ts are unique per channel only).
        expect((await store.discussion.locateMessages({ platform: 'discord', workspaceId: 'g1', channelId: 'c1' }, ['p2'])).map((f) => f.slot)).toEqual(['piece:2']);
        expect(await store.discussion.locateMessages({ platform: 'discord', workspaceId: 'g1', channelId: 'c2' }, ['p2'])).toEqual([]);
      });

      it('finds a stored reply by its platform id within the workspace or one channel', async () => {
        await store.discussion.saveThreadComment(comment({ channelId: 'slack:T1:C1', messageId: '1700000000.000100' }));
        await store.discussion.saveThreadComment(comment({ channelId: 'slack:T1:C2', messageId: '1700000000.000100', text: 'other channel' }));
        expect((await store.discussion.findThreadComment({ platform: 'slack', workspaceId: 'T1', channelId: 'C2' }, '1700000000.000100'))?.text).toBe('other channel');
        expect((await store.discussion.findThreadComment({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, '1700000000.000100'))?.channelId).toBe('slack:T1:C1');
        expect(await store.discussion.findThreadComment({ platform: 'slack', workspaceId: 'T2' }, '1700000000.000100')).toBeUndefined();
      });
    });

    describe('thread comments', () => {
      it('stores a reply once, updates it on edit, counts reactions per member and forgets it when deleted', async () => {
        await store.discussion.saveThreadComment(comment());
        await store.discussion.saveThreadComment(comment());
        await store.discussion.saveThreadComment(comment({ text: 'Edited: did you try answer-only SFT?', editedAt: at(5) }));
        const reaction = { channelId: 'discord:g1:c1', messageId: 'm1', emoji: '👍', present: true, at: at(6) };
        await store.discussion.setCommentReaction({ ...reaction, memberId: 'u2' });
        await store.discussion.setCommentReaction({ ...reaction, memberId: 'u2' });
        await store.discussion.setCommentReaction({ ...reaction, memberId: 'u3' });
        const stored = await store.discussion.getThreadComment('discord:g1:c1', 'm1');
        expect(stored).toEqual({ ...comment({ text: 'Edited: did you try answer-only SFT?', editedAt: at(5) }), reactions: 2 });
        await store.discussion.setCommentReaction({ ...reaction, memberId: 'u3', present: false });
        expect((await store.discussion.getThreadComment('discord:g1:c1', 'm1'))?.reactions).toBe(1);
        expect(await store.discussion.deleteThreadComment('discord:g1:c1', 'm1')).toBe(true);
        expect(await store.discussion.deleteThreadComment('discord:g1:c1', 'm1')).toBe(false);
        expect(await store.discussion.getThreadComment('discord:g1:c1', 'm1')).toBeUndefined();
      });

      it('lists a piece, the digest-level replies, or all, oldest first', async () => {
        await store.discussion.saveThreadComment(comment({ messageId: 'm3', postedAt: at(3) }));
        await store.discussion.saveThreadComment(comment({ messageId: 'm1', postedAt: at(1) }));
        await store.discussion.saveThreadComment(comment({ messageId: 'm2', position: null, postedAt: at(2) }));
        await store.discussion.saveThreadComment(comment({ messageId: 'm4', position: 1, postedAt: at(4) }));
        await store.discussion.saveThreadComment(comment({ messageId: 'm5', digestId: 'other', postedAt: at(0) }));
        const ids = async (position?: number | null) => (await store.discussion.listThreadComments('discord:g1:c1', 'd1', position)).map((c) => c.messageId);
        expect(await ids(2)).toEqual(['m1', 'm3']);
        expect(await ids(null)).toEqual(['m2']);
        expect(await ids()).toEqual(['m1', 'm2', 'm3', 'm4']);
      });
    });

    describe('source comments and comment feeds', () => {
      it('upserts comments by guid and lists dated ones oldest first, undated last', async () => {
        const base = { pieceId: 'p1', author: 'Bo', permalink: 'https://blog.example/post#c', inReplyTo: null, fetchedAt: at(0) };
        await store.discussion.saveSourceComments([
          { ...base, guid: 'c2', text: 'Second', postedAt: at(20) },
          { ...base, guid: 'c0', text: 'Undated', postedAt: null },
          { ...base, guid: 'c1', text: 'First', postedAt: at(10) },
        ]);
        await store.discussion.saveSourceComments([{ ...base, guid: 'c1', text: 'First, edited', postedAt: at(10), inReplyTo: 'c0', fetchedAt: at(30) }]);
        const list = await store.discussion.listSourceComments('p1');
        expect(list.map((c) => [c.guid, c.text])).toEqual([['c1', 'First, edited'], ['c2', 'Second'], ['c0', 'Undated']]);
        expect(list[0]).toEqual({ ...base, guid: 'c1', text: 'First, edited', postedAt: at(10), inReplyTo: 'c0', fetchedAt: at(30) });
        expect(await store.discussion.listSourceComments('p2')).toEqual([]);
      });

      it('remembers where a piece’s comment feed is', async () => {
        expect(await store.discussion.getCommentFeed('p1')).toBeUndefined();
        const record = { pieceId: 'p1', feedUrl: 'https://blog.example/post/feed/', commentCount: 4, checkedAt: at(0), error: null };
        await store.discussion.putCommentFeed(record);
        expect(await store.discussion.getCommentFeed('p1')).toEqual(record);
        await store.discussion.putCommentFeed({ ...record, feedUrl: null, commentCount: null, checkedAt: at(1), error: 'HTTP 500' });
        expect(await store.discussion.getCommentFeed('p1')).toEqual({ ...record, feedUrl: null, commentCount: null, checkedAt: at(1), error: 'HTTP 500' });
      });
    });

    describe('settings and checks', () => {
      it('starts from the defaults and keeps what was changed', async () => {
        expect(await store.discussion.getDiscussionSettings('c1')).toEqual({ feedback: true, discussion: true, delayHours: null });
        expect(await store.discussion.updateDiscussionSettings('c1', { feedback: false }, at(0))).toEqual({ feedback: false, discussion: true, delayHours: null });
        await store.discussion.updateDiscussionSettings('c1', { delayHours: 12 }, at(1));
        expect(await store.discussion.getDiscussionSettings('c1')).toEqual({ feedback: false, discussion: true, delayHours: 12 });
        expect(await store.discussion.getDiscussionSettings('c2')).toEqual({ feedback: true, discussion: true, delayHours: null });
      });

      it('lists delivered digests in a range (not side posts), and records each check once', async () => {
        await delivered(store, 'discord:g1:c1', 'e1', { header: 'h1', piece1: 'a', piece2: 'b' }, at(0));
        await delivered(store, 'discord:g1:c1', 'e2', { header: 'h2', piece1: 'c', piece2: 'd' }, at(60));
        await delivered(store, 'discord:g1:c1', 'discussion:digest-of-e1:1', { header: 'x', piece1: 'y', piece2: 'z' }, at(30));
        const pending = await store.claimDelivery({ channelId: 'discord:g1:c1', edition: 'e3', holder: 'i1', at: at(10) });
        await store.setDeliveryDigest(pending!.id, 'digest-of-e3');
        expect((await store.discussion.listDeliveredDigests({ from: at(0), to: at(60) })).map((d) => [d.digestId, d.deliveredAt])).toEqual([['digest-of-e1', at(0)]]);
        expect((await store.discussion.listDeliveredDigests({ from: at(0), to: at(61) })).map((d) => d.digestId)).toEqual(['digest-of-e1', 'digest-of-e2']);
        const check = { channelId: 'discord:g1:c1', digestId: 'digest-of-e1', position: 1, outcome: 'empty' as const, at: at(70) };
        const claims = await Promise.all([1, 2, 3].map(() => store.discussion.recordDiscussionCheck(check)));
        expect(claims.filter(Boolean)).toHaveLength(1);
        await store.discussion.recordDiscussionCheck({ ...check, position: 2, outcome: 'posted' });
        expect(await store.discussion.checkedPositions('discord:g1:c1', 'digest-of-e1')).toEqual(new Set([1, 2]));
        expect(await store.discussion.checkedPositions('discord:g1:c1', 'digest-of-e2')).toEqual(new Set());
      });
    });

    describe('discussion replies', () => {
      it('keeps the reply posted under each piece, the last one winning, per digest', async () => {
        const reply = { blocks: [{ kind: 'heading', text: 'Discussion of 2. X' }], text: 'Discussion of 2. X' };
        await store.discussion.saveDiscussionReply({ channelId: 'c1', digestId: 'd1', position: 2, reply, at: at(0) });
        await store.discussion.saveDiscussionReply({ channelId: 'c1', digestId: 'd1', position: 3, reply: { ...reply, text: 'old' }, at: at(1) });
        await store.discussion.saveDiscussionReply({ channelId: 'c1', digestId: 'd1', position: 3, reply: { ...reply, text: 'new' }, at: at(2) });
        await store.discussion.saveDiscussionReply({ channelId: 'c1', digestId: 'd2', position: 1, reply, at: at(0) });
        const replies = await store.discussion.listDiscussionReplies('c1', 'd1');
        expect([...replies.keys()].sort()).toEqual([2, 3]);
        expect(replies.get(2)).toEqual(reply);
        expect((replies.get(3) as { text: string }).text).toBe('new');
        expect(await store.discussion.listDiscussionReplies('c2', 'd1')).toEqual(new Map());
      });
    });

    describe('feedback', () => {
      it('keeps one vote of each kind per member and piece, removable, and lists them since a time', async () => {
        const vote = { channelId: 'c1', pieceId: 'p1', sourceId: 's1', memberId: 'u1', kind: 'up' as const, present: true, at: at(0) };
        await store.feedback.setVote(vote);
        await store.feedback.setVote({ ...vote, at: at(1) });
        await store.feedback.setVote({ ...vote, memberId: 'u2', kind: 'down', at: at(2) });
        await store.feedback.setVote({ ...vote, channelId: 'c2', at: at(3) });
        expect((await store.feedback.listVotes('c1', at(0))).map((v) => [v.memberId, v.kind, v.at])).toEqual([['u1', 'up', at(0)], ['u2', 'down', at(2)]]);
        expect((await store.feedback.listVotes('c1', at(1))).map((v) => v.memberId)).toEqual(['u2']);
        await store.feedback.setVote({ ...vote, present: false });
        await store.feedback.setVote({ ...vote, present: false });
        expect(await store.feedback.listVotes('c1', at(0))).toEqual([{ channelId: 'c1', pieceId: 'p1', sourceId: 's1', memberId: 'u2', kind: 'down', at: at(2) }]);
      });

      it('saves once per member and piece, newest first, and says whether anything changed', async () => {
        const save = { memberKey: 'discord:g1:u1', channelId: 'c1', pieceId: 'p1', digestId: 'd1', position: 1, title: 'Reward hacking', url: 'https://x.example/1', present: true, at: at(0) };
        expect(await store.feedback.setSaved(save)).toBe(true);
        expect(await store.feedback.setSaved({ ...save, at: at(1) })).toBe(false);
        expect(await store.feedback.setSaved({ ...save, pieceId: 'p2', position: 2, title: 'Probes', at: at(2) })).toBe(true);
        expect((await store.feedback.listSaved('discord:g1:u1', 10)).map((s) => [s.pieceId, s.savedAt])).toEqual([['p2', at(2)], ['p1', at(0)]]);
        expect(await store.feedback.listSaved('discord:g1:u1', 1)).toHaveLength(1);
        expect(await store.feedback.setSaved({ ...save, present: false })).toBe(true);
        expect(await store.feedback.setSaved({ ...save, present: false })).toBe(false);
        expect((await store.feedback.listSaved('discord:g1:u1', 10)).map((s) => s.pieceId)).toEqual(['p2']);
        expect(await store.feedback.listSaved('discord:g1:u2', 10)).toEqual([]);
      });
    });
  });
}
