import type { Channel, ChannelSettings, Platform } from '../../src/domain/channel.ts';
import type { Delivery } from '../../src/domain/delivery.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import type { Piece } from '../../src/domain/piece.ts';
import type { Store } from '../../src/store/store.ts';
import { makePiece } from '../select/piece-factory.ts';
import { insertPieces } from '../store/seed-pieces.ts';
import { channelSettings } from '../fixtures/channel-settings.ts';

export const SETTINGS: ChannelSettings = channelSettings({ pieces: 3 });
export const DELIVERED_AT = new Date('2026-03-30T08:00:00.000Z');

/** The platform ids of a delivered digest's messages: header (and thread, its id on Discord and Slack), then each piece. */
export interface DigestMessageIds {
  header: string;
  thread?: string;
  pieces: string[];
}

export interface DeliveredDigest {
  channel: Channel;
  digest: Digest;
  delivery: Delivery;
  pieces: Piece[];
  ids: Required<DigestMessageIds>;
}

let seq = 0;

/**
 * A digest delivered the way the runtime delivers one: its channel, source and pieces stored, the digest saved and
 * its delivery claimed, each posted message recorded in the ledger under its slot, the delivery finished.
 */
export async function seedDeliveredDigest(store: Store, options: {
  platform?: Platform;
  workspaceId?: string;
  channelId?: string;
  ids?: DigestMessageIds;
  pieces?: Partial<Piece>[];
  at?: Date;
  edition?: string;
} = {}): Promise<DeliveredDigest> {
  const n = ++seq;
  const platform = options.platform ?? 'discord';
  const at = options.at ?? DELIVERED_AT;
  const channel = await store.ensureChannel({ platform, workspaceId: options.workspaceId ?? 'g1', channelId: options.channelId ?? 'c1' }, SETTINGS);
  const specs = options.pieces ?? [{}, {}, {}];
  const { source } = await store.addSource({ url: `https://feeds.example/${n}.xml`, name: `Source ${n}` });
  const pieces = specs.map((spec, i) => makePiece({ id: `piece-${n}-${i + 1}`, sourceId: source.id, title: `Piece ${i + 1} of ${n}`, ...spec }));
  await insertPieces(store, ...pieces);
  const entries: DigestPiece[] = pieces.map((p, i) => ({
    position: i + 1,
    pieceId: p.id,
    title: p.title,
    sourceName: source.name,
    url: p.url,
    readMinutes: 5,
    summary: { summary: `Summary of ${p.title}.`, whyItMatters: null, whatToBuild: null, keyTakeaways: ['One.', 'Two.', 'Three.'] },
    summarisedBy: 'offline',
    reason: 'recent',
  }));
  const edition = options.edition ?? new Date(at.getTime() + n).toISOString();
  const digest: Digest = {
    id: `digest-${n}`,
    channelId: channel.id,
    edition,
    title: 'AI Research Digest — 30 March 2026',
    headerLine: `${pieces.length} pieces selected`,
    createdAt: at,
    readMinutes: 5,
    summarisedOffline: true,
    pieces: entries,
  };
  const ids = {
    header: options.ids?.header ?? `${1_300_000_000_000_000_000n + BigInt(n * 100)}`,
    thread: '',
    pieces: options.ids?.pieces ?? entries.map((_, i) => `${1_300_000_000_000_000_000n + BigInt(n * 100 + i + 1)}`),
  };
  ids.thread = options.ids?.thread ?? ids.header;
  const delivery = await store.claimDelivery({ channelId: channel.id, edition, holder: 'seed', at });
  if (delivery === undefined) throw new Error('seedDeliveredDigest: edition already claimed');
  await store.saveDigest(digest);
  await store.setDeliveryDigest(delivery.id, digest.id);
  await store.recordDeliveredMessage({ deliveryId: delivery.id, slot: 'header', platformMessageId: ids.header, postedAt: at });
  await store.recordDeliveredMessage({ deliveryId: delivery.id, slot: 'thread', platformMessageId: ids.thread, postedAt: at });
  for (const [i, id] of ids.pieces.entries()) await store.recordDeliveredMessage({ deliveryId: delivery.id, slot: `piece:${i + 1}`, platformMessageId: id, postedAt: at });
  await store.finishDelivery(delivery.id, { status: 'delivered', error: null, at });
  return { channel, digest, delivery: { ...delivery, digestId: digest.id, status: 'delivered' }, pieces, ids };
}
