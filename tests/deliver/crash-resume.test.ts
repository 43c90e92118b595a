import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDigest, deliveryLeaseKey } from '../../src/deliver/deliver-digest.ts';
import { resumePendingDeliveries } from '../../src/deliver/resume-deliveries.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/store.ts';
import { captureLogger } from '../e2e/discord/discord-harness.ts';
import {
  channelIn,
  crashAfter,
  createRecordingPoster,
  makeDigest,
  postgresBackend,
  postgresSkipReason,
  postgresUrl,
  sqliteBackend,
  type StoreBackend,
} from './delivery-harness.ts';
import { discordPlatform, slackPlatform, type DiscordUnderTest, type PlatformUnderTest, type SlackUnderTest } from './platform-harness.ts';

const logger = silentLogger();
const EDITION = '2026-03-30T08:00:00.000Z';
const clock = (start = Date.parse('2026-03-30T08:00:05Z')) => {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => {
    t += ms;
  } };
};
// header, thread, piece 1, piece 2 (posted as two parts), piece 3
const STEPS = 5;
const COMPLETE_THREAD = ['Piece 1', 'Piece 2 (1/2)', 'Piece 2 (2/2)', 'Piece 3'];
const COMPLETE_LEDGER = ['header', 'thread', 'piece:1', 'piece:2', 'piece:2:2', 'piece:3'];

if (!postgresUrl) console.warn(`delivery crash tests on PostgreSQL: SKIPPED — ${postgresSkipReason}`);

const pgUrl = postgresUrl;
const backends: { name: string; make: (() => StoreBackend) | undefined }[] = [
  { name: 'sqlite', make: sqliteBackend },
  { name: 'postgres', make: pgUrl === undefined ? undefined : () => postgresBackend(pgUrl) },
];

for (const { name, make } of backends) {
  describe.skipIf(make === undefined)(`crash and restart (${name})`, () => {
    const backend = make?.();
    afterAll(async () => backend?.cleanup());

    for (let k = 0; k <= STEPS; k++) {
      it(`a crash after ${k} of ${STEPS} steps resumes to one complete thread with no duplicates`, async () => {
        const open = await backend!.freshDatabase();
        const platform = createRecordingPoster({ splitPieces: [2] });
        const time = clock();

        // First life: dies after k steps.
        const first = await open();
        const channel = await channelIn(first);
        const digest = makeDigest(channel, EDITION);
        const outcome = await deliverDigest({ store: first, poster: crashAfter(platform, k), channel, digest, holder: 'instance-1', now: time.now, logger });
        expect(outcome.status).toBe(k === STEPS ? 'delivered' : 'failed');
        await first.close();

        // Second life: a new process with a new connection and a new instance id.
        time.advance(60_000);
        const second = await open();
        try {
          const reports = await resumePendingDeliveries({ store: second, posterFor: () => platform, holder: 'instance-2', now: time.now, logger });
          expect(reports.map((r) => r.outcome)).toEqual(k === STEPS ? [] : ['delivered']);
          expect(platform.messages.filter((m) => m.kind === 'header')).toHaveLength(1);
          expect(platform.threads).toHaveLength(1);
          expect(platform.threads[0]?.headerId).toBe(platform.messages[0]?.id);
          expect(platform.threadTexts(platform.threads[0]!.id)).toEqual(COMPLETE_THREAD);
          const delivery = await second.getDelivery(channel.id, EDITION);
          expect(delivery?.status).toBe('delivered');
          expect((await second.listDeliveredMessages(delivery!.id)).map((m) => m.slot).sort()).toEqual([...COMPLETE_LEDGER].sort());
          // A third start finds nothing to do.
          expect(await resumePendingDeliveries({ store: second, posterFor: () => platform, holder: 'instance-3', now: time.now, logger })).toEqual([]);
          expect((await second.getChannel(channel.id))?.lastDeliveryError).toBeNull();
        } finally {
          await second.close();
        }
      });
    }

    it('a crash after the platform accepted a piece but before the ledger recorded it posts nothing twice: the resumed step carries the same key', async () => {
      const open = await backend!.freshDatabase();
      const platform = createRecordingPoster();
      const time = clock();
      const store = await open();
      try {
        const channel = await channelIn(store);
        await deliverDigest({ store, poster: crashAfter(platform, 2, { afterAccept: true }), channel, digest: makeDigest(channel, EDITION), holder: 'i1', now: time.now, logger });
        await resumePendingDeliveries({ store, posterFor: () => platform, holder: 'i2', now: time.now, logger });
        expect(platform.threadTexts(platform.threads[0]!.id)).toEqual(['Piece 1', 'Piece 2', 'Piece 3']);
        expect(platform.messages.filter((m) => m.kind === 'header')).toHaveLength(1);
        // First life: header, thread, piece 1 (accepted, not recorded) — a fresh claim, so nothing is "resumed".
        // Second life: piece 1 again under the same key, flagged resumed; the steps after it are new.
        const [header, thread, piece1, again, ...rest] = platform.steps;
        expect([header, thread, piece1].map((s) => s?.resumed)).toEqual([false, false, false]);
        expect(again).toEqual({ ...piece1, resumed: true });
        expect(rest.map((s) => [s.step, s.resumed])).toEqual([['piece', false], ['piece', false]]);
        expect(new Set(platform.steps.map((s) => s.key)).size).toBe(5);
      } finally {
        await store.close();
      }
    });

    it('without an idempotent adapter the core alone repeats that one message: the adapters close the window', async () => {
      const open = await backend!.freshDatabase();
      const platform = createRecordingPoster({ idempotent: false });
      const time = clock();
      const store = await open();
      try {
        const channel = await channelIn(store);
        await deliverDigest({ store, poster: crashAfter(platform, 2, { afterAccept: true }), channel, digest: makeDigest(channel, EDITION), holder: 'i1', now: time.now, logger });
        await resumePendingDeliveries({ store, posterFor: () => platform, holder: 'i2', now: time.now, logger });
        expect(platform.threadTexts(platform.threads[0]!.id)).toEqual(['Piece 1', 'Piece 1', 'Piece 2', 'Piece 3']);
      } finally {
        await store.close();
      }
    });

    it('leaves a delivery alone while a live instance holds its lease, and takes it over once the lease expires', async () => {
      const open = await backend!.freshDatabase();
      const platform = createRecordingPoster();
      const time = clock();
      const store = await open();
      try {
        const channel = await channelIn(store);
        await deliverDigest({ store, poster: crashAfter(platform, 1), channel, digest: makeDigest(channel, EDITION), holder: 'i1', now: time.now, logger });
        const delivery = await store.getDelivery(channel.id, EDITION);
        // A hard crash leaves the posting lease behind (no finally runs in a killed process).
        expect(await store.tryAcquireLease(deliveryLeaseKey(delivery!.id), 'i1', 60_000, time.now())).toBe(true);
        const resume = () => resumePendingDeliveries({ store, posterFor: () => platform, holder: 'i2', now: time.now, logger, leaseMs: 60_000 });
        expect((await resume()).map((r) => r.outcome)).toEqual(['busy']);
        expect(platform.messages).toHaveLength(1);
        time.advance(60_000);
        expect((await resume()).map((r) => r.outcome)).toEqual(['delivered']);
        expect(platform.threadTexts(platform.threads[0]!.id)).toEqual(['Piece 1', 'Piece 2', 'Piece 3']);
      } finally {
        await store.close();
      }
    });

    it('a resume sweep in the same process never posts alongside a delivery that is still under way', async () => {
      const open = await backend!.freshDatabase();
      const platform = createRecordingPoster();
      const time = clock();
      const store = await open();
      try {
        const channel = await channelIn(store);
        let release!: () => void;
        const blocked = new Promise<void>((resolve) => {
          release = resolve;
        });
        let reached!: () => void;
        const atPiece2 = new Promise<void>((resolve) => {
          reached = resolve;
        });
        const slowPoster = { ...platform, postPiece: async (...args: Parameters<typeof platform.postPiece>) => {
          if (args[3].position === 2) {
            reached();
            await blocked;
          }
          return platform.postPiece(...args);
        } };
        const delivering = deliverDigest({ store, poster: slowPoster, channel, digest: makeDigest(channel, EDITION), holder: 'same-instance', now: time.now, logger });
        await atPiece2;
        const sweep = await resumePendingDeliveries({ store, posterFor: () => platform, holder: 'same-instance', now: time.now, logger });
        expect(sweep.map((r) => r.outcome)).toEqual(['busy']);
        release();
        expect((await delivering).status).toBe('delivered');
        expect(platform.threadTexts(platform.threads[0]!.id)).toEqual(['Piece 1', 'Piece 2', 'Piece 3']);
      } finally {
        await store.close();
      }
    });

    it('rebuilds the digest of a delivery claimed but never saved, and posts it under the claimed edition', async () => {
      const open = await backend!.freshDatabase();
      const platform = createRecordingPoster();
      const time = clock();
      const store = await open();
      try {
        const channel = await channelIn(store);
        await store.claimDelivery({ channelId: channel.id, edition: EDITION, holder: 'i1', at: time.now() });
        const reports = await resumePendingDeliveries({
          store,
          posterFor: () => platform,
          holder: 'i2',
          now: time.now,
          logger,
          rebuild: async (c) => makeDigest(c, 'whatever-the-builder-says', 2),
        });
        expect(reports.map((r) => r.outcome)).toEqual(['delivered']);
        expect(platform.threadTexts(platform.threads[0]!.id)).toEqual(['Piece 1', 'Piece 2']);
        const delivery = await store.getDelivery(channel.id, EDITION);
        expect((await store.getDigest(delivery!.digestId!))?.edition).toBe(EDITION);
      } finally {
        await store.close();
      }
    });

    it('closes a pending delivery whose digest was never saved, or that is too old, without posting', async () => {
      const open = await backend!.freshDatabase();
      const platform = createRecordingPoster();
      const time = clock();
      const store = await open();
      try {
        const channel = await channelIn(store);
        await store.claimDelivery({ channelId: channel.id, edition: 'e-unsaved', holder: 'i1', at: time.now() });
        const old = await store.claimDelivery({ channelId: channel.id, edition: 'e-old', holder: 'i1', at: new Date(time.now().getTime() - 2 * 86_400_000) });
        const digest = makeDigest(channel, 'e-old');
        await store.saveDigest(digest);
        await store.setDeliveryDigest(old!.id, digest.id);
        const reports = await resumePendingDeliveries({ store, posterFor: () => platform, holder: 'i2', now: time.now, logger });
        expect(reports.map((r) => [r.edition, r.outcome]).sort()).toEqual([['e-old', 'abandoned'], ['e-unsaved', 'abandoned']]);
        expect(platform.messages).toEqual([]);
        expect(await store.listPendingDeliveries()).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}

/**
 * The window the ledger cannot close by itself — the platform accepted a step, the process died before the
 * ledger recorded it — closed by the real adapters against protocol-faithful fakes: Discord through
 * nonce + enforce_nonce and the 160004 thread answer, Slack through message metadata and a lookup on resume.
 */
const CRASH_POINTS = [
  { accepted: 1, what: 'the header was accepted' },
  { accepted: 2, what: 'the thread was created' },
  { accepted: 3, what: 'piece 1 was accepted' },
  { accepted: 4, what: 'piece 2 was accepted' },
  { accepted: 5, what: 'the last piece was accepted' },
];
const SLOTS = ['header', 'thread', 'piece:1', 'piece:2', 'piece:3'];

/** First life: posts until step `accepted` reaches the platform, then "dies" before the ledger records it. */
async function crashAfterAccept(store: Store, platform: PlatformUnderTest, accepted: number) {
  const channel = await channelIn(store, platform.nextChannel(), {}, platform.platform, platform.workspaceId);
  const outcome = await deliverDigest({
    store,
    poster: crashAfter(platform.poster, accepted - 1, { afterAccept: true }),
    channel,
    digest: makeDigest(channel, EDITION),
    holder: 'instance-1',
    now: () => new Date(EDITION),
    logger,
  });
  expect(outcome.status).toBe('failed');
  return channel;
}

/** Second life: a new connection and instance id resume every pending delivery. */
async function restart(open: () => Promise<Store>, platform: PlatformUnderTest, log = logger) {
  const store = await open();
  try {
    return await resumePendingDeliveries({ store, posterFor: () => platform.poster, holder: 'instance-2', now: () => new Date(EDITION), logger: log });
  } finally {
    await store.close();
  }
}

/** One header, one thread under it, every piece once and in order, and a complete ledger naming the real header. */
async function expectExactlyOnce(open: () => Promise<Store>, platform: PlatformUnderTest, channelRowId: string, channelId: string): Promise<void> {
  const seen = platform.read(channelId);
  expect({ headers: seen.headers.length, threads: seen.threads, pieces: seen.pieces.length }).toEqual({ headers: 1, threads: 1, pieces: 3 });
  seen.pieces.forEach((text, i) => expect(text).toContain(`Piece ${i + 1}`));
  const store = await open();
  try {
    const delivery = await store.getDelivery(channelRowId, EDITION);
    expect(delivery?.status).toBe('delivered');
    const ledger = await store.listDeliveredMessages(delivery!.id);
    expect(ledger.map((m) => m.slot).sort()).toEqual([...SLOTS].sort());
    expect(ledger.find((m) => m.slot === 'header')?.platformMessageId).toBe(seen.headers[0]);
  } finally {
    await store.close();
  }
}

/**
 * Crashes after step `accepted` reached the platform, resumes on a new connection, and checks the thread came out
 * exactly once. Returns how many calls the fake had recorded before the resume, so the caller can inspect the rest.
 */
async function crashResumeExactlyOnce(backend: StoreBackend, platform: PlatformUnderTest, accepted: number, callsSoFar: () => number): Promise<number> {
  const open = await backend.freshDatabase();
  const first = await open();
  const channel = await crashAfterAccept(first, platform, accepted);
  await first.close();
  const before = callsSoFar();
  expect((await restart(open, platform)).map((r) => r.outcome)).toEqual(['delivered']);
  await expectExactlyOnce(open, platform, channel.id, channel.ref.channelId);
  return before;
}

for (const { name: backendName, make } of backends) {
  describe.skipIf(make === undefined)(`accepted but not recorded, against the fake Discord through discord.js and the Discord adapter (${backendName})`, () => {
    let platform: DiscordUnderTest;
    let backend: StoreBackend;
    beforeAll(async () => {
      platform = await discordPlatform();
      backend = make!();
    });
    afterAll(async () => {
      await platform?.close();
      await backend?.cleanup();
    });

    for (const { accepted, what } of CRASH_POINTS) {
      it(`a crash after ${what} but before the ledger recorded it: the resumed delivery posts nothing twice`, async () => {
        const created = await crashResumeExactlyOnce(backend, platform, accepted, () => platform.fake.calls.length);
        const resumed = platform.fake.calls.slice(created);
        if (accepted === 2) {
          // The thread already exists: Discord answers 160004 and the adapter adopts it (its id is the header's).
          expect(resumed.filter((c) => c.path.endsWith('/threads')).map((c) => c.status)).toEqual([400]);
        } else {
          // The resumed step read the channel (header) or thread (piece) and found its own message there.
          expect(resumed.filter((c) => c.method === 'GET' && c.path.endsWith('/messages'))).toHaveLength(1);
          // Every message it did post went out with a nonce Discord enforces.
          for (const post of resumed.filter((c) => c.method === 'POST' && c.path.endsWith('/messages'))) {
            expect((post.body as { nonce?: string }).nonce).toMatch(/^[\w.-]{1,25}$/);
            expect((post.body as { enforce_nonce?: boolean }).enforce_nonce).toBe(true);
          }
        }
      });
    }

    it('after the nonce window has passed, the resumed step still finds its message by reading the thread', async () => {
      const open = await backend.freshDatabase();
      const first = await open();
      const channel = await crashAfterAccept(first, platform, 3);
      await first.close();
      platform.fake.expireNonces();
      await restart(open, platform);
      const seen = platform.read(channel.ref.channelId);
      expect(seen.headers).toHaveLength(1);
      expect(seen.pieces.map((text) => /Piece \d/.exec(text)?.[0])).toEqual(['Piece 1', 'Piece 2', 'Piece 3']);
    });

    it('residual: without Read Message History and after the nonce window, the accepted piece appears a second time', async () => {
      const open = await backend.freshDatabase();
      const first = await open();
      const channel = await crashAfterAccept(first, platform, 3);
      await first.close();
      platform.fake.expireNonces();
      platform.fake.forbidHistory(channel.ref.channelId);
      await restart(open, platform);
      const seen = platform.read(channel.ref.channelId);
      expect(seen.headers).toHaveLength(1);
      expect(seen.pieces.map((text) => /Piece \d/.exec(text)?.[0])).toEqual(['Piece 1', 'Piece 1', 'Piece 2', 'Piece 3']);
    });
  });

  describe.skipIf(make === undefined)(`accepted but not recorded, against the fake Slack through the WebClient and the Slack adapter (${backendName})`, () => {
    let platform: SlackUnderTest;
    let backend: StoreBackend;
    beforeAll(async () => {
      platform = await slackPlatform();
      backend = make!();
    });
    afterAll(async () => {
      await platform?.close();
      await backend?.cleanup();
    });

    for (const { accepted, what } of CRASH_POINTS) {
      it(`a crash after ${what} but before the ledger recorded it: the resumed delivery posts nothing twice`, async () => {
        const before = await crashResumeExactlyOnce(backend, platform, accepted, () => platform.fake.calls.length);
        // Only the first step of the resumed attempt looks: the header in the channel history, a piece in the thread.
        const lookups = platform.fake.calls.slice(before).filter((c) => c.method.startsWith('conversations.'));
        const expected = accepted === 1 ? ['conversations.history'] : accepted === 2 ? [] : ['conversations.replies'];
        expect(lookups.map((c) => c.method)).toEqual(expected);
        for (const lookup of lookups) expect(lookup.body['include_all_metadata']).toBe('true');
      });
    }

    it('a lookup Slack refuses (missing_scope) is logged and the step posted anyway: delivered, at least once', async () => {
      const { logger: captured, lines } = captureLogger();
      const narrow = await slackPlatform({ fake: { scopes: ['chat:write', 'commands', 'users:read'] }, logger: captured });
      try {
        const open = await backend.freshDatabase();
        const first = await open();
        const channel = await crashAfterAccept(first, narrow, 3);
        await first.close();
        expect((await restart(open, narrow)).map((r) => r.outcome)).toEqual(['delivered']);
        const seen = narrow.read(channel.ref.channelId);
        expect(seen.headers).toHaveLength(1);
        expect(seen.pieces.map((text) => /Piece \d/.exec(text)?.[0])).toEqual(['Piece 1', 'Piece 1', 'Piece 2', 'Piece 3']);
        expect(narrow.fake.calls.find((c) => c.method === 'conversations.replies')?.error).toBe('missing_scope');
        expect(lines.some((l) => l['level'] === 40 && /already posted/.test(String(l['msg'])) && /missing_scope|lacks a scope/.test(String(l['err'])))).toBe(true);
      } finally {
        await narrow.close();
      }
    });

    it('a lookup that fails for now (HTTP 500) posts nothing and leaves the delivery to the next sweep', async () => {
      const open = await backend.freshDatabase();
      const first = await open();
      const channel = await crashAfterAccept(first, platform, 1);
      await first.close();
      platform.fake.failNext('conversations.history', { error: 'internal_error', status: 500 });
      expect((await restart(open, platform)).map((r) => r.outcome)).toEqual(['failed']);
      expect(platform.read(channel.ref.channelId).headers).toHaveLength(1);
      expect((await restart(open, platform)).map((r) => r.outcome)).toEqual(['delivered']);
      await expectExactlyOnce(open, platform, channel.id, channel.ref.channelId);
    });
  });
}
