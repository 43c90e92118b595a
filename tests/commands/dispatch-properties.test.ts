import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchStructured, dispatchText } from '../../commands/dispatch.ts';
import { CHANNEL, createRig, digestPiece, makeDigest, snapshot, type TestRig } from './test-context.ts';

let rig: TestRig;

beforeAll(async () => {
  rig = await createRig({
    // Probing fails for some URLs so that `sources add` is rejected after validation too.
    probe: (url) => (url.includes('bad') ? { ok: false, error: 'HTTP 404' } : { ok: true, title: 'Feed', itemCount: 1 }),
  });
  await rig.services.bot.ensureChannel(CHANNEL);
  await rig.store.saveDigest(
    makeDigest('d1', new Date('2026-11-20T09:00:00Z'), [digestPiece(1), digestPiece(2, { summarisedBy: 'offline', summary: { summary: 's', whyItMatters: null, whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] } })]),
  );
});
afterAll(async () => {
  await rig.store.close();
});

const words = ['latest', 'takeaways', 'why', 'build', 'summary', 'piece', 'link', 'ask', 'search', 'history', 'help', 'post', 'sources', 'schedule', 'settings', 'list', 'add', 'remove', 'pause', 'resume', 'show', 'set', 'pieces',
  'interests', 'language'];
const args = fc.oneof(
  fc.integer({ min: -3, max: 30 }).map(String),
  fc.constantFrom('previous', 'latest', '2026-11-20', '2026-13-45', 'https://example.org/feed', 'https://bad.example/x', 'htp://x', '/etc/passwd', '0 9 * * 1-5', '"0 9 * *"', '61 * * * *', 'Europe/London', 'Nowhere/City', 'en', 'xx_!!',
    '"quoted words"', '“curly”', "'", '"'),
  fc.string({ maxLength: 20 }),
);
const commandText = fc.tuple(fc.constantFrom(...words), fc.option(fc.constantFrom(...words), { nil: undefined }), fc.array(args, { maxLength: 7 }))
  .map(([a, b, rest]) => [a, b, ...rest].filter((x) => x !== undefined).join(' '));

describe('dispatcher properties', () => {
  it('any text gets a well-formed reply, never a rejection; a rejected command writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(commandText, fc.string({ maxLength: 120 })), fc.boolean(), async (text, admin) => {
        const before = await snapshot(rig.store);
        const reply = await dispatchText(text, rig.ctx({ admin }));
        expect(['ok', 'error']).toContain(reply.kind);
        expect(['ephemeral', 'in_channel']).toContain(reply.visibility);
        expect(reply.text.length).toBeGreaterThan(0);
        if (reply.kind === 'error') {
          expect(reply.visibility).toBe('ephemeral');
          expect(await snapshot(rig.store)).toBe(before);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('random structured (Discord) input never rejects; errors write nothing', async () => {
    const path = fc.oneof(fc.tuple(fc.constantFrom(...words)).map((p) => [...p]), fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)).map((p) => [...p]), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }));
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean());
    const options = fc.dictionary(fc.constantFrom('n', 'digest', 'question', 'words', 'url', 'name', 'id', 'cron', 'timezone', 'count', 'topics', 'code', 'x'), value, { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(path, options, fc.boolean(), async (p, o, admin) => {
        const before = await snapshot(rig.store);
        const reply = await dispatchStructured({ path: p, options: o }, rig.ctx({ admin }));
        expect(reply.text.length).toBeGreaterThan(0);
        if (reply.kind === 'error') expect(await snapshot(rig.store)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('a non-admin never changes anything, whatever they type', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, async (text) => {
        const before = await snapshot(rig.store);
        await dispatchText(text, rig.ctx({ admin: false }));
        expect(await snapshot(rig.store)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
