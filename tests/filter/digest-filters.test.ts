import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchText } from '../../commands/dispatch.ts';
import { configSchema } from '../../src/config/schema.ts';
import { parseFilterRule } from '../../src/filter/filter-rule.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { messagesFor } from '../../src/i18n/index.ts';
import { buildDigest, type BuildDigestDeps } from '../../src/pipeline/build-digest.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { testServices } from '../bot/test-bot.ts';
import { channelIn } from '../deliver/delivery-harness.ts';
import { hoursAgo, makePiece, NOW } from '../select/piece-factory.ts';
import { insertPieces } from '../store/seed-pieces.ts';

const config = configSchema.parse({ selection: { pieces: 4, maxPerSource: 5, qualityFloor: 0 } });

let store: Store;
beforeEach(async () => {
  store = await createSqliteStore({ path: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

const deps = (): BuildDigestDeps => ({
  store,
  config,
  logger: silentLogger(),
  now: () => NOW,
  summarise: async () => ({ summary: { summary: 'S.', whyItMatters: null, whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] }, summarisedBy: 'offline' }),
});

async function seed(filters: string[]) {
  const { source } = await store.addSource({ url: 'https://example.org/feed.xml', name: 'Mixed Feed' });
  const channel = await channelIn(store, 'c1', { pieces: 4, filters: filters.map((f) => parseFilterRule(f.startsWith('include') ? 'include' : 'exclude', f.replace(/^(include|exclude) /, ''))) });
  await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: false });
  await insertPieces(store, makePiece({ id: 'crypto', sourceId: source.id, title: 'Crypto tokens for agents', publishedAt: hoursAgo(1), fetchedAt: hoursAgo(0.5) }),
    makePiece({ id: 'event', sourceId: source.id, title: '[Event] Meetup in Berlin', publishedAt: hoursAgo(2), fetchedAt: hoursAgo(0.5) }),
    makePiece({ id: 'interp', sourceId: source.id, title: 'Interpretability of reward models', publishedAt: hoursAgo(3), fetchedAt: hoursAgo(0.5) }),
    makePiece({ id: 'optim', sourceId: source.id, title: 'A new optimiser', publishedAt: hoursAgo(4), fetchedAt: hoursAgo(0.5) }));
  return channel;
}

describe('channel filters in a digest', () => {
  it('removes filtered pieces before selection and says which filter removed each in /digest passed', async () => {
    const channel = await seed(['exclude title:crypto', 'exclude /^\\[event\\]/i']);
    const digest = (await buildDigest(deps(), channel, { edition: 'e1' }))!;
    expect(digest.pieces.map((p) => p.pieceId).sort()).toEqual(['interp', 'optim']);
    expect(digest.passed?.map((p) => [p.pieceId, p.reason]).sort()).toEqual([
      ['crypto', { kind: 'filtered', filter: 1, rule: 'exclude title:crypto', field: 'title' }],
      ['event', { kind: 'filtered', filter: 2, rule: 'exclude /^\\[event\\]/i', field: 'title' }],
    ]);
    await store.saveDigest(digest);
    const reply = await dispatchText('passed', { channel: channel.ref, user: { id: 'u', isAdmin: async () => false }, services: testServices(store, { now: () => NOW }).services });
    expect(reply.text).toContain(messagesFor('en').passedReason({ kind: 'filtered', filter: 2, rule: 'exclude /^\\[event\\]/i', field: 'title' }));
    expect(reply.text).toContain('removed by filter 1 (`exclude title:crypto`), which matched the title');
  });

  it('keeps only pieces matching an include filter, and words the others in the channel’s language', async () => {
    const channel = await seed(['include /interpretab|optimi[sz]er/i']);
    const digest = (await buildDigest(deps(), channel, { edition: 'e1' }))!;
    expect(digest.pieces.map((p) => p.pieceId).sort()).toEqual(['interp', 'optim']);
    expect(digest.passed?.map((p) => p.reason)).toEqual([{ kind: 'notIncluded', filters: [1] }, { kind: 'notIncluded', filters: [1] }]);
    expect(messagesFor('fr').passedReason({ kind: 'notIncluded', filters: [1] })).toBe('ne correspond à aucun des filtres d’inclusion (1)');
  });

  it('skips a stored rule that cannot run instead of failing the digest', async () => {
    const channel = await seed([]);
    const broken = { ...channel, settings: { ...channel.settings, filters: [{ action: 'exclude' as const, match: 'regex' as const, pattern: '(?=x)', flags: '', fields: null }, parseFilterRule('exclude', 'optimiser')] } };
    const digest = (await buildDigest(deps(), broken, { edition: 'e1' }))!;
    expect(digest.pieces.map((p) => p.pieceId)).not.toContain('optim');
    expect(digest.passed?.find((p) => p.pieceId === 'optim')?.reason).toMatchObject({ kind: 'filtered', filter: 2 });
  });
});
