import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchStructured, dispatchText } from '../../commands/dispatch.ts';
import { CHANNEL_ID, createRig, DEFAULTS, digestPiece, makeDigest, makePiece, snapshot, type TestRig } from './test-context.ts';
import { insertPieces } from '../store/seed-pieces.ts';
import { withoutLiteralMarks } from '../../src/text/literal-text.ts';

let rig: TestRig;

async function seedTwoDigests(r: TestRig): Promise<void> {
  await r.store.saveDigest(makeDigest('d-old', new Date('2026-11-18T09:00:00Z'), [digestPiece(1, { title: 'Old interpretability note' }), digestPiece(2)]));
  await r.store.saveDigest(makeDigest('d-new', new Date('2026-11-20T09:00:00Z'), [
    digestPiece(1, { title: 'Reward hacking in the wild' }),
    digestPiece(2, { summarisedBy: 'offline', summary: { summary: 'Offline summary two.', whyItMatters: null, whatToBuild: null, keyTakeaways: ['o1', 'o2', 'o3'] } }),
    digestPiece(3),
    digestPiece(4),
  ]));
}

beforeEach(async () => {
  rig = await createRig();
});
afterEach(async () => {
  await rig.store.close();
});

describe('member commands through the dispatcher', () => {
  it('no digest yet: a clear private error', async () => {
    for (const text of ['', 'latest', 'takeaways 1', 'link 2']) {
      const reply = await dispatchText(text, rig.ctx());
      expect(reply).toMatchObject({ kind: 'error', visibility: 'ephemeral' });
      expect(reply.text).toContain('no digest in this channel yet');
    }
    expect(rig.calls.isAdmin).toBe(0);
  });

  it('/digest and /digest latest show the header and every piece', async () => {
    await seedTwoDigests(rig);
    for (const text of ['', 'latest']) {
      const reply = await dispatchText(text, rig.ctx());
      expect(reply.kind).toBe('ok');
      expect(reply.text).toContain('AI Research Digest — d-new');
      expect(reply.text).toContain('Reward hacking in the wild');
      expect(reply.text).toContain('https://example.org/p/4');
      expect(reply.text).toContain('summarised offline');
    }
    // A member command never asks whether the user is an admin.
    expect(rig.calls.isAdmin).toBe(0);
  });

  it('takeaways, why, build, summary, piece and link address piece N', async () => {
    await seedTwoDigests(rig);
    const ctx = rig.ctx();
    expect((await dispatchText('takeaways 3', ctx)).text).toMatch(/Key takeaways[\s\S]*• Takeaway 3a\n• Takeaway 3b\n• Takeaway 3c/);
    expect((await dispatchText('why 1', ctx)).text).toContain('Why piece 1 matters.');
    expect((await dispatchText('build 4', ctx)).text).toContain('Build something with piece 4.');
    expect((await dispatchText('summary 3', ctx)).text).toContain('Summary of piece 3 about reward hacking.');
    const whole = (await dispatchText('piece 1', ctx)).text;
    for (const part of ['Summary of piece 1', 'Why it matters', 'What you can build', 'Takeaway 1c', 'https://example.org/p/1']) expect(whole).toContain(part);
    expect((await dispatchText('link 2', ctx)).text).toContain('https://example.org/p/2');
  });

  it('Discord-style structured input gives the same answer as text', async () => {
    await seedTwoDigests(rig);
    const fromText = await dispatchText('takeaways 3', rig.ctx());
    const fromDiscord = await dispatchStructured({ path: ['takeaways'], options: { n: 3 } }, rig.ctx());
    expect(fromDiscord).toEqual(fromText);
  });

  it('N out of range says how many pieces there are', async () => {
    await seedTwoDigests(rig);
    const reply = await dispatchText('takeaways 5', rig.ctx());
    expect(reply).toMatchObject({ kind: 'error', visibility: 'ephemeral' });
    expect(reply.text).toContain('the latest digest has 4 pieces');
    const zero = await dispatchText('takeaways 0', rig.ctx());
    expect(zero.text).toContain('`n` must be a whole number from 1 to 10');
  });

  it('a section missing after offline summarising says so and points at summary/takeaways', async () => {
    await seedTwoDigests(rig);
    for (const text of ['why 2', 'build 2']) {
      const reply = await dispatchText(text, rig.ctx());
      expect(reply.kind).toBe('error');
      expect(reply.text).toContain('summarised offline');
      expect(reply.text).toContain('/digest summary 2');
      expect(reply.text).toContain('/digest takeaways 2');
    }
    expect((await dispatchText('takeaways 2', rig.ctx())).text).toContain('o1');
  });

  it('the digest selector picks previous or a dated digest', async () => {
    await seedTwoDigests(rig);
    expect((await dispatchText('link 1 previous', rig.ctx())).text).toContain('Old interpretability note');
    expect((await dispatchText('link 1 2026-11-18', rig.ctx())).text).toContain('Old interpretability note');
    expect((await dispatchText('link 1 latest', rig.ctx())).text).toContain('Reward hacking in the wild');
    const outOfRange = await dispatchText('link 3 previous', rig.ctx());
    expect(outOfRange.text).toContain('the previous digest has 2 pieces');
    expect((await dispatchText('link 1 2026-11-19', rig.ctx())).text).toContain('no digest from 2026-11-19');
    expect((await dispatchText('link 1 tomorrow', rig.ctx())).text).toContain('latest, previous or a date');
  });

  it('history lists recent digests with dates, newest first, bounded by n', async () => {
    await seedTwoDigests(rig);
    const reply = await dispatchText('history', rig.ctx());
    expect(reply.text).toContain('Recent digests (2)');
    expect(reply.text.indexOf('20 November 2026')).toBeLessThan(reply.text.indexOf('18 November 2026'));
    expect((await dispatchText('history 1', rig.ctx())).text).toContain('Recent digests (1)');
    expect((await dispatchText('history 26', rig.ctx())).kind).toBe('error');
  });

  it('search returns hits with digest date and piece number', async () => {
    await seedTwoDigests(rig);
    const reply = await dispatchText('search interpretability', rig.ctx());
    expect(reply.kind).toBe('ok');
    expect(withoutLiteralMarks(reply.text)).toContain('18 November 2026, piece 1: **Old interpretability note**');
    expect((await dispatchText('search zebras', rig.ctx())).text).toContain('Nothing in this channel');
    expect((await dispatchText('search', rig.ctx())).text).toContain('Missing `words`');
  });

  it('help is generated from the declaration', async () => {
    const reply = await dispatchText('help', rig.ctx());
    expect(reply.text).toContain('/digest ask <n> <question…>');
    expect(reply.text).toContain('/digest schedule set <cron> [timezone]');
  });

  it('a misspelled command suggests the right one and writes nothing', async () => {
    await rig.services.bot.ensureChannel(rig.ctx().channel);
    const before = await snapshot(rig.store);
    const reply = await dispatchText('takaways 2', rig.ctx());
    expect(reply).toMatchObject({ kind: 'error', visibility: 'ephemeral' });
    expect(reply.text).toContain('Did you mean `/digest takeaways`?');
    expect(await snapshot(rig.store)).toBe(before);
  });
});

describe('ask', () => {
  it('answers from the stored text, quoting the passage', async () => {
    await seedTwoDigests(rig);
    await insertPieces(rig.store, makePiece('piece-1', 'The method generalises to held-out tasks.'));
    const reply = await dispatchText('ask 1 does it generalise?', rig.ctx());
    expect(reply.kind).toBe('ok');
    expect(reply.text).toContain('**Q:** does it generalise?');
    expect(reply.text).toContain('**A:** Yes.');
    expect(reply.text).toContain('“it does”');
    expect(rig.calls.askPiece).toEqual([{ title: 'Reward hacking in the wild', sourceName: 'AI Alignment Forum', text: 'The method generalises to held-out tasks.', question: 'does it generalise?', language: 'en' }]);
  });

  it('says plainly when the text does not answer', async () => {
    const r = await createRig({ ask: () => ({ answered: false, answer: '', quote: null }) });
    await seedTwoDigests(r);
    await insertPieces(r.store, makePiece('piece-1', 'Unrelated text.'));
    const reply = await dispatchText('ask 1 "what about cats?"', r.ctx());
    expect(reply.text).toContain('does not answer that');
    await r.store.close();
  });

  it('without an LLM: a clear message naming the settings', async () => {
    const r = await createRig({ ask: null });
    await seedTwoDigests(r);
    const reply = await dispatchText('ask 1 why?', r.ctx());
    expect(reply).toMatchObject({ kind: 'error', visibility: 'ephemeral' });
    expect(reply.text).toContain('LLM_BASE_URL or OPENAI_API_KEY');
    await r.store.close();
  });

  it('missing stored text, out-of-range N and a missing question are specific errors', async () => {
    await seedTwoDigests(rig);
    expect((await dispatchText('ask 1 why?', rig.ctx())).text).toContain('no longer available');
    expect((await dispatchText('ask 9 why?', rig.ctx())).text).toContain('has 4 pieces');
    expect((await dispatchText('ask 1', rig.ctx())).text).toContain('Missing `question`');
    expect(rig.calls.askPiece).toEqual([]);
  });

  it('an unexpected failure in the LLM becomes a short private error, not a rejection', async () => {
    const r = await createRig({ ask: () => {
      throw new Error('socket hang up at 10.0.0.3:443 token=abc');
    } });
    await seedTwoDigests(r);
    await insertPieces(r.store, makePiece('piece-1', 'Some text.'));
    const reply = await dispatchText('ask 1 why?', r.ctx());
    expect(reply).toMatchObject({ kind: 'error', visibility: 'ephemeral' });
    expect(reply.text).toContain('failed unexpectedly');
    expect(reply.text).not.toContain('10.0.0.3');
    await r.store.close();
  });
});

describe('channels', () => {
  it('the channel is created with the defaults on first command', async () => {
    expect(await rig.store.getChannel(CHANNEL_ID)).toBeUndefined();
    await dispatchText('help', rig.ctx());
    expect((await rig.store.getChannel(CHANNEL_ID))?.settings).toEqual(DEFAULTS);
  });
});
