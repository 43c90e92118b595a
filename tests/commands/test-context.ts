import type { CommandContext } from '../../commands/invocation.ts';
import type { AskPieceInput, AskPieceOutput, CommandServices, PostDigestNowResult, ProbeFeedResult } from '../../commands/services.ts';
import { channelIdOf, type Channel, type ChannelRef, type ChannelSettings } from '../../src/domain/channel.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import type { Piece } from '../../src/domain/piece.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { testServices } from '../bot/test-bot.ts';
import type { Store } from '../../src/store/store.ts';
import { channelSettings } from '../fixtures/channel-settings.ts';

export const NOW = new Date('2026-11-22T08:00:00Z');

export const DEFAULTS: ChannelSettings = channelSettings({ cron: '0 9 * * 1-5', timezone: 'Europe/London' });

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

/** The config the rig's bot runs with: its defaults are DEFAULTS. */
export const RIG_CONFIG = { timezone: 'Europe/London', schedule: { cron: '0 9 * * 1-5' }, selection: { pieces: 4 } };

/** A real in-memory SQLite store and real use cases, with small typed fakes for the network, LLM and delivery seams. */
export async function createRig(options: {
  probe?: (url: string) => ProbeFeedResult;
  ask?: ((input: AskPieceInput) => AskPieceOutput) | null;
  post?: (channel: Channel) => PostDigestNowResult;
  config?: unknown;
} = {}): Promise<TestRig> {
  const store = await createSqliteStore({ path: ':memory:' });
  const ask = options.ask === undefined ? (): AskPieceOutput => ({ answered: true, answer: 'Yes.', quote: 'it does' }) : options.ask;
  const probed: string[] = [];
  const askPiece: CommandServices['askPiece'] = ask === null ? null : async (input) => {
    calls.askPiece.push(input);
    return ask(input);
  };
  const { services, calls: botCalls } = testServices(store, {
    config: options.config ?? RIG_CONFIG,
    now: () => NOW,
    askPiece,
    probe: (url) => {
      probed.push(url);
      return options.probe?.(url) ?? { ok: true, title: 'Example Feed', itemCount: 12 };
    },
    ...(options.post === undefined ? {} : { post: options.post }),
  });
  const calls: Calls = { probeFeed: probed, askPiece: [], postDigestNow: botCalls.postDigestNow, scheduleChanged: botCalls.scheduleChanged, isAdmin: 0 };
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
    id,
    sourceId: 'src-1',
    guid: id,
    url: `https://example.org/${id}`,
    canonicalUrl: `https://example.org/${id}`,
    title: id,
    authors: [],
    publishedAt: at,
    publishedAtEstimated: false,
    fetchedAt: at,
    contentText,
    contentHtml: `<p>${contentText}</p>`,
    wordCount: contentText.split(/\s+/).length,
    contentHash: `hash-${id}`,
    signature: [],
    fullTextFetched: false,
    updatedAt: at,
  };
}

/** Everything a command could write, in comparable form. */
export async function snapshot(store: Store): Promise<string> {
  const channels = await store.listChannels();
  const sources = await store.listSources();
  const subs = await store.listSubscriptions();
  const digests = await Promise.all(channels.map((c) => store.listDigests(c.id, { limit: 100 })));
  const workspaces = await Promise.all([...new Set(channels.map((c) => `${c.ref.platform}:${c.ref.workspaceId}` as const))].map((w) => store.workspaces.getWorkspaceSettings(w)));
  return JSON.stringify({ channels, sources, subs, digests, workspaces });
}
