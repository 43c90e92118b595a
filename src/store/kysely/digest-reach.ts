import { sql, type RawBuilder } from 'kysely';

/**
 * SQL: the digest reached its channel. A digest is saved (and linked to its delivery) before anything is posted,
 * so "saved" is not "received": it counts once its delivery recorded the header, or when it has no delivery at all
 * (digests saved outside the ledger).
 */
export function reachedChannel(digestId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(not exists (select 1 from deliveries dl where dl.digest_id = ${digestId})
    or exists (select 1 from deliveries dl join delivered_messages dm on dm.delivery_id = dl.id where dl.digest_id = ${digestId} and dm.slot = 'header'))`;
}

/** SQL: the digest's delivery is over (failed or skipped) without its header ever being posted: it reached nobody. */
export function neverReached(digestId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from deliveries dl where dl.digest_id = ${digestId} and dl.status in ('failed', 'skipped')
    and not exists (select 1 from delivered_messages dm where dm.delivery_id = dl.id and dm.slot = 'header'))`;
}
