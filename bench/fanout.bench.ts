// Fan-out: many channels share one slot. Every channel's digest goes through the real ledger
// (deliverDigest on SQLite), the per-platform fan-out queue and client-side rate limiters, against a
// fake platform that answers 429 when its limit is broken and takes LATENCY_MS per request.
// 1,000 channels as the issue asks: the Discord-like run has a 140 s floor (7,000 requests at 50/s).
import type { ChannelRef } from '../src/domain/channel.ts';
import type { Digest } from '../src/domain/digest.ts';
import { deliverDigest } from '../src/deliver/deliver-digest.ts';
import type { DigestPoster, PostedMessage } from '../src/deliver/digest-poster.ts';
import { createFanoutQueue } from '../src/deliver/fanout-queue.ts';
import { createRateLimiter, perChannelLimiters, rateLimitPoster } from '../src/deliver/rate-limit.ts';
import { silentLogger } from '../src/log/logger.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import type { BenchResult } from './bench-result.ts';
import { channelSettings } from '../tests/fixtures/channel-settings.ts';

const PIECES = 5;
const LATENCY_MS = 40;
// The client keeps a hair under the platform's window so scheduling jitter never trips a 429.
const CLIENT_MARGIN_MS = 5;

interface Scenario {
  name: string;
  channels: number;
  concurrency: number;
  /** Discord-like: the limit is global across channels. Slack-like: per channel. */
  limit: { scope: 'global' | 'channel'; requests: number; windowMs: number };
  /** Slack's thread is the header's ts: opening it is not a request. */
  threadIsRequest: boolean;
}

/** A platform that enforces its limit with 429s and remembers every accepted message. */
function fakePlatform(scenario: Scenario) {
  const windows = new Map<string, number[]>();
  const accepted = new Map<string, string[]>();
  let rejected = 0;
  let nextId = 1;
  const request = async (channel: ChannelRef, label: string): Promise<PostedMessage> => {
    const key = scenario.limit.scope === 'global' ? '*' : channel.channelId;
    for (;;) {
      const now = performance.now();
      const recent = (windows.get(key) ?? []).filter((t) => t > now - scenario.limit.windowMs);
      windows.set(key, recent);
      if (recent.length < scenario.limit.requests) {
        recent.push(now);
        break;
      }
      // A 429 with Retry-After: discord.js and Bolt's WebClient wait it out and retry, so the client here does too.
      rejected += 1;
      await new Promise((resolve) => setTimeout(resolve, recent[0]! + scenario.limit.windowMs - now));
    }
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    const list = accepted.get(channel.channelId) ?? [];
    list.push(label);
    accepted.set(channel.channelId, list);
    return { id: String(nextId++) };
  };
  const poster: DigestPoster = {
    platform: scenario.limit.scope === 'global' ? 'discord' : 'slack',
    postHeader: (c) => request(c, 'header'),
    openThread: async (c, header) => (scenario.threadIsRequest ? { id: (await request(c, 'thread')).id, fallback: false } : { id: header.id, fallback: false }),
    postPiece: async (c, _t, _d, p) => [await request(c, `piece:${p.position}`)],
    postAlert: (c) => request(c, 'alert'),
  };
  return { poster, accepted, rejected: () => rejected };
}

function digestFor(channelId: string): Digest {
  return {
    id: `d-${channelId}`,
    channelId,
    edition: '2026-03-30T08:00:00.000Z',
    title: 'AI Research Digest',
    headerLine: '5 pieces',
    createdAt: new Date(),
    readMinutes: 20,
    summarisedOffline: true,
    pieces: Array.from({ length: PIECES }, (_, i) => ({
      position: i + 1,
      pieceId: `p${i}`,
      title: `Piece ${i + 1}`,
      sourceName: 'S',
      url: 'https://example.org',
      readMinutes: 4,
      summary: { summary: 'x', whyItMatters: null, whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] },
      summarisedBy: 'offline' as const,
      reason: 'r',
    })),
  };
}

async function runScenario(scenario: Scenario): Promise<BenchResult[]> {
  const store = await createSqliteStore({ path: ':memory:' });
  const logger = silentLogger();
  const platform = fakePlatform(scenario);
  const makeLimiter = () => createRateLimiter({ limit: scenario.limit.requests, windowMs: scenario.limit.windowMs + CLIENT_MARGIN_MS });
  const limits = scenario.limit.scope === 'global' ? { global: makeLimiter() } : { perChannel: perChannelLimiters(makeLimiter) };
  const poster = rateLimitPoster(platform.poster, { ...limits, threadIsRequest: scenario.threadIsRequest });
  const queue = createFanoutQueue({ concurrency: scenario.concurrency });
  const channels = [];
  for (let i = 0; i < scenario.channels; i++) {
    channels.push(await store.ensureChannel({ platform: poster.platform, workspaceId: 'w', channelId: `c${i}` }, channelSettings({ pieces: PIECES, cron: '0 9 * * 1-5' })));
  }
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const outcomes = await Promise.all(channels.map((channel) =>
    queue.run(channel.id, () =>
      deliverDigest({
        store,
        poster,
        channel,
        digest: digestFor(channel.id),
        holder: 'bench',
        now: () => new Date(),
        logger,
      }))
  ));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await store.close();

  const perChannel = 1 + (scenario.threadIsRequest ? 1 : 0) + PIECES;
  const expected = ['header', ...(scenario.threadIsRequest ? ['thread'] : []), ...Array.from({ length: PIECES }, (_, i) => `piece:${i + 1}`)];
  let duplicates = 0;
  let lost = 0;
  for (const channel of channels) {
    const got = platform.accepted.get(channel.ref.channelId) ?? [];
    duplicates += got.length - new Set(got).size;
    lost += expected.filter((label) => !got.includes(label)).length;
  }
  const { requests, windowMs } = scenario.limit;
  // The floor: requests ÷ rate — all requests at the global rate, or each channel's own messages at its
  // rate with all channels at once. A sliding window lets the first window's requests go at once, so the tight
  // floor is one window less; it is printed too, because for Slack's 6 messages it is a sixth lower.
  const perWindow = scenario.limit.scope === 'global' ? scenario.channels * perChannel : perChannel;
  const floor = perWindow / requests * (windowMs / 1000);
  const tightFloor = floor - windowMs / 1000;
  const ratio = seconds / floor;
  const note = `${scenario.channels} channels × ${PIECES} pieces, ${perChannel} requests each, ${LATENCY_MS} ms per request, ${scenario.concurrency} channels in flight`;
  return [
    { name: `${scenario.name}: wall time`, value: Number(seconds.toFixed(2)), unit: 's', note: `${note}; floor ${floor.toFixed(1)} s` },
    {
      name: `${scenario.name}: wall time ÷ floor`,
      value: Number(ratio.toFixed(3)),
      unit: '×',
      target: '≤ 1.15',
      ok: ratio <= 1.15,
      note: scenario.limit.scope === 'global' ? 'floor = total requests ÷ rate' : 'floor = messages per channel ÷ rate, all channels at once',
    },
    {
      name: `${scenario.name}: wall time ÷ tight floor`,
      value: Number((seconds / tightFloor).toFixed(3)),
      unit: '×',
      note: `tight floor ${tightFloor.toFixed(1)} s = one window less, as the first window's requests go at once`,
    },
    { name: `${scenario.name}: duplicates`, value: duplicates, unit: 'messages', target: '0', ok: duplicates === 0 },
    { name: `${scenario.name}: lost`, value: lost, unit: 'messages', target: '0', ok: lost === 0, note: `${outcomes.filter((o) => o.status !== 'delivered').length} deliveries not completed; ${platform.rejected()} requests answered 429` },
    { name: `${scenario.name}: peak RSS`, value: Math.round(peakRss / 1024 / 1024), unit: 'MB', target: '≤ 200', ok: peakRss <= 200 * 1024 * 1024 },
  ];
}

/** Discord-like (50 requests/s global) and Slack-like (1 message/s per channel) fan-out. */
export async function run(): Promise<BenchResult[]> {
  return [
    ...(await runScenario({ name: 'fan-out discord 50 req/s global', channels: 1000, concurrency: 16, limit: { scope: 'global', requests: 50, windowMs: 1000 }, threadIsRequest: true })),
    ...(await runScenario({ name: 'fan-out slack 1 msg/s per channel', channels: 1000, concurrency: 1000, limit: { scope: 'channel', requests: 1, windowMs: 1000 }, threadIsRequest: false })),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
