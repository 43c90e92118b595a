import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderHeaderContent, renderPieceMessages, renderThreadName } from '../../../adapters/discord/render-digest-embeds.ts';
import { sampleDigest } from '../digest-poster-contract.ts';

const LIMITS = { content: 2000, title: 256, description: 4096, fieldValue: 1024, fields: 25, total: 6000 };

function embedTotal(embed: { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }): number {
  return (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length
    + (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
}

const text = (max: number) => fc.array(fc.oneof(fc.constantFrom('word', 'alignment', '@everyone', '<@&12345>', '**', '\n\n', 'x'.repeat(1500)), fc.string({ maxLength: 30 })), { maxLength: max }).map((parts) => parts.join(' '));

describe('rendering a digest for Discord', () => {
  it('keeps every piece message within Discord limits and loses no summary word', () => {
    fc.assert(fc.property(text(12), text(80), fc.option(text(40), { nil: null }), text(5), (title, summary, why, takeaway) => {
      const piece = sampleDigest(1, { 1: { title, summary: { summary, whyItMatters: why, whatToBuild: why, keyTakeaways: [takeaway, 'b', 'c'] } } }).pieces[0]!;
      const messages = renderPieceMessages(piece);
      for (const message of messages) {
        expect(message.embeds).toHaveLength(1);
        const embed = message.embeds[0]!;
        expect((embed.title ?? '').length).toBeLessThanOrEqual(LIMITS.title);
        expect((embed.description ?? '').length).toBeLessThanOrEqual(LIMITS.description);
        expect((embed.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
        for (const field of embed.fields ?? []) {
          expect(field.value.length).toBeGreaterThan(0);
          expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        }
        expect(embedTotal(embed)).toBeLessThanOrEqual(LIMITS.total);
      }
      const described = messages.map((m) => m.embeds[0]!.description ?? '').join(' ');
      for (const word of summary.split(/\s+/).filter((w) => /^[a-z]+$/.test(w))) expect(described).toContain(word);
    }), { numRuns: 150 });
  });

  it('keeps the header within 2000 characters, listing every piece, however long the titles', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 600 }), (count, titleLength) => {
      const overrides = Object.fromEntries(Array.from({ length: count }, (_, i) => [i + 1, { title: `T${i + 1} ${'long '.repeat(titleLength / 5)}` }]));
      const content = renderHeaderContent(sampleDigest(count, overrides));
      expect(content.length).toBeLessThanOrEqual(LIMITS.content);
      for (let i = 1; i <= count; i++) expect(content).toContain(`${i}. `);
    }));
  });

  it('never cuts a word without an ellipsis in the thread name or the header', () => {
    const digest = { ...sampleDigest(3), title: 'Interpretability '.repeat(10).trim() };
    const name = renderThreadName(digest);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).toMatch(/(Interpretability…)$/);
  });

  it('escapes markdown and defuses mentions in feed titles but keeps summary emphasis', () => {
    const piece = sampleDigest(1, { 1: { title: 'A *bold* claim @here', summary: { summary: 'This is **important** for <@&42>.', whyItMatters: null, whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] } } }).pieces[0]!;
    const embed = renderPieceMessages(piece)[0]!.embeds[0]!;
    expect(embed.title).toBe('1. A \\*bold\\* claim @\u200bhere');
    expect(embed.description).toBe('This is **important** for <\u200b@&42>.');
    expect(embed.fields?.map((f) => f.name)).toEqual(['Source', 'Link', 'Key takeaways']);
  });

  it('links only http(s) URLs', () => {
    const piece = sampleDigest(1, { 1: { url: 'javascript:alert(1)' } }).pieces[0]!;
    const embed = renderPieceMessages(piece)[0]!.embeds[0]!;
    expect(embed.url).toBeUndefined();
    expect(renderHeaderContent(sampleDigest(1, { 1: { url: 'javascript:alert(1)' } }))).not.toContain('](<javascript');
  });
});
