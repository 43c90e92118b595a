import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../app/cli-process.ts';

/** The console wraps to the terminal width; compare text with line breaks collapsed. */
const flat = (run: CliRun): string => run.stdout.replace(/\s+/g, ' ');

// The README's first command, end to end: bundled sample feeds, SQLite in ./data, offline
// summariser, console adapter; then the follow-ups a new user tries next.
describe('the embedded default run', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'digest-embedded-'));

  it('prints one digest in the product format, stores it, and says how to connect a platform', async () => {
    const run = await runCli(['run'], { cwd });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(cwd, 'data', 'digest.db'))).toBe(true);
    expect(run.stdout).toMatch(/AI Research Digest — \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(flat(run)).toMatch(/\d+ pieces? selected from .+ — only the ones worth your time\./);
    expect(run.stdout).toMatch(/^1\. /m);
    expect(run.stdout).toContain('Key takeaways');
    expect(flat(run)).toContain('Summarised offline');
    // The offline summariser never invents these sections.
    expect(run.stdout).toMatch(/^Key takeaways$/m);
    expect(run.stdout).not.toMatch(/^Why it matters$/m);
    expect(run.stdout).toContain('set DISCORD_TOKEN');
  });

  it('answers a follow-up about piece 2 from the stored digest', async () => {
    const run = await runCli(['command', 'takeaways 2'], { cwd });
    expect(run.code).toBe(0);
    const bullets = run.stdout.split('\n').filter((l) => l.trim().startsWith('•')).length;
    expect(bullets).toBeGreaterThan(0);
    expect(bullets).toBeLessThanOrEqual(3);
    // Fewer than three genuine takeaways are shown as fewer, and the reply says so.
    if (bullets < 3) expect(flat(run)).toContain('genuine takeaway');
  });

  it('says there is nothing new on a second run, and re-shows with --all', async () => {
    const again = await runCli(['run'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing new since the last digest');
    const all = await runCli(['run', '--all'], { cwd });
    expect(all.code).toBe(0);
    expect(flat(all)).toContain('only the ones worth your time.');
  });

  it('previews the same kind of digest as JSON without saving it', async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'digest-preview-'));
    const run = await runCli(['preview', '--json'], { cwd: fresh });
    expect(run.code).toBe(0);
    const digest = JSON.parse(run.stdout) as { headerLine: string; pieces: Array<{ position: number; summary: { keyTakeaways: string[] } }> };
    expect(digest.headerLine).toMatch(/only the ones worth your time\.$/);
    expect(digest.pieces.map((p) => p.position)).toEqual(digest.pieces.map((_, i) => i + 1));
    for (const piece of digest.pieces) expect(piece.summary.keyTakeaways.length).toBeLessThanOrEqual(3);
    // Nothing was delivered, so a real run afterwards still has the pieces.
    const run2 = await runCli(['run'], { cwd: fresh });
    expect(flat(run2)).toContain('only the ones worth your time.');
  });

  it('does not lead with the undated mailbag, and says why each piece was picked', async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'digest-undated-'));
    const run = await runCli(['preview', '--json'], { cwd: fresh });
    const digest = JSON.parse(run.stdout) as { pieces: Array<{ title: string; reason: string }>; passed: Array<{ title: string; reason: { kind: string } }> };
    expect(digest.pieces[0]!.title).not.toMatch(/mailbag/i);
    for (const piece of digest.pieces) expect(piece.reason).toMatch(/full text \d+ min|excerpt only/);
    expect(digest.passed.length).toBeGreaterThan(0);
  });

  it('names a --source file by its feed title in the header line, not by its path', async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'digest-source-'));
    const feed = path.resolve(import.meta.dirname, '..', '..', 'examples', 'feeds', 'gradient-review.xml');
    const run = await runCli(['preview', '--source', feed, '--json'], { cwd: fresh });
    expect(run.code).toBe(0);
    const digest = JSON.parse(run.stdout) as { headerLine: string; pieces: Array<{ sourceName: string }> };
    expect(digest.headerLine).toContain('from The Gradient Review —');
    expect(digest.headerLine).not.toContain('.xml');
    for (const piece of digest.pieces) expect(piece.sourceName).toBe('The Gradient Review');
  });
});
