import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from './db-schema.ts';
import { createWithLock } from './exclusive-lock.ts';
import { currentSchemaVersion } from './migrate.ts';
import { archiveQueries } from './kysely/archives.ts';
import { cacheQueries } from './kysely/caches.ts';
import { channelQueries } from './kysely/channels.ts';
import type { QueryContext } from './kysely/context.ts';
import { deliveryQueries } from './kysely/deliveries.ts';
import { digestQueries } from './kysely/digests.ts';
import { discussionQueries } from './kysely/discussion.ts';
import { leaseQueries } from './kysely/leases.ts';
import { operationsQueries } from './kysely/operations.ts';
import { pieceQueries } from './kysely/pieces.ts';
import { sourceQueries } from './kysely/sources.ts';
import { subscriptionQueries } from './kysely/subscriptions.ts';
import { createRowCodec } from './row-codec.ts';
import type { Store, TransactionStore } from './store.ts';

/** Every writing port bound to one database handle: the store itself, or one transaction of it. */
function portsOn(context: QueryContext): TransactionStore {
  return {
    ...sourceQueries(context),
    ...subscriptionQueries(context),
    ...pieceQueries(context),
    ...channelQueries(context),
    ...digestQueries(context),
    ...deliveryQueries(context),
    ...leaseQueries(context),
    ...cacheQueries(context),
    ...archiveQueries(context),
    ...operationsQueries(context),
    ...discussionQueries(context),
  };
}

/** The single Store implementation; the dialect only changes encodings and full-text search. */
export function createKyselyStore(db: Kysely<Database>, dialect: StoreDialect): Store {
  const codec = createRowCodec(dialect);
  let closed: Promise<void> | undefined;
  return {
    kind: dialect,
    ...portsOn({ db, dialect, codec }),
    transaction: (work) => db.transaction().execute((trx) => work(portsOn({ db: trx, dialect, codec }))),
    withLock: createWithLock(db, dialect),
    schemaVersion: () => currentSchemaVersion(db),
    close() {
      closed ??= db.destroy();
      return closed;
    },
  };
}
