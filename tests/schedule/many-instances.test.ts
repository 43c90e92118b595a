import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import { runIngest } from '../../src/ingest/run-ingest.ts';
import type { Channel } from '../../src/domain/channel.ts';
import { deliverDigest } from '../../src/deliver/deliver-digest.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { claimSourcesForCycle } from '../../src/schedule/claim-sources.ts';
import { createSlotRunner, slotLeaseKey, type SlotRunner } from '../../src/schedule/slot-lease.ts';
import type { Store } from '../../src/store/store.ts';
import {
  channelIn,
  createRecordingPoster,
  makeDigest,
  postgresBackend,
  postgresSkipReason,
  postgresUrl,
  type RecordingPoster,
} from '../deliver/delivery-harness.ts';
import { startFeedServer } from '../fakes/feed-server.ts';

const logger = silentLogger();
const INGEST_OPTIONS = { ...configSchema.parse({}).ingest, allowPrivateNetworks: true, perHostIntervalMs: 0 };

/** An RSS feed with one item. */
function oneItemFeed(item: { feed: string; guid: string; link: string; title: string; text: string }): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${item.feed}</title><item><guid>${item.guid}</guid>`
    + `<link>${item.link}</link><title>${item.title}</title><description>${item.text}</description></item></channel></rss>`;
}
const SLOT = new Date('2026-03-30T08:00:00.000Z');
const pgUrl = postgresUrl;
if (!pgUrl) console.warn(`many instances on PostgreSQL: SKIPPED — ${postgresSkipReason}`);

interface Instance {
  name: string;
  store: Store;
  runner: SlotRunner;
  /** Slots this instance built a digest for (the expensive part the lease saves). */
  built: string[];
}

describe.skipIf(pgUrl === undefined)('several instances on one PostgreSQL', () => {
  const backend = pgUrl === undefined ? undefined : postgresBackend(pgUrl);
  afterAll(async () => backend?.cleanup());
  let t = SLOT.getTime();
  const now = () => new Date(t);

  /** `count` instances, each with its own connection pool, scheduler-side runner and delivery loop. */
  async function startInstances(count: number, platform: RecordingPoster): Promise<{ instances: Instance[]; channel: Channel; stop: () => Promise<void> }> {
    const open = await backend!.freshDatabase();
    const instances: Instance[] = [];
    for (let i = 1; i <= count; i++) {
      const store = await open();
      const built: string[] = [];
      const runner = createSlotRunner({
        store,
        holder: `instance-${i}`,
        now,
        leaseMs: 60_000,
        deliver: async (channel, slot) => {
          built.push(slot.toISOString());
          await deliverDigest({ store, poster: platform, channel, digest: makeDigest(channel, slot.toISOString()), holder: `instance-${i}`, now, logger });
        },
      });
      instances.push({ name: `instance-${i}`, store, runner, built });
    }
    const channel = await channelIn(instances[0]!.store);
    return { instances, channel, stop: async () => {
      await Promise.all(instances.map((x) => x.store.close()));
    } };
  }

  for (const count of [2, 3]) {
    it(`${count} instances racing for the same slot deliver it exactly once`, async () => {
      t = SLOT.getTime();
      const platform = createRecordingPoster();
      const { instances, channel, stop } = await startInstances(count, platform);
      try {
        const ran = await Promise.all(instances.map((x) => x.runner.run(channel, SLOT)));
        expect(ran.filter(Boolean)).toHaveLength(1);
        expect(instances.flatMap((x) => x.built)).toEqual([SLOT.toISOString()]);
        expect(platform.messages.filter((m) => m.kind === 'header')).toHaveLength(1);
        expect(platform.threadTexts(platform.threads[0]!.id)).toEqual(['Piece 1', 'Piece 2', 'Piece 3']);
        // node-cron's distributed path asks the same lease: every instance's coordinator refuses the run now.
        for (const x of instances) expect(await x.runner.coordinator.shouldRun(`${channel.id}:${SLOT.toISOString()}`, 60_000)).toBe(x.name === instances[ran.indexOf(true)]?.name);
      } finally {
        await stop();
      }
    });
  }

  it('3 instances without any lease still post once: the ledger claim alone decides', async () => {
    t = SLOT.getTime();
    const platform = createRecordingPoster();
    const { instances, channel, stop } = await startInstances(3, platform);
    try {
      const outcomes = await Promise.all(instances.map((x) =>
        deliverDigest({
          store: x.store,
          poster: platform,
          channel,
          digest: makeDigest(channel, SLOT.toISOString()),
          holder: x.name,
          now,
          logger,
        })
      ));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['already-claimed', 'already-claimed', 'delivered']);
      expect(platform.messages.filter((m) => m.kind === 'header')).toHaveLength(1);
      expect(platform.messages.filter((m) => m.kind === 'piece')).toHaveLength(3);
    } finally {
      await stop();
    }
  });

  it('takes over the slot of an instance that died holding its lease, once the lease expires', async () => {
    t = SLOT.getTime();
    const platform = createRecordingPoster();
    const { instances, channel, stop } = await startInstances(2, platform);
    try {
      const [dead, alive] = instances as [Instance, Instance];
      // The dead instance was elected, then crashed before building anything.
      expect(await dead.store.tryAcquireLease(slotLeaseKey(channel.id, SLOT), dead.name, 60_000, now())).toBe(true);
      t += 30_000;
      expect(await alive.runner.run(channel, SLOT)).toBe(false);
      t += 30_000;
      expect(await alive.runner.run(channel, SLOT)).toBe(true);
      expect(platform.messages.filter((m) => m.kind === 'header')).toHaveLength(1);
    } finally {
      await stop();
    }
  });

  it('fetches each source once per cycle across 3 instances, and again next cycle', async () => {
    t = SLOT.getTime();
    const { instances, stop } = await startInstances(3, createRecordingPoster());
    try {
      const sources = await Promise.all(['a', 'b', 'c', 'd', 'e'].map(async (n) => (await instances[0]!.store.addSource({ url: `https://${n}.example/feed`, name: n })).source));
      const cycle = async () => {
        const claims = await Promise.all(instances.map((x) => claimSourcesForCycle({ store: x.store, sources, holder: x.name, now: now(), cycleMs: 30 * 60_000 })));
        const byHolder = new Map(claims.flatMap((list, i) => list.map((s) => [s.id, instances[i]!.name] as const)));
        expect(claims.flat()).toHaveLength(byHolder.size); // no source went to two instances
        return byHolder;
      };
      const all = sources.map((s) => s.id).sort();
      const first = await cycle();
      expect([...first.keys()].sort()).toEqual(all);
      // Later in the same cycle nobody else gets a source (a holder asking again just renews its own).
      t += 10 * 60_000;
      expect(await cycle()).toEqual(first);
      // Each claim lasts 90% of the cycle: next cycle every source is fetched again, once.
      t += 30 * 60_000;
      expect([...(await cycle()).keys()].sort()).toEqual(all);
    } finally {
      await stop();
    }
  });

  it('stores a story two feeds carry once, when two instances ingest the feeds at the same moment', async () => {
    t = SLOT.getTime();
    const { instances, stop } = await startInstances(2, createRecordingPoster());
    const server = await startFeedServer();
    try {
      const story = (n: number) =>
        oneItemFeed({
          feed: `Feed ${n}`,
          guid: `same-story-${n}`,
          link: `https://arxiv.example/abs/2603.01234?utm_source=feed${n}`,
          title: 'One paper',
          text: `Seen from feed ${n}, with its own words about the paper.`,
        });
      // Each feed answers slowly, so both instances reach their dedupe step together.
      server.route('/one', { body: story(1), delayMs: 100 });
      server.route('/two', { body: story(2), delayMs: 100 });
      const one = (await instances[0]!.store.addSource({ url: server.url('/one'), name: 'one' })).source;
      const two = (await instances[0]!.store.addSource({ url: server.url('/two'), name: 'two' })).source;
      const reports = await Promise.all([
        runIngest({ store: instances[0]!.store, sources: [one], options: INGEST_OPTIONS }),
        runIngest({ store: instances[1]!.store, sources: [two], options: INGEST_OPTIONS }),
      ]);
      expect(reports.flat().map((r) => r.newItems + r.duplicateItems)).toEqual([1, 1]);
      const pieces = await instances[0]!.store.listPiecesSince(new Date(0));
      expect(pieces).toHaveLength(1);
      expect((await instances[0]!.store.listOccurrences(pieces[0]!.id)).map((o) => o.matchedBy).sort()).toEqual(['canonical-url', 'original']);
    } finally {
      await server.close();
      await stop();
    }
  });

  it('folds a near-duplicate crosspost that another instance stored while this run was under way', async () => {
    t = SLOT.getTime();
    const { instances, stop } = await startInstances(2, createRecordingPoster());
    const server = await startFeedServer();
    try {
      const story = 'Researchers show that reward models trained on human preferences can be gamed by policies that learn to exploit '
        + 'systematic blind spots in the labelling process, and they propose an ensemble of critics that flags such exploits before '
        + 'deployment. The ensemble catches most known reward hacks in their benchmark while costing little extra compute.';
      const feed = (name: string, guid: string, link: string, text: string) => oneItemFeed({ feed: name, guid, link, title: 'Reward models can be gamed', text });
      server.route('/unrelated', { body: feed('U', 'u-1', 'https://u.example/1', 'A long note about protein folding with diffusion models, its training data, and its evaluation on CASP targets over three years.') });
      server.route('/af', { body: feed('AF', 'af-1', 'https://www.alignmentforum.org/posts/abc', story), delayMs: 100 });
      // Instance 2 reaches this feed after instance 1 has stored the original, within the same ingest run.
      server.route('/lw', { body: feed('LW', 'lw-9', 'https://www.lesswrong.com/posts/xyz', `${story} Crossposted from the AI Alignment Forum.`), delayMs: 400 });
      const add = async (path: string, name: string) => (await instances[0]!.store.addSource({ url: server.url(path), name })).source;
      const [unrelated, af, lw] = [await add('/unrelated', 'U'), await add('/af', 'AF'), await add('/lw', 'LW')];
      const options = { ...INGEST_OPTIONS, concurrency: 1 };
      const [first, second] = await Promise.all([
        runIngest({ store: instances[0]!.store, sources: [af], options }),
        // One run: it loads its near-duplicate candidates with the unrelated feed, before the original exists.
        runIngest({ store: instances[1]!.store, sources: [unrelated, lw], options }),
      ]);
      expect(first.map((r) => r.newItems)).toEqual([1]);
      expect(second.map((r) => [r.newItems, r.duplicateItems])).toEqual([[1, 0], [0, 1]]);
      const pieces = await instances[0]!.store.listPiecesSince(new Date(0));
      const original = pieces.find((p) => p.sourceId === af.id)!;
      expect((await instances[0]!.store.listOccurrences(original.id)).map((o) => [o.sourceId, o.matchedBy])).toEqual(expect.arrayContaining([[lw.id, 'near-duplicate']]));
    } finally {
      await server.close();
      await stop();
    }
  });
});
