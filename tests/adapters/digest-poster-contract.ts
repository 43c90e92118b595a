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
  /** How many top-level messages (headers, alerts) the channel holds. */
  channelMessageCount(): Promise<number>;
  /** A summary long enough that this platform splits its piece into at least two messages. */
  splitSummary: string;
  /** The `nth` message posted into the thread from now on fails with a transient server error; nothing is created. */
  failThreadMessageOnce(threadId: string, nth: number): void;
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

/** `paragraphs` paragraphs of `words` numbered words each (word0 … word{words-1}), prefixed P0, P1, … */
export function longSummary(paragraphs: number, words = 220): string {
  const paragraph = Array.from({ length: words }, (_, i) => `word${i}`).join(' ');
  return Array.from({ length: paragraphs }, (_, i) => `P${i} ${paragraph}`).join('\n\n');
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

    it('a resumed header step whose key the platform already has returns that message and posts nothing', async () => {
      const digest = sampleDigest(3);
      const step = newStep();
      const first = await harness.poster.postHeader(harness.channel, digest, step);
      const again = await harness.poster.postHeader(harness.channel, digest, { ...step, resumed: true });
      expect(again.id).toBe(first.id);
      expect(await harness.channelMessageCount()).toBe(1);
    });

    it('is idempotent by key, not by content alone: a resumed step with a key never posted is posted', async () => {
      const digest = sampleDigest(3);
      const first = await harness.poster.postHeader(harness.channel, digest, newStep());
      // The same text, from a digest built after that message went out: another delivery's header, not this one's.
      const later = { ...digest, createdAt: new Date(Date.now() + 10 * 60_000) };
      const other = await harness.poster.postHeader(harness.channel, later, { ...newStep(), resumed: true });
      expect(other.id).not.toBe(first.id);
      expect(await harness.channelMessageCount()).toBe(2);
    });

    it('opening the thread again under the same header returns the same thread', async () => {
      const digest = sampleDigest(3);
      const header = await harness.poster.postHeader(harness.channel, digest, newStep());
      const step = newStep();
      const thread = await harness.poster.openThread(harness.channel, header, digest, step);
      const again = await harness.poster.openThread(harness.channel, header, digest, { ...step, resumed: true });
      expect(again).toEqual(thread);
    });

    it('a resumed piece step returns the messages already posted, every part of a long piece, and adds none', async () => {
      const digest = sampleDigest(3, { 2: { summary: { summary: harness.splitSummary, whyItMatters: 'Why.', whatToBuild: 'Build.', keyTakeaways: ['T1', 'T2', 'T3'] } } });
      const header = await harness.poster.postHeader(harness.channel, digest, newStep());
      const thread = await harness.poster.openThread(harness.channel, header, digest, newStep());
      const step = newStep();
      const posted = await harness.poster.postPiece(harness.channel, thread, digest, digest.pieces[1]!, step);
      expect(posted.length).toBeGreaterThanOrEqual(2);
      const again = await harness.poster.postPiece(harness.channel, thread, digest, digest.pieces[1]!, { ...step, resumed: true });
      expect(again).toEqual(posted);
      expect((await harness.readThread()).pieces).toHaveLength(posted.length);
    });

    it('a piece cut short after its first part posts only the rest when the step is resumed', async () => {
      const digest = sampleDigest(3, { 2: { summary: { summary: harness.splitSummary, whyItMatters: 'Why.', whatToBuild: 'Build.', keyTakeaways: ['T1', 'T2', 'T3'] } } });
      const header = await harness.poster.postHeader(harness.channel, digest, newStep());
      const thread = await harness.poster.openThread(harness.channel, header, digest, newStep());
      const step = newStep();
      harness.failThreadMessageOnce(thread.id, 2);
      const cut = await harness.poster.postPiece(harness.channel, thread, digest, digest.pieces[1]!, step).catch((e: unknown) => e);
      expect(cut).toMatchObject({ name: 'DeliveryError', permanent: false });
      expect((await harness.readThread()).pieces).toHaveLength(1);
      const resumed = await harness.poster.postPiece(harness.channel, thread, digest, digest.pieces[1]!, { ...step, resumed: true });
      const { pieces } = await harness.readThread();
      expect(pieces).toHaveLength(resumed.length);
      expect(new Set(resumed.map((m) => m.id)).size).toBe(resumed.length);
      expect(pieces.join('\n')).toContain('word219');
    });

    it('posts an admin alert and returns its id', async () => {
      const posted = await harness.poster.postAlert(harness.channel, 'Source "The Gradient" has failed 5 times: HTTP 503');
      expect(posted.id).toMatch(/\S/);
    });
  });
}
