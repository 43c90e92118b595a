import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.ts';
import { sourcesContract } from './contract/sources.ts';
import { subscriptionsContract } from './contract/subscriptions.ts';
import { piecesContract } from './contract/pieces.ts';
import { cachesContract } from './contract/caches.ts';
import { channelsContract } from './contract/channels.ts';
import { digestsContract } from './contract/digests.ts';
import { deliveriesContract } from './contract/deliveries.ts';
import { leasesContract } from './contract/leases.ts';
import { transactionsContract } from './contract/transactions.ts';
import { archivesContract } from './contract/archives.ts';

/** The Store port's contract, one suite per concern (tests/store/contract/): every backend must pass it unchanged, returning identical values. */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    sourcesContract(() => store);
    subscriptionsContract(() => store);
    piecesContract(() => store);
    cachesContract(() => store);
    channelsContract(() => store);
    digestsContract(() => store);
    deliveriesContract(() => store);
    leasesContract(() => store);
    transactionsContract(() => store);
    archivesContract(() => store);

    describe('lifecycle', () => {
      it('reports its kind and the latest schema version', async () => {
        expect(['sqlite', 'postgres']).toContain(store.kind);
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      });

      it('closes idempotently', async () => {
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}
