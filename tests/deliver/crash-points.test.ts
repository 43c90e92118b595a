import { afterAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/channel.ts';
import type { DigestPoster } from '../../src/deliver/digest-poster.ts';
import { deliverDigest } from '../../src/deliver/deliver-digest.ts';
import { resumePendingDeliveries } from '../../src/deliver/resume-deliveries.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/store.ts';
import {
  channelIn,
  createRecordingPoster,
  makeDigest,
  postgresBackend,
  postgresUrl,
  sqliteBackend,
  SimulatedCrash,
  type RecordingPoster,
  type StoreBackend,
} from './delivery-harness.ts';

const logger = silentLogger();
const EDITION = '2026-03-30T08:00:00.000Z';

/** Store methods that write: each is one step boundary (a transaction is one, however many rows it writes). */
const STORE_WRITES = new Set([
  'claimDelivery',
  'tryAcquireLease',
  'releaseLease',
  'transaction',
  'saveDigest',
  'setDeliveryDigest',
  'recordDeliveredMessage',
  'recordFailedStep',
  'finishDelivery',
  'setChannelDeliveryError',
]);
const POSTER_STEPS = new Set(['postHeader', 'openThread', 'postPiece', 'postAlert']);

/**
 * One process that dies after `k` operations: every store write and every platform call is an operation, and the
 * k-th completes (the row is written, the platform accepted the message) but its answer never comes back. From then
 * on every call fails, as nothing runs in a killed process.
 */
function mortalProcess(store: Store, poster: DigestPoster, k: number): { store: Store; poster: DigestPoster; operations: () => string[] } {
  const done: string[] = [];
  const gate = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    if (done.length >= k) throw new SimulatedCrash(`dead before ${name}`);
    const result = await call();
    done.push(name);
    if (done.length === k) throw new SimulatedCrash(`died right after ${name}`);
    return result;
  };
  const wrap = <T extends object>(target: T, names: Set<string>): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver) as unknown;
        if (typeof property !== 'string' || typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => Promise<unknown>;
        if (!names.has(property)) {
          return (...args: unknown[]) => (done.length >= k ? Promise.reject(new SimulatedCrash(`dead before ${property}`)) : method.apply(object, args));
        }
        return (...args: unknown[]) => gate(property, () => method.apply(object, args));
      },
    });
  return { store: wrap(store, STORE_WRITES), poster: wrap(poster, POSTER_STEPS), operations: () => [...done] };
}

/** Exactly once, complete and in order on the platform; a delivered, complete ledger; the digest shown is the one posted. */
async function expectDeliveredOnce(store: Store, platform: RecordingPoster, channel: Channel): Promise<void> {
  expect(platform.messages.filter((m) => m.kind === 'header')).toHaveLength(1);
  expect(platform.threads).toHaveLength(1);
  expect(platform.threadTexts(platform.threads[0]!.id)).toEqual(['Piece 1', 'Piece 2', 'Piece 3']);
  const delivery = await store.getDelivery(channel.id, EDITION);
  expect(delivery?.status).toBe('delivered');
  expect((await store.listDeliveredMessages(delivery!.id)).map((m) => m.slot).sort()).toEqual(['header', 'piece:1', 'piece:2', 'piece:3', 'thread']);
  const shown = await store.listDigests(channel.id);
  expect(shown.map((d) => d.id)).toEqual([delivery!.digestId]);
  expect(await store.digestedPieceIds(channel.id)).toEqual(new Set(['p1', 'p2', 'p3']));
  expect(await store.listPendingDeliveries()).toEqual([]);
}

const pgUrl = postgresUrl;
const backends: { name: string; make: (() => StoreBackend) | undefined }[] = [
  { name: 'sqlite', make: sqliteBackend },
  { name: 'postgres', make: pgUrl === undefined ? undefined : () => postgresBackend(pgUrl) },
];

for (const { name, make } of backends) {
  describe.skipIf(make === undefined)(`a crash at every step boundary of a delivery (${name})`, () => {
    const backend = make?.();
    afterAll(async () => backend?.cleanup());

    /** The operations of one delivery that nothing interrupts. */
    const cleanRun = async (): Promise<string[]> => {
      const open = await backend!.freshDatabase();
      const store = await open();
      try {
        const channel = await channelIn(store);
        const process = mortalProcess(store, createRecordingPoster(), Number.POSITIVE_INFINITY);
        expect((await deliverDigest({ store: process.store, poster: process.poster, channel, digest: makeDigest(channel, EDITION), holder: 'i1', now: () => new Date(EDITION), logger })).status).toBe('delivered');
        return process.operations();
      } finally {
        await store.close();
      }
    };

    it('covers the boundaries between store writes, not only between messages', async () => {
      const operations = await cleanRun();
      // Claim, lease, digest saved and linked (one transaction), then each message and its ledger row, the finish, the release.
      expect(operations).toEqual([
        'claimDelivery',
        'tryAcquireLease',
        'transaction',
        'postHeader',
        'recordDeliveredMessage',
        'openThread',
        'recordDeliveredMessage',
        'postPiece',
        'recordDeliveredMessage',
        'postPiece',
        'recordDeliveredMessage',
        'postPiece',
        'recordDeliveredMessage',
        'finishDelivery',
        'releaseLease',
      ]);
    });

    it('after a crash at any boundary k, the restarted bot delivers the edition exactly once and shows only that digest', async () => {
      const total = (await cleanRun()).length;
      for (let k = 0; k <= total; k++) {
        const open = await backend!.freshDatabase();
        const platform = createRecordingPoster();
        let clock = Date.parse(EDITION);
        const now = () => new Date(clock);

        const first = await open();
        const channel = await channelIn(first);
        const dying = mortalProcess(first, platform, k);
        const outcome = await deliverDigest({ store: dying.store, poster: dying.poster, channel, digest: makeDigest(channel, EDITION), holder: 'instance-1', now, logger }).catch((error: unknown) => error);
        if (k < total) expect(outcome, `k = ${k}`).toBeInstanceOf(SimulatedCrash);
        await first.close();

        // The restart: a new connection and instance, after the dead instance's lease ran out. It resumes what is
        // pending, then the slot runs again as catch-up would (a claimed edition answers "already claimed").
        clock += 5 * 60_000;
        const second = await open();
        try {
          await resumePendingDeliveries({ store: second, posterFor: () => platform, holder: 'instance-2', now, logger, rebuild: async (c) => makeDigest(c, EDITION) });
          const again = await deliverDigest({ store: second, poster: platform, channel, digest: makeDigest(channel, EDITION), holder: 'instance-2', now, logger });
          expect(again.status, `k = ${k}`).toBe(k === 0 ? 'delivered' : 'already-claimed');
          await expectDeliveredOnce(second, platform, channel);
        } catch (error) {
          throw new Error(`crash after ${k} of ${total} operations: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        } finally {
          await second.close();
        }
      }
    });

    it('a digest saved without its link (by a version that saved them apart) is found and posted, not abandoned', async () => {
      const open = await backend!.freshDatabase();
      const store = await open();
      try {
        const channel = await channelIn(store);
        const platform = createRecordingPoster();
        await store.claimDelivery({ channelId: channel.id, edition: EDITION, holder: 'old-version', at: new Date(EDITION) });
        const digest = makeDigest(channel, EDITION);
        await store.saveDigest(digest);
        const reports = await resumePendingDeliveries({ store, posterFor: () => platform, holder: 'i2', now: () => new Date(Date.parse(EDITION) + 300_000), logger });
        expect(reports.map((r) => r.outcome)).toEqual(['delivered']);
        expect((await store.getDelivery(channel.id, EDITION))?.digestId).toBe(digest.id);
        await expectDeliveredOnce(store, platform, channel);
      } finally {
        await store.close();
      }
    });
  });
}
