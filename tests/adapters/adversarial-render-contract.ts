import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import type { PieceSummary } from '../../src/domain/summary.ts';
import type { DigestPoster } from '../../src/deliver/digest-poster.ts';
import { postWholeDigest, sampleDigest } from './digest-poster-contract.ts';

/** `publish` for an adapter that posts through a DigestPoster, step by step as the core's delivery does. */
export const postingWith = (poster: DigestPoster, channel: ChannelRef) => (digest: Digest): Promise<void> => postWholeDigest(poster, channel, digest);

/**
 * What the adversarial render suite needs from one adapter: its real poster wired to a fake platform that
 * enforces the platform's limits (an invalid payload is refused there as it would be live), and a way to read
 * back what that platform now shows. To add an adapter, give it one of these (tests/adapters/render-harnesses.ts).
 */
export interface RenderHarness {
  /** Sends the whole digest the way the adapter publishes it: posted step by step, or published as a page. */
  publish(digest: Digest): Promise<void>;
  /** The header's text and the text of every message posted for each piece since the last call, in order. */
  takePosted(): Promise<{ header: string; pieces: string[] }>;
  /** Every link target the platform makes clickable in what takePosted() last returned. */
  links(): string[];
  /** Longest link the adapter promises to keep clickable; longer ones are shortened, moved or shown as text. */
  maxLink: number;
  teardown(): Promise<void>;
}

const SPACED = (n: number): string => Array.from({ length: Math.ceil(n / 6) }, (_, i) => `w${i % 1000}rd`).join(' ').slice(0, n);
const UNBROKEN = (n: number): string => 'x'.repeat(n);
const HOST = 'long-links.example';
/** A link of exactly `n` characters. */
const linkOf = (n: number, filler = 'a'): string => {
  const head = `https://${HOST}/p?q=`;
  return head + filler.repeat(Math.max(0, n - head.length)).slice(0, Math.max(0, n - head.length));
};

/** A piece with every text field set to `text` (and the link to `url`). */
function pieceWith(position: number, text: string, url: string, takeaways: string[] = [text, text, text]): DigestPiece {
  return {
    position,
    pieceId: `adv-${position}`,
    title: text,
    sourceName: text,
    url,
    readMinutes: 3,
    // Stored summaries are JSON: a renderer must cope with any number of takeaways, whatever the type says.
    summary: { summary: text, whyItMatters: text, whatToBuild: text, keyTakeaways: takeaways as PieceSummary['keyTakeaways'] },
    summarisedBy: 'llm',
    reason: text,
  };
}

function digestOf(title: string, headerLine: string, pieces: DigestPiece[]): Digest {
  return { ...sampleDigest(1), id: `adv-${Math.random().toString(36).slice(2)}`, title, headerLine, pieces };
}

/** Unicode that breaks naive cutting and escaping: astral characters, combining marks, ZWJ sequences, controls. */
const UNICODE = [
  '😀'.repeat(700),
  'é'.repeat(1500),
  '👩‍👩‍👧‍👦'.repeat(200),
  'שלום عالم '.repeat(120),
  'evil\u202etxt.exe \u2066isolated\u2069 \u202aembedded\u202c',
  'lone \ud800 and \udfff surrogates',
  'nul\u0000 bell\u0007 esc\u001b[31m red del\u007f c1\u0085 bom\ufeff',
  'markers \ue000 literal \ue001 brackets',
  '@everyone @here <@&123456789012345678> <!channel> <@U0123> <#C0123>',
  '**bold** __under__ ~~strike~~ ||spoiler|| `code` > quote # head',
  '&amp; &lt;&gt; <https://evil.example|click> [mask](https://evil.example)',
].join(' ');

/** The adversarial digests: empty, blank, huge and unbroken fields in every position; link-less and over-long links. */
export const ADVERSARIAL_DIGESTS: { name: string; digest: Digest; links: 'none' | 'long' | 'any' }[] = [
  { name: 'every field empty', links: 'none', digest: digestOf('', '', [1, 2].map((p) => pieceWith(p, '', '', []))) },
  { name: 'every field blank (whitespace only)', links: 'none', digest: digestOf(' \n\t ', '  ', [1, 2].map((p) => pieceWith(p, ' \n \t', '   ', [' ', '\n', '\t']))) },
  { name: 'no takeaways and no optional sections', links: 'any',
    digest: digestOf('Digest', 'One piece', [{ ...pieceWith(1, 'Plain', 'https://example.org/1', []), summary: { summary: 'Short.', whyItMatters: null, whatToBuild: null, keyTakeaways: [] as unknown as PieceSummary['keyTakeaways'] } }]) },
  { name: 'every field huge, in words, ten pieces', links: 'any', digest: digestOf(SPACED(5_000), SPACED(10_000), Array.from({ length: 10 }, (_, i) => pieceWith(i + 1, SPACED(9_000), `https://example.org/${i + 1}`))) },
  { name: 'every field one unbroken word, ten pieces', links: 'any', digest: digestOf(UNBROKEN(5_000), UNBROKEN(10_000), Array.from({ length: 10 }, (_, i) => pieceWith(i + 1, UNBROKEN(9_000), `https://example.org/${i + 1}`))) },
  { name: 'forty long takeaways', links: 'any', digest: digestOf('Digest', 'Takeaways', [pieceWith(1, 'Takeaways', 'https://example.org/t', Array.from({ length: 40 }, (_, i) => `T${i} ${SPACED(900)}`))]) },
  { name: 'links that are not http(s) or not links at all', links: 'none',
    digest: digestOf('Digest', 'Bad links', ['javascript:alert(1)', 'ftp://files.example/x', 'not a url', 'https://', 'data:text/html,<b>x</b>'].map((url, i) => pieceWith(i + 1, `Piece ${i + 1}`, url))) },
  { name: 'links of 1,100, 2,990, 3,100 and 5,000 characters, one all ampersands', links: 'long',
    digest: digestOf('Digest', 'Long links', [linkOf(1_100), linkOf(2_990), linkOf(3_100), linkOf(5_000), linkOf(2_000, '&')].map((url, i) => pieceWith(i + 1, `Piece ${i + 1}`, url))) },
  { name: 'unicode edge cases in every field', links: 'any', digest: digestOf(UNICODE, UNICODE, [1, 2, 3].map((p) => pieceWith(p, UNICODE, `https://example.org/${p}?t=${encodeURIComponent('é😀')}`))) },
];

/** Characters no rendered text may carry: bidi overrides and isolates, lone surrogates, C0/C1 controls but tab and newline, the reply-literal brackets. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u202a-\u202e\u2066-\u2069\ue000\ue001\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/**
 * Every adversarial digest goes through the adapter's real poster to its fake platform, which refuses what the
 * platform would refuse. Every step must be accepted, and what the platform shows must be clean and complete.
 */
export function describeAdversarialRenderContract(name: string, setup: () => Promise<RenderHarness>): void {
  describe(`adversarial render contract: ${name}`, () => {
    let harness: RenderHarness;
    beforeAll(async () => {
      harness = await setup();
    });
    afterAll(async () => {
      await harness?.teardown();
    });

    for (const { name: caseName, digest, links } of ADVERSARIAL_DIGESTS) {
      it(`posts every step of a digest with ${caseName}, within the platform's limits`, async () => {
        await harness.publish(digest);
        const { header, pieces } = await harness.takePosted();
        expect(header.trim()).not.toBe('');
        expect(pieces.length).toBeGreaterThanOrEqual(digest.pieces.length);
        for (const text of [header, ...pieces]) {
          expect(text.trim()).not.toBe('');

          expect(FORBIDDEN.exec(text)?.[0]).toBeUndefined();
          expect(text).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b/);
        }
        for (const link of harness.links()) {
          expect(link.length).toBeLessThanOrEqual(harness.maxLink);
          expect(link).toMatch(/^https?:\/\/[^\s/]+/);
        }
        if (links === 'none') expect(harness.links()).toEqual([]);
        if (links === 'long') {
          // A link too long to post is not silently dropped: the reader learns where it pointed.
          expect(pieces.join('\n')).toContain(HOST);
          // One that fits (escaping included) stays a link.
          const fits = digest.pieces.filter((p) => p.url.length <= harness.maxLink && !p.url.includes('&')).map((p) => p.url);
          for (const url of fits) expect(harness.links()).toContain(url);
        }
      });
    }
  });
}
