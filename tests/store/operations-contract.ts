import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertStateKey } from '../../src/store/ports/operations.ts';
import type { Store } from '../../src/store/store.ts';
import { makePiece } from '../select/piece-factory.ts';
import { addOccurrence, insertPieces } from './seed-pieces.ts';
import { channelSettings } from '../fixtures/channel-settings.ts';

const T0 = new Date('2026-03-30T08:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/** The operations ports' contract (alert states, workspace settings, usage per workspace, ask answers), on every backend. */
export function describeOperationsContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Operations stores contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('alert states', () => {
      const key: AlertStateKey = { workspace: 'discord:g1', family: 'source-health', subject: 'src1' };

      it('records observations, moving changedAt only when the state changes', async () => {
        expect(await store.alertStates.getAlertState(key)).toBeUndefined();
        const first = await store.alertStates.observeAlertState(key, 'failing', { error: 'HTTP 500' }, at(0));
        expect(first).toEqual({ key, state: 'failing', detail: { error: 'HTTP 500' }, changedAt: at(0), announced: 'ok', announcedAt: null });
        const same = await store.alertStates.observeAlertState(key, 'failing', { error: 'HTTP 502' }, at(10));
        expect(same.changedAt).toEqual(at(0));
        expect(same.detail).toEqual({ error: 'HTTP 502' });
        const changed = await store.alertStates.observeAlertState(key, 'ok', {}, at(20));
        expect(changed.changedAt).toEqual(at(20));
        expect(await store.alertStates.getAlertState({ ...key, subject: 'other' })).toBeUndefined();
      });

      it('lets exactly one claimant announce a change, and lists what is unannounced', async () => {
        await store.alertStates.observeAlertState(key, 'failing', {}, at(0));
        await store.alertStates.observeAlertState({ ...key, subject: 'src2' }, 'ok', {}, at(0));
        expect((await store.alertStates.listUnannounced()).map((r) => r.key.subject)).toEqual(['src1']);
        const claims = await Promise.all([1, 2, 3].map(() => store.alertStates.claimAnnouncement(key, 'ok', 'failing', at(1))));
        expect(claims.filter(Boolean)).toHaveLength(1);
        const row = await store.alertStates.getAlertState(key);
        expect(row).toMatchObject({ announced: 'failing', announcedAt: at(1) });
        expect(await store.alertStates.listUnannounced()).toEqual([]);
        expect(await store.alertStates.claimAnnouncement(key, 'ok', 'failing', at(2))).toBe(false);
      });
    });

    describe('workspace settings', () => {
      it('returns defaults for a new workspace and keeps patches apart per workspace', async () => {
        expect(await store.workspaces.getWorkspaceSettings('slack:T1')).toEqual({ alertChannelId: null, alertMention: null, monthlyTokenBudget: null });
        await store.workspaces.updateWorkspaceSettings('slack:T1', { alertChannelId: 'C0ADMIN', alertMention: { kind: 'user-group', id: 'S0OPS' } }, at(0));
        const updated = await store.workspaces.updateWorkspaceSettings('slack:T1', { monthlyTokenBudget: 5_000_000_000 }, at(1));
        expect(updated).toEqual({ alertChannelId: 'C0ADMIN', alertMention: { kind: 'user-group', id: 'S0OPS' }, monthlyTokenBudget: 5_000_000_000 });
        expect(await store.workspaces.getWorkspaceSettings('discord:T1')).toEqual({ alertChannelId: null, alertMention: null, monthlyTokenBudget: null });
        expect(await store.workspaces.updateWorkspaceSettings('slack:T1', { alertMention: null, monthlyTokenBudget: null }, at(2)))
          .toEqual({ alertChannelId: 'C0ADMIN', alertMention: null, monthlyTokenBudget: null });
      });
    });

    describe('usage per workspace', () => {
      it('sums calls and tokens per purpose for one workspace since a time', async () => {
        const usage = (minutes: number, purpose: 'summary' | 'ask' | 'relevance', workspace: string | null, prompt: number, completion: number) =>
          store.recordLlmUsage({ at: at(minutes), purpose, model: 'm', contentHash: null, promptTokens: prompt, completionTokens: completion, workspace });
        await usage(-10, 'summary', 'discord:g1', 1000, 100);
        await usage(0, 'summary', 'discord:g1', 200, 20);
        await usage(1, 'summary', 'discord:g1', 300, 30);
        await usage(2, 'ask', 'discord:g1', 50, 5);
        await usage(3, 'ask', 'discord:g2', 999, 99);
        await usage(4, 'relevance', null, 7, 1);
        expect(await store.usage.usageByPurpose('discord:g1', at(0))).toEqual([
          { purpose: 'ask', calls: 1, promptTokens: 50, completionTokens: 5 },
          { purpose: 'summary', calls: 2, promptTokens: 500, completionTokens: 50 },
        ]);
        expect(await store.usage.usageByPurpose('slack:none', at(-100))).toEqual([]);
        // The workspace-blind total still counts everything.
        expect(await store.llmUsageSince(at(0))).toEqual({ calls: 5, promptTokens: 1556, completionTokens: 155 });
      });
    });

    describe('subscribers', () => {
      it('finds the channels reading a source and the channels of a workspace', async () => {
        const settings = channelSettings();
        const a = await store.ensureChannel({ platform: 'discord', workspaceId: 'g1', channelId: 'c1' }, settings);
        const b = await store.ensureChannel({ platform: 'discord', workspaceId: 'g1', channelId: 'c2' }, settings);
        const c = await store.ensureChannel({ platform: 'slack', workspaceId: 'g1', channelId: 'C3' }, settings);
        const { source } = await store.addSource({ url: 'https://a.example/feed', name: 'A' });
        const { source: other } = await store.addSource({ url: 'https://b.example/feed', name: 'B' });
        await store.subscribe({ channelId: a.id, sourceId: source.id, origin: 'chat', fullText: false });
        await store.subscribe({ channelId: c.id, sourceId: source.id, origin: 'chat', fullText: false });
        await store.subscribe({ channelId: b.id, sourceId: other.id, origin: 'chat', fullText: false });
        expect((await store.subscribers.channelsReadingSource(source.id)).map((ch) => ch.id)).toEqual([a.id, c.id]);
        expect(await store.subscribers.channelsReadingSource('nope')).toEqual([]);
        expect((await store.subscribers.channelsOfWorkspace('discord', 'g1')).map((ch) => ch.id)).toEqual([a.id, b.id]);
      });
    });

    describe('source activity', () => {
      it('lists a source’s item sightings newest first, crossposts included, without estimated dates', async () => {
        await insertPieces(store, makePiece({ id: 'p1', sourceId: 's1', fetchedAt: at(0), publishedAt: at(-600) }), makePiece({ id: 'p2', sourceId: 's1', fetchedAt: at(60), publishedAt: at(50), publishedAtEstimated: true }),
          makePiece({ id: 'p3', sourceId: 's2', fetchedAt: at(90), publishedAt: at(80) }));
        await addOccurrence(store, { pieceId: 'p3', sourceId: 's1', guid: 'x', canonicalUrl: 'https://example.org/p3', firstSeenAt: at(120), matchedBy: 'canonical-url', similarity: null });
        expect(await store.sourceActivity.recentSightings('s1', 10)).toEqual([
          { firstSeenAt: at(120), publishedAt: at(80) },
          { firstSeenAt: at(60), publishedAt: null },
          { firstSeenAt: at(0), publishedAt: at(-600) },
        ]);
        expect(await store.sourceActivity.recentSightings('s1', 1)).toHaveLength(1);
        expect(await store.sourceActivity.recentSightings('none', 5)).toEqual([]);
      });
    });

    describe('ask answers', () => {
      it('caches an answer per key; the first one wins', async () => {
        const key = { contentHash: 'h1', question: 'what is the main result', language: 'en', model: 'm', promptVersion: 'ask-1' };
        expect(await store.askAnswers.getAskAnswer(key)).toBeUndefined();
        await store.askAnswers.putAskAnswer(key, { answered: true, answer: 'It works “well”.', quote: null }, at(0));
        await store.askAnswers.putAskAnswer(key, { answered: false, answer: 'second', quote: null }, at(1));
        expect(await store.askAnswers.getAskAnswer(key)).toEqual({ answered: true, answer: 'It works “well”.', quote: null });
        expect(await store.askAnswers.getAskAnswer({ ...key, language: 'fr' })).toBeUndefined();
      });
    });
  });
}
