import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.ts';

const EMPTY_RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet Lab</title><link>https://lab.example/</link><description>d</description></channel></rss>';
const ONE_ITEM = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Busy Lab</title><link>https://busy.example/</link><description>d</description>
<item><title>${title}</title><link>https://busy.example/1</link><guid>1</guid><pubDate>${new Date().toUTCString()}</pubDate><description>${'A finding about reward models. '.repeat(30)}</description></item></channel></rss>`;

// In the console the terminal is the alert channel: a one-shot `digest run` prints each change of an alert's state
// once, on stderr (the digest keeps stdout), and the stored state keeps the next run from repeating it.
describe('admin alerts in the console', () => {
  it('prints a feed that parses to zero items once, on stderr, and not again on the next run', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-console-alerts-'));
    writeFileSync(path.join(cwd, 'empty.xml'), EMPTY_RSS);
    writeFileSync(path.join(cwd, 'busy.xml'), ONE_ITEM('Reward models under pressure'));
    writeFileSync(path.join(cwd, 'digest.config.yaml'), JSON.stringify({ sources: [{ url: './empty.xml', name: 'Quiet Lab' }, { url: './busy.xml', name: 'Busy Lab' }] }));

    const first = await runCli(['run'], { cwd });
    expect(first.code).toBe(0);
    const alerts = first.stderr.split('\n').filter((l) => l.startsWith('Alert: '));
    expect(alerts).toEqual([expect.stringMatching(/^Alert: Source "Quiet Lab" \(\w+\) answered, but its feed has no items: it may have moved/) as unknown]);
    // The console has no alert channel to choose, so no reminder to set one; and nothing of it reaches stdout.
    expect(first.stderr).not.toContain('/digest settings alerts');
    expect(first.stdout).not.toContain('Alert: ');
    expect(first.stdout).toContain('AI Research Digest');

    const second = await runCli(['run'], { cwd });
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('Alert: ');
  });
});
