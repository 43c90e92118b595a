import type { CommandContext } from '../../commands/invocation.ts';
import type { AskPieceInput, AskPieceOutput, CommandServices, PostDigestNowResult, ProbeFeedResult } from '../../commands/services.ts';
import { channelIdOf, type Channel, type ChannelRef, type ChannelSettings } from '../../src/domain/channel.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import type { Piece } from '../../src/domain/piece.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

export const NOW = new Date('2026-11-22T08:00:00Z');

export const DEFAULTS: ChannelSettings = {
  pieces: 4,
  interests: [],
  language: 'en',
  cron: '0 9 * * 1-5',
  timezone: 'Europe/London',
  schedulePaused: false,
  adminChannelId: null,
};

export const CHANNEL: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
export const CHANNEL_ID = channelIdOf(CHANNEL);

/** What the fakes were asked, so tests can assert the seams were (or were not) used. */
export interface Calls {
  probeFeed: string[];
  askPiece: AskPieceInput[];
  postDigestNow: Channel[];
  scheduleChanged: Channel[];
  isAdmin: number;
}

export interface TestRig {
  store: Store;
  calls: Calls;
  services: CommandServices;
  /** A context for a member (admin = false) or an admin. */
  ctx(options?: { admin?: boolean; channel?: ChannelRef }): CommandContext;
}

/** A real in-memory SQLite store with small typed fakes for the network and LLM seams. */
export async function createRig(options: {
  probe?: (url: string) => ProbeFeedResult;
  ask?: ((input: AskPieceInput) => AskPieceOutput) | null;
  post?: (channel: Channel) => PostDigestNowResult;
} = {}): Promise<TestRig> {
  const store = await createSqliteStore({ path: ':memory:' });
  const calls: Calls = { probeFeed: [], askPiece: [], postDigestNow: [], scheduleChanged: [], isAdmin: 0 };
  const ask = options.ask === undefined ? (): AskPieceOutput => ({ answered: true, answer: 'Yes.', quote: 'it does' }) : options.ask;
  const services: CommandServices = {
    store,
    defaults: DEFAULTS,
    now: () => NOW,
    async probeFeed(url) {
      calls.probeFeed.push(url);
      return options.probe?.(url) ?? { ok: true, title: 'Example Feed', itemCount: 12 };
    },
    askPiece: ask === null ? null : async (input) => {
      calls.askPiece.push(input);
      return ask(input);
    },
    async postDigestNow(channel) {
      calls.postDigestNow.push(channel);
      return options.post?.(channel) ?? { posted: false, reason: 'no new pieces since the last digest' };
    },
    scheduleChanged(channel) {
      calls.scheduleChanged.push(channel);
    },
  };
  return {
    store,
    calls,
    services,
    ctx({ admin = false, channel = CHANNEL } = {}) {
      return {
        channel,
        user: {
          id: admin ? 'U-admin' : 'U-member',
          async isAdmin() {
            calls.isAdmin++;
            return admin;
          },
        },
        services,
      };
    },
  };
}

export function digestPiece(position: number, overrides: Partial<DigestPiece> = {}): DigestPiece {
  return {
    position,
    pieceId: `piece-${position}`,
    title: `Piece number ${position}`,
    sourceName: 'AI Alignment Forum',
    url: `https://example.org/p/${position}`,
    readMinutes: 5,
    summary: {
      summary: `Summary of piece ${position} about reward hacking.`,
      whyItMatters: `Why piece ${position} matters.`,
      whatToBuild: `Build something with piece ${position}.`,
      keyTakeaways: [`Takeaway ${position}a`, `Takeaway ${position}b`, `Takeaway ${position}c`],
    },
    summarisedBy: 'llm',
    reason: 'matches interests',
    ...overrides,
  };
}

export function makeDigest(id: string, createdAt: Date, pieces: DigestPiece[], overrides: Partial<Digest> = {}): Digest {
  return {
    id,
    channelId: CHANNEL_ID,
    edition: createdAt.toISOString(),
    title: `AI Research Digest — ${id}`,
    headerLine: `${pieces.length} pieces selected — only the ones worth your time.`,
    createdAt,
    readMinutes: pieces.reduce((n, p) => n + p.readMinutes, 0),
    summarisedOffline: pieces.some((p) => p.summarisedBy !== 'llm'),
    pieces,
    ...overrides,
  };
}

export function makePiece(id: string, contentText: string): Piece {
  const at = new Date('2026-11-20T07:00:00Z');
  return {
    id, sourceId: 'src-1', guid: id, url: `https://example.org/${id}`, canonicalUrl: `https://example.org/${id}`,
    title: id, authors: [], publishedAt: at, publishedAtEstimated: false, fetchedAt: at, contentText, contentHtml: `<p>${contentText}</p>`,
    wordCount: contentText.split(/\s+/).length, contentHash: `hash-${id}`, signature: [], fullTextFetched: false, updatedAt: at,
  };
}

/** Everything a command could write, in comparable form. */
export async function snapshot(store: Store): Promise<string> {
  const channels = await store.listChannels();
  const sources = await store.listSources();
  const subs = await Promise.all(channels.map(async (c) => [c.id, (await store.listChannelSources(c.id)).map((s) => s.id)]));
  const digests = await Promise.all(channels.map((c) => store.listDigests(c.id, { limit: 100 })));
  return JSON.stringify({ channels, sources, subs, digests });
}
