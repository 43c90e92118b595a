import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArchiveServer } from '../../../adapters/web/archive-server.ts';
import { buildStaticSite, fileOfPath, MANIFEST_NAME } from '../../../adapters/web/build-site.ts';
import { DigestError } from '../../../src/errors.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { digestAt, fullPiece } from './archive-fixture.ts';
import { createSiteRig, type SiteRig } from './site-harness.ts';

let rig: SiteRig;
let dir: string;
beforeEach(async () => {
  rig = await createSiteRig({ publicUrl: 'https://digests.example.org/' });
  dir = mkdtempSync(path.join(tmpdir(), 'digest-site-'));
});
afterEach(async () => {
  await rig.close();
  rmSync(dir, { recursive: true, force: true });
});

const manifest = (): Record<string, string> => (JSON.parse(readFileSync(path.join(dir, MANIFEST_NAME), 'utf8')) as { files: Record<string, string> }).files;
const OLD = new Date('2020-01-01T00:00:00Z');

describe('digest site build', () => {
  it('writes every page the server serves, at the same URL, with the same bytes', async () => {
    const report = await buildStaticSite(rig.site, dir);
    const files = Object.keys(manifest());
    expect(report).toMatchObject({ written: files.length, unchanged: 0, removed: 0, files: files.length });
    const { token, publicSlug } = rig.seeded;
    for (const expected of [
      'index.html',
      '404.html',
      `c/${token}/index.html`,
      `c/${token}/page/2/index.html`,
      `c/${token}/2026-03-02/index.html`,
      `c/${token}/2026-03-24-2/index.html`,
      `c/${token}/search/index.html`,
      `c/${token}/feed.xml`,
      `c/${publicSlug}/index.html`,
    ]) expect(files, expected).toContain(expected);
    // Nothing of the archive that is off, and no private archive under its public slug.
    const off = (await rig.store.getArchive(rig.seeded.offChannelId))!;
    const privateSlug = (await rig.store.getArchive(rig.seeded.privateChannelId))!.slug;
    expect(files.filter((f) => f.includes(off.token) || f.includes(off.slug) || f.includes(`c/${privateSlug}/`))).toEqual([]);
    // Home, 404, two assets; the private channel's two index pages, 24 editions, search, feed; the public one's.
    expect(files).toHaveLength(4 + (2 + 24 + 2) + (1 + 3 + 2));

    const server = await startArchiveServer({ site: rig.site, port: 0, host: '127.0.0.1', logger: createLogger({ level: 'silent' }) });
    try {
      for (const file of files) {
        const urlPath = file === '404.html' ? '/no/such/page/' : `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
        const response = await fetch(`http://127.0.0.1:${server.port}${urlPath}`);
        expect(response.status, file).toBe(file === '404.html' ? 404 : 200);
        expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(path.join(dir, file))), file).toBe(true);
      }
    } finally {
      await server.close();
    }
  });

  it('is incremental: an unchanged page is not rewritten, a new edition writes only what it changes', async () => {
    await buildStaticSite(rig.site, dir);
    const { token, privateChannelId } = rig.seeded;
    const oldEdition = path.join(dir, `c/${token}/2026-03-02/index.html`);
    utimesSync(oldEdition, OLD, OLD);
    const again = await buildStaticSite(rig.site, dir);
    expect(again).toMatchObject({ written: 0, removed: 0 });
    expect(again.unchanged).toBe(again.files);

    await rig.store.saveDigest(digestAt('private-new', privateChannelId, new Date('2026-03-26T09:00:00Z'), [fullPiece(1, 30)]));
    const after = await buildStaticSite(rig.site, dir);
    // The new edition, both index pages (everything shifts by one), the feed, and the public home is untouched.
    expect(after).toMatchObject({ written: 4, removed: 0 });
    expect(existsSync(path.join(dir, `c/${token}/2026-03-26/index.html`))).toBe(true);
    expect(statSync(oldEdition).mtime.getTime()).toBe(OLD.getTime());
  });

  it('removes the pages of a rotated token and of an archive turned off', async () => {
    await buildStaticSite(rig.site, dir);
    const { token, privateChannelId, publicChannelId, publicSlug } = rig.seeded;
    await rig.store.rotateArchiveToken(privateChannelId, 'fresh-token-fresh-token1', new Date());
    await rig.store.setArchiveVisibility(publicChannelId, 'off', new Date());
    const report = await buildStaticSite(rig.site, dir);
    expect(existsSync(path.join(dir, 'c', token))).toBe(false);
    expect(existsSync(path.join(dir, 'c', publicSlug))).toBe(false);
    expect(existsSync(path.join(dir, 'c/fresh-token-fresh-token1/2026-03-02/index.html'))).toBe(true);
    expect(report.removed).toBe((2 + 24 + 2) + (1 + 3 + 2));
    expect(Object.keys(manifest()).some((f) => f.includes(token))).toBe(false);
  });

  it('refuses a non-empty directory it did not build, and touches nothing in it', async () => {
    writeFileSync(path.join(dir, 'index.html'), 'my own page');
    const error = await buildStaticSite(rig.site, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestError);
    expect((error as DigestError).message).toContain('not empty');
    expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toBe('my own page');
  });

  it('maps directory paths to index.html', () => {
    expect(fileOfPath('')).toBe('index.html');
    expect(fileOfPath('c/k/')).toBe('c/k/index.html');
    expect(fileOfPath('c/k/feed.xml')).toBe('c/k/feed.xml');
  });
});
