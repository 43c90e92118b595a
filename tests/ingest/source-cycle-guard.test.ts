import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import { runIngest, type IngestOptions, type RunIngestInput } from '../../src/ingest/run-ingest.ts';
import type { CycleLease } from '../../src/ingest/source-cycle-guard.ts';
import { claimSourcesForCycle } from '../../src/schedule/claim-sources.ts';
import type { Store } from '../../src/store/store.ts';
import { postgresBackend, postgresUrl, sqliteBackend, type StoreBackend } from '../deliver/delivery-harness.ts';
import { articlePage, excerptFeed, startHostilePageServer, type HostilePageServer } from '../fakes/hostile-page-server.ts';

const options: IngestOptions = { ...configSchema.parse({}).ingest, allowPrivateNetworks: true, perHostIntervalMs: 0 };

const backends: [string, StoreBackend][] = [['SQLite', sqliteBackend()]];
if (postgresUrl) backends.push(['PostgreSQL', postgresBackend(postgresUrl)]);
afterAll(async () => {
  await Promise.all(backends.map(([, b]) => b.cleanup()));
});

/** A lease whose renewals the test triggers by hand. */
function manualLease(holder: string, ttlMs = 1_000): CycleLease & { renew: () => Promise<void> } {
  let renew: () => Promise<void> = async () => {};
  return { holder, ttlMs, every: (_ms, fn) => {
    renew = fn;
    return () => {
      renew = async () => {};
    };
  }, renew: () => renew() };
}

describe.each(backends)("a source's cycles never overlap (%s)", (_name, backend) => {
  let web: HostilePageServer;
  let open: () => Promise<Store>;
  const stores: Store[] = [];
  let t = Date.parse('2026-04-01T09:00:00Z');
  const now = (): Date => new Date(t);
  let pageRequested: Promise<void>;

  beforeEach(async () => {
    web = await startHostilePageServer();
    open = await backend.freshDatabase();
    web.route('/article', { kind: 'static', body: articlePage('a slow article') });
    web.route('/feed', { kind: 'static', body: excerptFeed('Slow', [{ guid: 's1', link: web.url('pages.test', '/article') }]) });
    web.hold('/article');
    pageRequested = new Promise((resolve) =>
      web.onRequest(({ path }) => {
        if (path === '/article') resolve();
      })
    );
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await web.close();
  });

  async function instance(): Promise<{ store: Store; ingest: (extra?: Partial<RunIngestInput>) => ReturnType<typeof runIngest> }> {
    const store = await open();
    stores.push(store);
    return { store, ingest: async (extra = {}) => runIngest({ store, sources: await store.listSources(), options: { ...options, resolver: web.resolver }, now, ...extra }) };
  }

  it('skips a cycle of a source whose previous cycle in this process is still running', async () => {
    const a = await instance();
    await a.store.addSource({ url: web.url('feeds.test', '/feed'), name: 'Slow', fullText: true });
    const first = a.ingest();
    await pageRequested;
    const [second] = await a.ingest();
    expect(second).toMatchObject({ outcome: 'skipped', error: 'its previous cycle is still running' });
    expect(web.requestsTo('/feed')).toHaveLength(1);
    web.release('/article');
    expect((await first)[0]).toMatchObject({ outcome: 'fetched', newItems: 1, fullText: { fetched: 1 } });
    expect((await a.ingest())[0]).toMatchObject({ outcome: 'fetched' });
    expect(web.requestsTo('/feed')).toHaveLength(2);
  });

  it("keeps the source's lease while a cycle outlasts it, so another instance does not start one", async () => {
    const a = await instance();
    const b = await instance();
    const { source } = await a.store.addSource({ url: web.url('feeds.test', '/feed'), name: 'Slow', fullText: true });
    const leaseA = manualLease('instance-a');
    const first = a.ingest({ lease: leaseA });
    await pageRequested;
    t += 5_000; // far past the 1 s lease the cycle started with
    await leaseA.renew();
    expect(await claimSourcesForCycle({ store: b.store, sources: [source], holder: 'instance-b', now: now(), cycleMs: 1_000 })).toEqual([]);
    const [fromB] = await b.ingest({ lease: manualLease('instance-b') });
    expect(fromB).toMatchObject({ outcome: 'skipped', error: 'another instance is ingesting it' });
    expect(web.requestsTo('/feed')).toHaveLength(1);
    web.release('/article');
    expect((await first)[0]).toMatchObject({ outcome: 'fetched', fullText: { fetched: 1 } });
    expect(web.maxInFlight('feeds.test')).toBe(1);
  });

  it("stops a stalled cycle's page work when its lease has gone to another instance", async () => {
    const a = await instance();
    const b = await instance();
    await a.store.addSource({ url: web.url('feeds.test', '/feed'), name: 'Slow', fullText: true });
    const leaseA = manualLease('instance-a');
    const first = a.ingest({ lease: leaseA });
    await pageRequested;
    t += 5_000; // instance A stalled: no renewal before its lease ran out
    web.route('/feed', { kind: 'static', body: excerptFeed('Slow', [{ guid: 's1', link: 'mailto:x@example.org', excerpt: 'Long enough. '.repeat(200) }]) });
    const [fromB] = await b.ingest({ lease: manualLease('instance-b') });
    expect(fromB).toMatchObject({ outcome: 'fetched' });
    await leaseA.renew();
    const [fromA] = await first;
    // A's page request was cancelled with the lease, and nothing A read is saved: B ingests the source now.
    expect(fromA).toMatchObject({ outcome: 'skipped', error: expect.stringMatching(/^the lease on this source went to another instance mid-cycle/) });
    expect(web.requestsTo('/article')).toHaveLength(1);
    expect(await a.store.listPiecesSince(new Date(0))).toHaveLength(1);
    expect((await a.store.listSources())[0]!.fetchState.consecutiveFailures).toBe(0);
  });
});
