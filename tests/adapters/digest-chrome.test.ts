/**
 * Every renderer shows the same chrome from the catalogue: headings in the edition's language, the
 * reason on one short line, "also on …" for crossposts, and a note when fewer than three takeaways
 * were genuinely there.
 */
import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../adapters/console/render-digest.ts';
import { renderHeaderContent, renderPieceMessages as discordPiece } from '../../adapters/discord/render-digest-embeds.ts';
import { renderHeaderMessage, renderPieceMessages as slackPiece } from '../../adapters/slack/render-digest-blocks.ts';
import { messagesOfDigest } from '../../src/digest/piece-chrome.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { digestOf, llmPiece, offlinePiece } from './console/digest-fixture.ts';

const REASON = 'matches your interests: reward hacking · full text 14 min · also carried by LessWrong';

function frenchDigest(): Digest {
  const first: DigestPiece = { ...llmPiece(1), reason: REASON, alsoOn: ['LessWrong'] };
  const second: DigestPiece = { ...offlinePiece(2), summary: { ...offlinePiece(2).summary, keyTakeaways: ['Only one genuine claim was in this text.'] } };
  return { ...digestOf([first, second]), language: 'fr', title: 'AI Research Digest — 22 novembre 2026', readMinutes: 4 };
}

function allText(digest: Digest): string[] {
  const m = messagesOfDigest(digest);
  const discord = [renderHeaderContent(digest), ...digest.pieces.flatMap((p) => discordPiece(p, m).map((msg) => JSON.stringify(msg)))].join('\n');
  const slack = [JSON.stringify(renderHeaderMessage(digest)), ...digest.pieces.flatMap((p) => slackPiece(p, m).map((msg) => JSON.stringify(msg)))].join('\n');
  const consoleText = renderDigest(digest, { width: 1_000, color: false });
  return [consoleText, discord, slack];
}

describe.each(['console', 'discord', 'slack'].map((name, i) => [name, i] as const))('the %s renderer', (_name, index) => {
  const text = allText(frenchDigest())[index]!;
  it("writes headings, meta line and notices in the edition's language", () => {
    expect(text).toContain('Pourquoi c’est important');
    expect(text).toContain('Ce que vous pouvez construire avec');
    expect(text).toContain('À retenir');
    expect(text).toContain('22 novembre 2026 · 4 min de lecture · Recherche en IA · Digest');
    expect(text).toContain('Résumé hors ligne');
    expect(text).not.toContain('Why it matters');
    expect(text).not.toContain('Key takeaways');
  });
  it('shows the reason, "also on" and the fewer-takeaways note', () => {
    expect(text).toContain(REASON);
    expect(text).toContain('aussi sur LessWrong');
    expect(text).toContain('Seulement un point vraiment à retenir dans cet article.');
  });
});

describe('English stays the default', () => {
  it('renders a digest stored before it carried a language in English', () => {
    const digest = digestOf([llmPiece(1)]);
    for (const text of allText(digest)) {
      expect(text).toContain('Why it matters');
      expect(text).toContain('22 November 2026 · ');
    }
  });
});
