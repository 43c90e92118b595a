import { afterEach, beforeEach } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

/** A fresh fake feed server and in-memory SQLite store for every test of the calling file, both closed after it. */
export function feedServerAndStore(): { readonly server: FeedServer; readonly store: Store } {
  const current = {} as { server: FeedServer; store: Store };
  beforeEach(async () => {
    current.server = await startFeedServer();
    current.store = await createSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await current.store.close();
    await current.server.close();
  });
  return current;
}
