import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchText } from '../../commands/dispatch.ts';
import { createArchiveService } from '../../src/archive/archive-service.ts';
import { withoutLiteralMarks } from '../../src/text/literal-text.ts';
import { CHANNEL_ID, createRig, digestPiece, makeDigest, NOW, type TestRig } from './test-context.ts';

const PUBLIC_URL = 'https://digests.example.org/';
let rig: TestRig;

beforeEach(async () => {
  rig = await createRig();
  rig.services.archive = createArchiveService({ store: rig.store, publicUrl: PUBLIC_URL, now: () => NOW });
});
afterEach(async () => {
  await rig.store.close();
});

const admin = () => rig.ctx({ admin: true });
const tokenOf = async (): Promise<string> => (await rig.store.getArchive(CHANNEL_ID))!.token;

describe('/digest settings archive', () => {
  it('is for admins only', async () => {
    const reply = await dispatchText('settings archive public', rig.ctx());
    expect(reply.kind).toBe('error');
    expect(await rig.store.getArchive(CHANNEL_ID)).toBeUndefined();
  });

  it('shows the private capability link, privately', async () => {
    const reply = await dispatchText('settings archive', admin());
    expect(reply).toMatchObject({ kind: 'ok', visibility: 'ephemeral' });
    const token = await tokenOf();
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(reply.text).toContain('**private**');
    expect(reply.text).toContain(`Address: ${PUBLIC_URL}c/${token}/`);
    expect(reply.text).toContain('rotate');
  });

  it('rotate gives a new private link and the old one stops resolving', async () => {
    await dispatchText('settings archive show', admin());
    const before = await tokenOf();
    const reply = await dispatchText('settings archive rotate', admin());
    const after = await tokenOf();
    expect(after).not.toBe(before);
    expect(reply.text).toContain(`New private link: ${PUBLIC_URL}c/${after}/`);
    expect(reply.text).toContain('old link stopped working');
    expect(await rig.store.findArchiveByKey(before)).toBeUndefined();
    expect((await rig.store.findArchiveByKey(after))?.channelId).toBe(CHANNEL_ID);
  });

  it('unlisted and public move the archive to its stable address; off takes it down', async () => {
    const unlisted = await dispatchText('settings archive unlisted', admin());
    expect(unlisted.text).toContain('is now **unlisted**');
    expect(unlisted.text).toContain(`${PUBLIC_URL}c/slack-T1-C1/`);
    const published = await dispatchText('settings archive PUBLIC', admin());
    expect(published.text).toContain('is now **public**');
    expect(published.text).toContain('home page');
    const off = await dispatchText('settings archive off', admin());
    expect(off.text).toContain('**off**');
    expect((await rig.store.getArchive(CHANNEL_ID))!.visibility).toBe('off');
    expect(await rig.store.findArchiveByKey('slack-T1-C1')).toBeUndefined();
    const rotated = await dispatchText('settings archive rotate', admin());
    expect(rotated.text).toContain('Right now the archive is off');
  });

  it('refuses an unknown action with the choices', async () => {
    const reply = await dispatchText('settings archive secret', admin());
    expect(reply.kind).toBe('error');
    expect(reply.text).toMatch(/private|unlisted|public/);
  });

  it('without web.publicUrl gives the path and says how to get a full link', async () => {
    rig.services.archive = createArchiveService({ store: rig.store, publicUrl: null, now: () => NOW });
    const reply = await dispatchText('settings archive', admin());
    expect(reply.text).toContain(`/c/${await tokenOf()}/ on the archive server`);
    expect(reply.text).toContain('web.publicUrl');
  });
});

describe('/digest link N', () => {
  beforeEach(async () => {
    await rig.store.saveDigest(makeDigest('d-1', new Date('2026-11-20T09:00:00Z'), [digestPiece(1), digestPiece(2)]));
  });

  it("gives the original and the piece's anchor on the edition's page", async () => {
    const reply = await dispatchText('link 2', rig.ctx());
    expect(reply.text).toContain('https://example.org/p/2');
    expect(reply.text).toContain(`In the web archive: ${PUBLIC_URL}c/${await tokenOf()}/2026-11-20/#2`);
  });

  it('gives no archive link when the archive is off or no public URL is set', async () => {
    await dispatchText('settings archive off', admin());
    expect((await dispatchText('link 2', rig.ctx())).text).not.toContain('web archive');
    rig.services.archive = createArchiveService({ store: rig.store, publicUrl: null, now: () => NOW });
    expect(withoutLiteralMarks((await dispatchText('link 1', rig.ctx())).text)).toBe('**1. Piece number 1** — AI Alignment Forum · 5 min read\nhttps://example.org/p/1');
  });
});
