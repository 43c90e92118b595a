import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchText } from '../../commands/dispatch.ts';
import { withoutLiteralMarks } from '../../src/text/literal-text.ts';
import { createRig, digestPiece, makeDigest, type TestRig } from './test-context.ts';

let rig: TestRig;
beforeEach(async () => {
  rig = await createRig();
});
afterEach(async () => {
  await rig.store.close();
});

describe('/digest passed', () => {
  it('lists what the latest digest left out, and why', async () => {
    await rig.store.saveDigest(makeDigest('d1', new Date('2026-11-20T09:00:00Z'), [digestPiece(1), digestPiece(2)], {
      passed: [
        { pieceId: 'x1', title: 'Reader mailbag: long contexts', sourceName: 'Ahead of AI', url: 'https://example.org/x1', reason: { kind: 'belowFloor' } },
        { pieceId: 'x2', title: 'Crosspost of piece one', sourceName: 'LessWrong', url: 'https://example.org/x2', reason: { kind: 'sameStoryAs', position: 1 } },
        { pieceId: 'x3', title: 'A third alignment post', sourceName: 'AI Alignment Forum', url: 'https://example.org/x3', reason: { kind: 'sourceCap', cap: 2 } },
        { pieceId: 'x4', title: 'A good essay', sourceName: 'The Gradient', url: 'https://example.org/x4', reason: { kind: 'noRoom' } },
      ],
    }));
    const reply = await dispatchText('passed', rig.ctx());
    expect(reply.kind).toBe('ok');
    // Feed text is marked literal for the adapters to escape; the words are what matter here.
    reply.text = withoutLiteralMarks(reply.text);
    expect(reply.text).toContain('**Left out of AI Research Digest — d1**');
    expect(reply.text).toContain('1. **Reader mailbag: long contexts** — Ahead of AI: below the quality floor');
    expect(reply.text).toContain('2. **Crosspost of piece one** — LessWrong: same story as piece 1');
    expect(reply.text).toContain('its source already had 2 picks');
    expect(reply.text).toContain('cleared the floor, but the edition was full');
    expect(reply.text).toContain('https://example.org/x4');
  });

  it("says so when nothing was left out, and answers in the edition's language", async () => {
    await rig.store.saveDigest(makeDigest('d2', new Date('2026-11-21T09:00:00Z'), [digestPiece(1)], { passed: [], language: 'fr' }));
    const reply = await dispatchText('passed', rig.ctx());
    expect(reply.text).toContain('Rien n’a été laissé de côté');
  });

  it('without a digest says there is none yet', async () => {
    const reply = await dispatchText('passed', rig.ctx());
    expect(reply.kind).toBe('error');
  });
});
