import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRetryGuard, slashCommandKey } from '../../../adapters/slack/dedupe-retries.ts';
import { escapeMrkdwn, safeSlackLinkUrl } from '../../../adapters/slack/escape-mrkdwn.ts';
import { renderHeaderMessage, renderPieceMessages, splitEscaped } from '../../../adapters/slack/render-digest-blocks.ts';
import { renderReply, toSlackMrkdwn } from '../../../adapters/slack/render-reply.ts';
import { sampleDigest } from '../digest-poster-contract.ts';
import { blocksProblem, type FakeBlock } from '../../fakes/slack-api.ts';

const unescape = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('<!here> & <@U1> *bold* _i_ `c`')).toBe('&lt;!here&gt; &amp; &lt;@U1&gt; *bold* _i_ `c`');
  });

  it('leaves no raw < or > and round-trips, for any text', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const escaped = escapeMrkdwn(text);
      expect(escaped).not.toMatch(/[<>]/);
      expect(unescape(escaped)).toBe(text);
    }));
  });
});

describe('safeSlackLinkUrl', () => {
  it('accepts plain http(s) URLs and escapes &', () => {
    expect(safeSlackLinkUrl('https://example.org/a?b=1&c=2')).toBe('https://example.org/a?b=1&amp;c=2');
    expect(safeSlackLinkUrl('http://example.org/')).toBe('http://example.org/');
  });

  it.each(['javascript:alert(1)', 'https://evil.example|click', 'https://a.example/<b>', 'https://a.example/ b', 'not a url', 'ftp://x.example/'])('rejects %s', (url) => {
    expect(safeSlackLinkUrl(url)).toBeUndefined();
  });
});

describe('splitEscaped', () => {
  it('returns escaped chunks within the limit that join back to the text, for any text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '&', '<', '>', '\n'), maxLength: 400 }), fc.integer({ min: 20, max: 120 }), (text, limit) => {
      const chunks = splitEscaped(text, limit);
      for (const chunk of chunks) {
        expect(chunk.length).toBeLessThanOrEqual(limit);
        expect(chunk).not.toMatch(/[<>]/);
      }
      // Words longer than a chunk are cut with "…"; everything else survives, in order.
      const words = (s: string): string => s.replace(/…/g, '').replace(/\s+/g, '');
      expect(words(chunks.map(unescape).join(' '))).toBe(words(text.trim()));
    }));
  });
});

describe('rendered digest messages', () => {
  it('stay within Block Kit limits for hostile and huge input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 4000 }), fc.string({ maxLength: 20000 }), (title, text) => {
      const digest = sampleDigest(2, { 1: { title, sourceName: title, url: title, reason: title, summary: { summary: text, whyItMatters: text, whatToBuild: title, keyTakeaways: [title, text, ''] } } });
      digest.title = title;
      digest.headerLine = text;
      const messages = [renderHeaderMessage(digest), ...renderPieceMessages(digest.pieces[0]!)];
      for (const message of messages) {
        expect(blocksProblem(message.blocks)).toBeUndefined();
        expect(message.text.length).toBeGreaterThan(0);
        expect(message.text.length).toBeLessThanOrEqual(40_000);
        expect(message.text).not.toMatch(/[<>]/);
      }
    }), { numRuns: 40 });
  });

  it('marks every mrkdwn object verbatim and never links an unsafe URL', () => {
    const digest = sampleDigest(1, { 1: { url: 'javascript:alert(1)' } });
    const [message] = renderPieceMessages(digest.pieces[0]!);
    const blocks = message!.blocks as unknown as FakeBlock[];
    for (const block of blocks) {
      for (const object of [block.text, ...(block.elements ?? [])]) if (object?.type === 'mrkdwn') expect(object.verbatim).toBe(true);
    }
    const text = blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(text).toContain('javascript:alert(1)');
    expect(text).not.toContain('Read the original');
  });
});

describe('renderReply', () => {
  it('turns **bold** into *bold* after escaping, keeping italics, bullets and code', () => {
    expect(toSlackMrkdwn('**Key takeaways** for <b>\n• one _two_ `x<y`')).toBe('*Key takeaways* for &lt;b&gt;\n• one _two_ `x&lt;y`');
  });

  it('keeps visibility and splits a long answer into sections', () => {
    const reply = renderReply({ visibility: 'in_channel', kind: 'ok', text: Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ') });
    expect(reply.response_type).toBe('in_channel');
    expect(reply.blocks.length).toBeGreaterThan(1);
    expect(blocksProblem(reply.blocks)).toBeUndefined();
  });
});

describe('createRetryGuard', () => {
  const key = slashCommandKey({ team_id: 'T', channel_id: 'C', user_id: 'U', command: '/digest', text: 'post', trigger_id: 't1' });

  it('lets the first delivery through and drops retries and repeats within the TTL', async () => {
    let now = 0;
    const guard = createRetryGuard({ ttlMs: 1000, now: () => now });
    expect(await guard.firstDelivery({ retryNum: undefined, key })).toBe(true);
    expect(await guard.firstDelivery({ retryNum: 1, key })).toBe(false);
    expect(await guard.firstDelivery({ retryNum: undefined, key })).toBe(false);
    now = 1500;
    expect(await guard.firstDelivery({ retryNum: undefined, key })).toBe(true);
  });

  it('runs a marked retry whose first copy never arrived, once', async () => {
    const guard = createRetryGuard();
    expect(await guard.firstDelivery({ retryNum: 2, key })).toBe(true);
    expect(await guard.firstDelivery({ retryNum: 3, key })).toBe(false);
  });

  it('asks the shared claim only for an invocation new to this process, and follows its answer', async () => {
    const claims: string[] = [];
    const guard = createRetryGuard({ claimShared: async (k) => {
      claims.push(k);
      return claims.length > 1;
    } });
    expect(await guard.firstDelivery({ retryNum: 1, key })).toBe(false);
    expect(await guard.firstDelivery({ retryNum: 2, key })).toBe(false);
    const other = key.replace('t1', 't2');
    expect(await guard.firstDelivery({ retryNum: undefined, key: other })).toBe(true);
    expect(claims).toEqual([key, other]);
  });
});
