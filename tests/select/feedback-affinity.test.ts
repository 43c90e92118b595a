import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discussionConfigSchema } from '../../src/config/discussion-schema.ts';
import { createFeedbackAffinity } from '../../src/discussion/feedback-for-selection.ts';
import { createThreadEventRecorder } from '../../src/discussion/record-thread-event.ts';
import type { Piece } from '../../src/domain/piece.ts';
import type { Source } from '../../src/domain/source.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { applyAffinity, createAffinity, netVotes, topicTerms } from '../../src/select/feedback-affinity.ts';
import { selectPieces } from '../../src/select/select-pieces.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { seedDeliveredDigest } from '../discussion/discussion-harness.ts';
import { makePiece, makeSource, NOW } from './piece-factory.ts';

const FEEDBACK = discussionConfigSchema.parse({}).feedback;
const DAY = 86_400_000;

const interpretability = (id: string, sourceId: string, extra = ''): Partial<Piece> & { id: string } => ({
  id,
  sourceId,
  title: `Sparse autoencoder features explain probe behaviour ${extra}`.trim(),
  contentText: 'We train sparse autoencoder features on residual activations and find interpretable features; the probe features and autoencoder features align across layers. Features features activations.',
});
const reinforcement = (id: string, sourceId: string, extra = ''): Partial<Piece> & { id: string } => ({
  id,
  sourceId,
  title: `Policy gradient tricks for reward optimisation ${extra}`.trim(),
  contentText: 'We tune policy gradient training with reward shaping and clipping; the reward curve and policy entropy improve on benchmarks. Reward policy gradient reward.',
});

describe('reader feedback as a selection term', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => store.close());

  it('moves the next digest’s picks toward the topic the channel liked (votes cast as reactions, read from the store)', async () => {
    // Four weeks of digests: members like the interpretability pieces and dislike the RL ones, in both sources.
    const record = createThreadEventRecorder({ store, now: () => NOW, logger: silentLogger() });
    let channelId = '';
    for (let week = 0; week < 4; week++) {
      const at = new Date(NOW.getTime() - (28 - week * 7) * DAY);
      const seeded = await seedDeliveredDigest(store, {
        platform: 'slack',
        workspaceId: 'T1',
        channelId: 'C1',
        at,
        pieces: [interpretability(`i${week}`, ''), reinforcement(`r${week}`, '')].map((p) => ({ title: p.title!, contentText: p.contentText! })),
      });
      channelId = seeded.channel.id;
      for (const member of ['U1', 'U2', 'U3']) {
        await record({ kind: 'reaction', scope: { platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, messageId: seeded.ids.pieces[0]!, memberId: member, emoji: '+1', meaning: 'up', present: true, at });
        await record({ kind: 'reaction', scope: { platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, messageId: seeded.ids.pieces[1]!, memberId: member, emoji: '-1', meaning: 'down', present: true, at });
      }
    }
    const channel = (await store.getChannel(channelId))!;
    // Next week's candidates: as many RL pieces as interpretability ones, the RL ones slightly fresher.
    const sources = new Map<string, Source>([['a', makeSource('a', 'A')], ['b', makeSource('b', 'B')]]);
    const candidates = [
      ...['1', '2', '3'].map((n, i) => makePiece({ ...reinforcement(`rl-${n}`, i % 2 === 0 ? 'a' : 'b', n), publishedAt: new Date(NOW.getTime() - 2 * 3_600_000) })),
      ...['1', '2', '3'].map((n, i) => makePiece({ ...interpretability(`sae-${n}`, i % 2 === 0 ? 'a' : 'b', n), publishedAt: new Date(NOW.getTime() - 6 * 3_600_000) })),
    ];
    const select = (affinity?: Parameters<typeof selectPieces>[0]['affinity']) =>
      selectPieces({
        candidates,
        sources,
        interests: [],
        recentDigestPieces: [],
        count: 3,
        maxPerSource: 3,
        halfLifeHours: 72,
        now: NOW,
        ...(affinity === undefined ? {} : { affinity }),
      }).map((s) => s.piece.id);

    const without = select();
    const affinity = await createFeedbackAffinity({ store, config: FEEDBACK, now: () => NOW })(channel);
    const withFeedback = select(affinity);
    const liked = (ids: string[]) => ids.filter((id) => id.startsWith('sae-')).length;
    expect(liked(without)).toBe(0);
    expect(liked(withFeedback)).toBe(3);

    // Feedback off: the votes stay stored but no longer shift anything.
    await store.discussion.updateDiscussionSettings(channelId, { feedback: false }, NOW);
    expect(await createFeedbackAffinity({ store, config: FEEDBACK, now: () => NOW })(channel)).toBeUndefined();
  });

  it('caps what a single vote can do: at most maxShift / (priorVotes + 1) of a score, so it moves no pick whose lead is larger', () => {
    const voted = makePiece(interpretability('voted', 'a'));
    const twin = makePiece({ ...interpretability('twin', 'a'), id: 'twin' });
    const one = createAffinity([{ pieceId: 'voted', sourceId: 'a', value: -1, at: NOW }], new Map([['voted', voted]]), { now: NOW, halfLifeDays: FEEDBACK.halfLifeDays, priorVotes: FEEDBACK.priorVotes });
    // The worst case: same source, identical topics, cast just now.
    const shift = 1 - applyAffinity(1, one(twin), FEEDBACK.maxShift);
    expect(shift).toBeGreaterThan(0);
    expect(shift).toBeLessThanOrEqual(FEEDBACK.maxShift / (FEEDBACK.priorVotes + 1) + 1e-12);

    // Two candidates 5 % apart; one 👎 on the leader's twin cannot reorder them.
    const sources = new Map<string, Source>([['a', makeSource('a', 'A')], ['b', makeSource('b', 'B')]]);
    const leader = makePiece({ ...interpretability('leader', 'a'), wordCount: 2_000 });
    const runnerUp = makePiece({ ...reinforcement('runner', 'b'), wordCount: 2_000, publishedAt: new Date(leader.publishedAt.getTime() - 12 * 3_600_000) });
    const base = selectPieces({ candidates: [leader, runnerUp], sources, interests: [], recentDigestPieces: [], count: 2, maxPerSource: 2, halfLifeHours: 72, now: NOW });
    expect(base.map((s) => s.piece.id)).toEqual(['leader', 'runner']);
    expect(base[0]!.score / base[1]!.score).toBeGreaterThan(1.045);
    const after = selectPieces({ candidates: [leader, runnerUp], sources, interests: [], recentDigestPieces: [], count: 2, maxPerSource: 2, halfLifeHours: 72, now: NOW, affinity: { of: one, maxShift: FEEDBACK.maxShift } });
    expect(after.map((s) => s.piece.id)).toEqual(['leader', 'runner']);
    expect(after[0]!.score).toBeLessThan(base[0]!.score);
  });

  it('fades a vote with age: after one half-life it counts half', () => {
    const voted = makePiece(interpretability('voted', 'a'));
    const options = { now: NOW, halfLifeDays: 21, priorVotes: 4 };
    const fresh = createAffinity([{ pieceId: 'voted', sourceId: 'a', value: 1, at: NOW }], new Map([['voted', voted]]), options)(makePiece({ ...interpretability('x', 'a') }));
    const old = createAffinity([{ pieceId: 'voted', sourceId: 'a', value: 1, at: new Date(NOW.getTime() - 21 * DAY) }], new Map([['voted', voted]]), options)(makePiece({ ...interpretability('x', 'a') }));
    expect(old).toBeGreaterThan(0);
    expect(old).toBeLessThan(fresh);
    // S = w/(k+w): 1/5 fresh, 0.5/4.5 after one half-life.
    expect(fresh).toBeCloseTo((1 / 5 + 1 / 5) / 2, 6);
    expect(old).toBeCloseTo((0.5 / 4.5 + 0.5 / 4.5) / 2, 6);
  });

  it('nets a member’s 👍 and 👎 on one piece to nothing, and reads topics from title and body', () => {
    const at = NOW;
    expect(netVotes([
      { pieceId: 'p', sourceId: 's', memberId: 'u1', kind: 'up', at },
      { pieceId: 'p', sourceId: 's', memberId: 'u1', kind: 'down', at },
      { pieceId: 'p', sourceId: 's', memberId: 'u2', kind: 'down', at },
    ])).toEqual([{ pieceId: 'p', sourceId: 's', value: -1, at }]);
    expect([...topicTerms({ title: 'Sparse autoencoders for probes', contentText: 'features features activations activations' })].sort()).toEqual(['activations', 'autoencoders', 'features', 'probes', 'sparse']);
  });
});
