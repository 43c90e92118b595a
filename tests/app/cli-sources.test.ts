import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_FEEDS_DIR } from '../../app/embedded-default.ts';
import { runCli } from './cli-process.ts';

const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('sources from the CLI and the console', () => {
  it('both add a local file (resolved to an absolute path) and list it with where its values come from', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-local-'));
    copyFileSync(path.join(SAMPLE_FEEDS_DIR, 'ahead-of-ml.xml'), path.join(cwd, 'mine.xml'));
    copyFileSync(path.join(SAMPLE_FEEDS_DIR, 'gradient-review.xml'), path.join(cwd, 'other.xml'));
    const cli = await runCli(['sources', 'add', './mine.xml', '--name', 'My notes'], { cwd });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/Added [0-9a-f]{8}: My notes to console:local:terminal \(full text on\)/);
    const console = await runCli(['command', 'sources add other.xml'], { cwd });
    expect(console.code).toBe(0);
    expect(console.stdout).toMatch(/Added `?[0-9a-f]{8}`? The Gradient Review/);
    const list = await runCli(['sources', 'list'], { cwd });
    expect(list.stdout).toContain(path.join(cwd, 'mine.xml'));
    expect(list.stdout).toContain(path.join(cwd, 'other.xml'));
    expect(list.stdout).toMatch(/added by command; weight 1 \(default\), full text on \(default\), name \(chat\)/);
    expect(list.stdout).toMatch(/the built-in defaults: sources\[0\]; weight 1 \(default\), full text off \(file: sources\[0\]\.fullText\)/);
    // A sample feed the built-in defaults give cannot be removed by a command; the answer says how instead.
    const sample = new RegExp(`([0-9a-f]{8}) {2}\\S+ {2}${path.join(SAMPLE_FEEDS_DIR, 'ahead-of-ml.xml')}`).exec(list.stdout)?.[1];
    const refused = await runCli(['sources', 'remove', sample ?? 'missing'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Not removed: `sources[0]` in the built-in defaults gives this channel');
  }, 60_000);

  it('a file that is not there is refused with the cause, and nothing is saved', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-local-'));
    const run = await runCli(['sources', 'add', './missing.xml'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot read feed file ${path.join(cwd, 'missing.xml')}: ENOENT`);
    expect((await runCli(['sources', 'list'], { cwd })).stdout).not.toContain('missing.xml');
  }, 60_000);
});

describe('sources import --dry-run', () => {
  it('lists what would be added, skipped or refused and changes nothing; the real import then does it', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-opml-'));
    copyFileSync(path.join(SAMPLE_FEEDS_DIR, 'ahead-of-ml.xml'), path.join(cwd, 'mine.xml'));
    const opml = `<opml version="2.0"><body><outline text="Mine" xmlUrl="./mine.xml"/><outline text="Sample" xmlUrl="${path.join(SAMPLE_FEEDS_DIR, 'gradient-review.xml')}"/><outline text="Bad" xmlUrl="htp://x"/></body></opml>`;
    writeFileSync(path.join(cwd, 'feeds.opml'), opml);
    const dry = await runCli(['sources', 'import', 'feeds.opml', '--dry-run'], { cwd });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/1\. would add "Mine" .*mine\.xml/);
    expect(dry.stderr).toMatch(/2\. would skip "Sample"/);
    expect(dry.stderr).toMatch(/3\. would refuse "Bad" htp:\/\/x/);
    expect(dry.stdout).toContain('Dry run: 1 would be added (each is fetched once when imported), 1 skipped, 1 refused. Nothing was changed.');
    expect((await runCli(['sources', 'list'], { cwd })).stdout).not.toContain('mine.xml');
    const real = await runCli(['sources', 'import', 'feeds.opml'], { cwd });
    expect(real.stdout).toContain('1 added, 1 skipped, 1 refused.');
    expect((await runCli(['sources', 'list'], { cwd })).stdout).toContain(path.join(cwd, 'mine.xml'));
  }, 90_000);
});

describe('ingest and preview when no source can be read', () => {
  const unreadable = (): string => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-unreadable-'));
    writeFileSync(path.join(cwd, 'page.html'), '<!doctype html><html><body><p>Not a feed</p></body></html>');
    writeFileSync(path.join(cwd, 'empty.xml'), '');
    writeFileSync(path.join(cwd, 'digest.config.yaml'), JSON.stringify({ sources: [{ url: './nowhere.xml' }, { url: './page.html' }, { url: './empty.xml' }] }));
    return cwd;
  };

  it('ingest exits 1 and names each cause once', async () => {
    const run = await runCli(['ingest'], { cwd: unreadable() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no source could be read (3 failed)');
    const all = run.stdout + run.stderr;
    for (const name of ['nowhere', 'page.html', 'empty']) expect(count(all, `✗ ${name}`), name).toBe(1);
    expect(all).not.toMatch(/source fetch failed/);
  }, 60_000);

  it('preview exits 1 with every cause once, instead of "nothing new"', async () => {
    const run = await runCli(['preview'], { cwd: unreadable() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no source could be read (3 tried)');
    expect(run.stderr).toContain('ENOENT');
    expect(count(run.stderr, 'nowhere.xml: ENOENT')).toBe(1);
    // Each cause names its source once, not "nowhere: nowhere: …".
    expect(run.stderr).toMatch(/^ {2}nowhere: cannot read feed file /m);
    expect(run.stdout + run.stderr).not.toContain('Nothing new');
    expect(run.stderr).not.toMatch(/source fetch failed|warning:/);
  }, 60_000);
});

describe('run --all', () => {
  it('re-shows the latest pieces without storing a second copy of the digest', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-all-'));
    expect((await runCli(['run'], { cwd })).code).toBe(0);
    const all = await runCli(['run', '--all'], { cwd });
    expect(all.code).toBe(0);
    expect(all.stdout.replace(/\s+/g, ' ')).toContain('only the ones worth your time.');
    const history = await runCli(['command', 'history'], { cwd });
    expect(history.code).toBe(0);
    expect(history.stdout.split('\n').filter((l) => /^\s*•/.test(l))).toHaveLength(1);
  }, 60_000);
});
