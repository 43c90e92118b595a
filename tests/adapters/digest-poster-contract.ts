import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import type { DigestPoster, PostingStep } from '../../src/deliver/digest-poster.ts';

/** A step of a fresh delivery: a key never used before, nothing posted under it yet. */
export function newStep(): PostingStep {
  return { key: randomBytes(15).toString('base64url'), resumed: false };
}

/** What one contract run needs: a poster wired to a fake platform, and a way to read back what it posted. */
export interface DigestPosterHarness {
  poster: DigestPoster;
  channel: ChannelRef;
  /**
   * What the fake platform holds for the last digest: the header message's text, and the text of every
   * message posted into its thread (or as fallback replies), in order. Rich content (embeds, blocks)
   * flattened to plain text.
   */
  readThread(): Promise<{ header: string; pieces: string[] }>;
  teardown(): Promise<void>;
}

/** Builds a digest with `count` pieces (3–5 is typical); `overrides` patches piece fields by position. */
export function sampleDigest(count = 3, overrides: Record<number, Partial<DigestPiece>> = {}): Digest {
  const pieces: DigestPiece[] = [];
  for (let position = 1; position <= count; position++) {
    pieces.push({
      position,
      pieceId: `piece-${position}`,
      title: `Reward hacking in practice, part ${position}`,
      sourceName: position % 2 === 0 ? 'The Gradient' : 'AI Alignment Forum',
      url: `https://example.org/posts/${position}`,
      readMinutes: 4 + position,
      summary: {
        summary: `Piece ${position} studies how agents exploit misspecified rewards.\n\nIt surveys ${position + 2} benchmarks and their failure modes.`,
        whyItMatters: `Teams shipping RL fine-tuning meet this failure mode, case ${position}.`,
        whatToBuild: `A reward-audit harness that flags suspicious score jumps, variant ${position}.`,
        keyTakeaways: [`Takeaway A${position}`, `Takeaway B${position}`, `Takeaway C${position}`],
      },
      summarisedBy: 'llm',
      reason: `matches interests: reward hacking; ${4 + position} min read`,
      ...overrides[position],
    });
  }
  return {
    id: 'digest-1',
    channelId: 'test:w:c',
    edition: '2026-03-30T09:00:00.000Z',
    title: 'AI Research Digest — 30 March 2026',
    headerLine: `${count} pieces selected from AI Alignment Forum, The Gradient — only the ones worth your time.`,
    createdAt: new Date('2026-03-30T09:00:00.000Z'),
    readMinutes: pieces.reduce((sum, p) => sum + p.readMinutes, 0),
    summarisedOffline: false,
    pieces,
  };
}

/** Posts a whole digest step by step, the way the core's delivery does. */
export async function postWholeDigest(poster: DigestPoster, channel: ChannelRef, digest: Digest): Promise<void> {
  const header = await poster.postHeader(channel, digest, newStep());
  const thread = await poster.openThread(channel, header, digest, newStep());
  for (const piece of digest.pieces) await poster.postPiece(channel, thread, digest, piece, newStep());
}

/**
 * The behaviour every DigestPoster must show, whatever the platform. Call inside a test file:
 * `describeDigestPosterContract('discord', async () => ({ poster, channel, readThread, teardown }))`.
 */
export function describeDigestPosterContract(name: string, setup: () => Promise<DigestPosterHarness>): void {
  describe(`DigestPoster contract: ${name}`, () => {
    let harness: DigestPosterHarness;
    beforeEach(async () => {
      harness = await setup();
    });
    afterEach(async () => {
      await harness.teardown();
    });

    it('posts a header naming the digest and every piece, then one thread message per piece in order', async () => {
      const digest = sampleDigest(4);
      await postWholeDigest(harness.poster, harness.channel, digest);
      const { header, pieces } = await harness.readThread();
      expect(header).toContain(digest.title);
      for (const piece of digest.pieces) expect(header).toContain(piece.title);
      expect(pieces).toHaveLength(digest.pieces.length);
      digest.pieces.forEach((piece, index) => {
        const text = pieces[index] ?? '';
        expect(text).toContain(piece.title);
        expect(text).toContain(piece.url);
        expect(text).toContain(piece.sourceName);
        expect(text).toContain(piece.summary.whyItMatters ?? '');
        expect(text).toContain(piece.summary.whatToBuild ?? '');
        for (const takeaway of piece.summary.keyTakeaways) expect(text).toContain(takeaway);
      });
    });

    it('returns platform ids for every step', async () => {
      const digest = sampleDigest(3);
      const header = await harness.poster.postHeader(harness.channel, digest, newStep());
      expect(header.id).toMatch(/\S/);
      const thread = await harness.poster.openThread(harness.channel, header, digest, newStep());
      expect(thread.id).toMatch(/\S/);
      const posted = await harness.poster.postPiece(harness.channel, thread, digest, digest.pieces[0]!, newStep());
      expect(posted.length).toBeGreaterThanOrEqual(1);
      for (const message of posted) expect(message.id).toMatch(/\S/);
    });

    it('omits Why it matters and What you can build when a piece was summarised offline', async () => {
      const digest = sampleDigest(3, {
        2: { summarisedBy: 'offline', summary: { summary: 'Offline extract of piece two.', whyItMatters: null, whatToBuild: null, keyTakeaways: ['K1', 'K2', 'K3'] } },
      });
      await postWholeDigest(harness.poster, harness.channel, digest);
      const { pieces } = await harness.readThread();
      const second = pieces[1] ?? '';
      expect(second).toContain('Offline extract of piece two.');
      expect(second).not.toMatch(/why it matters/i);
      expect(second).not.toMatch(/what you can build/i);
    });

    it('keeps every word of an over-long summary, split across messages if it must be', async () => {
      const paragraph = Array.from({ length: 220 }, (_, i) => `word${i}`).join(' ');
      const longSummary = Array.from({ length: 8 }, (_, i) => `P${i} ${paragraph}`).join('\n\n');
      const digest = sampleDigest(3, {
        2: { summary: { summary: longSummary, whyItMatters: 'Why.', whatToBuild: 'Build.', keyTakeaways: ['T1', 'T2', 'T3'] } },
      });
      await postWholeDigest(harness.poster, harness.channel, digest);
      const { pieces } = await harness.readThread();
      const all = pieces.join('\n');
      for (let i = 0; i < 8; i++) expect(all).toContain(`P${i} word0`);
      expect(all).toContain('word219');
      expect(pieces.length).toBeGreaterThanOrEqual(digest.pieces.length);
    });

    it('posts an admin alert and returns its id', async () => {
      const posted = await harness.poster.postAlert(harness.channel, 'Source "The Gradient" has failed 5 times: HTTP 503');
      expect(posted.id).toMatch(/\S/);
    });
  });
}
