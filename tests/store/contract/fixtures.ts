// Shared values of the Store contract suites.
import type { ChannelRef, ChannelSettings } from '../../../src/domain/channel.ts';
import type { Digest, DigestPiece } from '../../../src/domain/digest.ts';
import type { Piece } from '../../../src/domain/piece.ts';

export const T0 = new Date('2026-03-30T08:00:00.000Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export const settings: ChannelSettings = {
  pieces: 4,
  interests: ['reward hacking', 'interpretability'],
  language: 'en',
  cron: '0 9 * * 1',
  timezone: 'Europe/London',
  schedulePaused: false,
  adminChannelId: null,
};
export const ref: ChannelRef = { platform: 'discord', workspaceId: 'g1', channelId: 'c1' };
export const otherRef: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C9' };

export function makePiece(id: string, sourceId: string, overrides: Partial<Piece> = {}): Piece {
  return {
    id,
    sourceId,
    guid: `guid-${id}`,
    url: `https://example.org/${id}?utm_source=x`,
    canonicalUrl: `https://example.org/${id}`,
    title: `Title ${id}`,
    authors: ['Ada', 'Grace'],
    publishedAt: at(-60),
    publishedAtEstimated: false,
    fetchedAt: at(0),
    contentText: `Text of ${id} — with “quotes” and ünïcode.`,
    contentHtml: `<p>Text of ${id}</p>`,
    wordCount: 1234,
    contentHash: `hash-${id}`,
    signature: [1, 2, 4294967295, 0],
    fullTextFetched: true,
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeDigestPiece(position: number, pieceId: string, overrides: Partial<DigestPiece> = {}): DigestPiece {
  return {
    position,
    pieceId,
    title: `Piece ${position}`,
    sourceName: 'AI Alignment Forum',
    url: `https://example.org/${pieceId}`,
    readMinutes: 5,
    summary: {
      summary: 'A study of gradient descent.\n\nSecond paragraph.',
      whyItMatters: 'It matters.',
      whatToBuild: null,
      keyTakeaways: ['one', 'two', 'three'],
    },
    summarisedBy: 'llm',
    reason: 'matches interests: x',
    ...overrides,
  };
}

export function makeDigest(id: string, channelId: string, createdAt: Date, pieces: DigestPiece[]): Digest {
  return {
    id,
    channelId,
    edition: createdAt.toISOString(),
    title: `AI Research Digest ${id}`,
    headerLine: `${pieces.length} pieces selected`,
    createdAt,
    readMinutes: 12,
    summarisedOffline: false,
    pieces,
    language: 'en',
    passed: [],
  };
}
