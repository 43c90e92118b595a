import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Channel, ChannelRef, ChannelSettings } from '../../src/domain/channel.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { partKey, type DigestPoster, type PostedMessage, type PostingStep, type ThreadRef } from '../../src/deliver/digest-poster.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { channelSettings } from '../fixtures/channel-settings.ts';

export const settings: ChannelSettings = channelSettings({ pieces: 3, cron: '0 9 * * 1-5', timezone: 'Europe/London' });

/** A channel row in the store, created on first use. */
export async function channelIn(store: Store, channelId = 'c1', overrides: Partial<ChannelSettings> = {}, platform: ChannelRef['platform'] = 'discord', workspaceId = 'g1'): Promise<Channel> {
  return store.ensureChannel({ platform, workspaceId, channelId }, { ...settings, ...overrides });
}

function piece(position: number): DigestPiece {
  return {
    position,
    pieceId: `p${position}`,
    title: `Piece ${position}`,
    sourceName: 'The Gradient',
    url: `https://example.org/${position}`,
    readMinutes: 4,
    summary: { summary: `Summary ${position}.`, whyItMatters: null, whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] },
    summarisedBy: 'offline',
    reason: 'recent',
  };
}

/** A digest of `pieces` pieces for one edition. */
export function makeDigest(channel: Channel, edition: string, pieces = 3): Digest {
  return {
    id: `d-${randomBytes(4).toString('hex')}`,
    channelId: channel.id,
    edition,
    title: 'AI Research Digest',
    headerLine: `${pieces} pieces selected`,
    createdAt: new Date('2026-03-30T08:00:00Z'),
    readMinutes: 4 * pieces,
    summarisedOffline: true,
    pieces: Array.from({ length: pieces }, (_, i) => piece(i + 1)),
  };
}

/** One message the recording platform accepted. */
export interface RecordedMessage {
  id: string;
  channelId: string;
  kind: 'header' | 'piece';
  /** The thread for pieces. */
  threadId?: string;
  text: string;
  /** The idempotency key it was posted under. */
  key: string;
}

/** A platform in memory: what a channel would show, in order. */
export interface RecordingPoster extends DigestPoster {
  readonly messages: RecordedMessage[];
  readonly threads: { id: string; headerId: string }[];
  /** Every step the core asked for, in order, with the key and resumed flag it passed. */
  readonly steps: { step: 'header' | 'thread' | 'piece'; key: string; resumed: boolean }[];
  /** The piece titles (with part numbers) in a thread, in posting order. */
  threadTexts(threadId: string): string[];
}

/**
 * Pieces listed in `splitPieces` come back as two messages (a long piece split in parts). Like the real
 * adapters, a resumed step whose key is already posted returns that message instead of posting again,
 * and a header's thread is opened once; `idempotent: false` turns that off (a platform with no way to tell).
 */
export function createRecordingPoster(options: { splitPieces?: number[]; idempotent?: boolean } = {}): RecordingPoster {
  const messages: RecordedMessage[] = [];
  const threads: { id: string; headerId: string }[] = [];
  const steps: RecordingPoster['steps'] = [];
  const idempotent = options.idempotent ?? true;
  let next = 1;
  const post = (m: Omit<RecordedMessage, 'id'>, step: PostingStep): PostedMessage => {
    const existing = idempotent && step.resumed ? messages.find((x) => x.key === m.key) : undefined;
    if (existing) return { id: existing.id };
    const message = { id: `m${next++}`, ...m };
    messages.push(message);
    return { id: message.id };
  };
  return {
    platform: 'discord',
    messages,
    threads,
    steps,
    threadTexts: (threadId) => messages.filter((m) => m.threadId === threadId).map((m) => m.text),
    async postHeader(channel, digest, step) {
      steps.push({ step: 'header', ...step });
      return post({ channelId: channel.channelId, kind: 'header', text: digest.title, key: step.key }, step);
    },
    async openThread(_channel, header, _digest, step): Promise<ThreadRef> {
      steps.push({ step: 'thread', ...step });
      const existing = idempotent ? threads.find((t) => t.headerId === header.id) : undefined;
      if (existing) return { id: existing.id, fallback: false };
      const thread = { id: `t${next++}`, headerId: header.id };
      threads.push(thread);
      return { id: thread.id, fallback: false };
    },
    async postPiece(channel, thread, _digest, p, step) {
      steps.push({ step: 'piece', ...step });
      const parts = options.splitPieces?.includes(p.position) ? 2 : 1;
      return Array.from({ length: parts }, (_, k) =>
        post({
          channelId: channel.channelId,
          kind: 'piece',
          threadId: thread.id,
          text: parts === 1 ? p.title : `${p.title} (${k + 1}/${parts})`,
          key: partKey(step, k + 1),
        }, step));
    },
    async postAlert(channel, alert) {
      const text = typeof alert === 'string' ? alert : alert.parts.map((p) => (typeof p === 'string' ? p : `#${p.channel}`)).join('');
      return post({ channelId: channel.channelId, kind: 'header', text, key: '' }, { key: '', resumed: false });
    },
  };
}

/** The simulated crash: thrown by a wrapped poster. */
export class SimulatedCrash extends Error {}

/**
 * Wraps a poster so the process "dies" once `k` steps (header, thread, piece…) have succeeded.
 * With `afterAccept`, the k+1-th step reaches the platform and the crash comes before its answer is
 * recorded — the one window the ledger cannot close by itself.
 */
export function crashAfter(inner: DigestPoster, k: number, options: { afterAccept?: boolean } = {}): DigestPoster {
  let steps = 0;
  const gate = async <T>(call: () => Promise<T>): Promise<T> => {
    if (steps >= k && options.afterAccept !== true) throw new SimulatedCrash(`crash before step ${k + 1}`);
    const result = await call();
    if (steps >= k) throw new SimulatedCrash(`crash after step ${k + 1} was accepted`);
    steps += 1;
    return result;
  };
  return gateSteps(inner, gate);
}

/** The poster with every delivery step (header, thread, piece) run through `gate`; alerts pass straight through. */
export function gateSteps(inner: DigestPoster, gate: <T>(call: () => Promise<T>) => Promise<T>): DigestPoster {
  return {
    platform: inner.platform,
    postHeader: (c, d, s) => gate(() => inner.postHeader(c, d, s)),
    openThread: (c, h, d, s) => gate(() => inner.openThread(c, h, d, s)),
    postPiece: (c, t, d, p, s) => gate(() => inner.postPiece(c, t, d, p, s)),
    postAlert: (c, t) => inner.postAlert(c, t),
  };
}

/** A way to open stores on one shared database, so "instances" and "restarts" see the same ledger. */
export interface StoreBackend {
  name: string;
  /** A new, empty, migrated database; returns a function opening a fresh connection to it. */
  freshDatabase(): Promise<() => Promise<Store>>;
  cleanup(): Promise<void>;
}

export function sqliteBackend(): StoreBackend {
  const root = mkdtempSync(join(tmpdir(), 'digest-deliver-'));
  let n = 0;
  return {
    name: 'sqlite',
    async freshDatabase() {
      const path = join(root, `db-${++n}.db`);
      return () => createSqliteStore({ path });
    },
    async cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The PostgreSQL URL the vitest globalSetup started, or TEST_DATABASE_URL; undefined → suites skip visibly. */
export const postgresUrl: string | undefined = inject('postgresUrl') ?? process.env['TEST_DATABASE_URL'];
export const postgresSkipReason: string = inject('postgresSkipReason') ?? 'no PostgreSQL URL was provided';

export function postgresBackend(url: string): StoreBackend {
  const created: string[] = [];
  const urlFor = (database: string) => {
    const target = new URL(url);
    target.pathname = `/${database}`;
    return target.toString();
  };
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  let template: Promise<string> | undefined;
  const create = async (from?: string) => {
    const name = `digest_deliver_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${name}${from === undefined ? '' : ` template ${from}`}`);
    created.push(name);
    return name;
  };
  return {
    name: 'postgres',
    async freshDatabase() {
      template ??= (async () => {
        const name = await create();
        await (await createPostgresStore({ url: urlFor(name) })).close();
        return name;
      })();
      const name = await create(await template);
      return () => createPostgresStore({ url: urlFor(name) });
    },
    async cleanup() {
      for (const name of created.reverse()) await admin(`drop database if exists ${name} with (force)`);
    },
  };
}
